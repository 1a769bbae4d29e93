"""A manifest as data: its machines, guides and steps.

The Python view of the order a reader follows (every consumer goes through it,
never through the flat ``Guide.steps``, to know what comes after what):

- ``Guide.outline()`` -> ``Item``s, one per number of the guide's overview: a
  plain step (``item.branches == ()``) or a choice (``item.branches``, each a
  ``Branch`` with its ``letter``, ``condition`` (``if:``), ``when`` and ``steps``,
  run in order);
- ``Guide.number(step)`` (``"7"``, ``"7A"``, ``"7B.2"``), ``Guide.secnumber(step)``;
- ``Guide.next_index`` / ``Guide.previous_index``: the reader's next and previous
  step, never a sibling branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmdlint.model import ReleasePhase
from guidekit.model import naming
from guidekit.model.manifest.terms import (
    DEFAULT_KINDS,
    Conditions,
    ConditionValue,
    GuideKind,
    Phase,
)


@dataclass(frozen=True)
class Machine:
    """A machine that command blocks run on: the caption above each block and the
    prompt its command lines start with."""

    name: str
    caption: str
    prompt: str
    line: int = 0


@dataclass(frozen=True)
class Part:
    """A procedure that a step includes as a section, listed under it in a checklist."""

    procedure: str
    when: Conditions
    line: int = 0


@dataclass(frozen=True)
class Step:
    """One procedure run by a guide, with its parameters.

    ``when`` and ``parts`` only matter to checklists: a guide shows every step.
    A step of a group of alternatives has ``group`` (the index of the group's first
    step in ``Guide.steps``), ``branch`` (0 for the first alternative, 1 for the
    second...) and ``condition`` (the reader's case, its branch's ``if:``); its
    ``when`` includes its branch's.
    """

    procedure: str
    params: dict[str, Any]
    slug: str
    optional: bool = False
    line: int = 0
    when: Conditions = field(default_factory=dict)
    parts: tuple[Part, ...] = ()
    phase: Phase | None = None
    group: int | None = None
    condition: str = ""
    branch: int | None = None


@dataclass(frozen=True)
class Branch:
    """One alternative of a choice: the reader's case (``if:``), when a checklist
    picks it (``when:``), and its steps, which the reader runs in order."""

    letter: str
    condition: str
    when: Conditions
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Item:
    """One numbered step of a guide as the reader follows it: a plain step
    (``steps`` holds it, no ``branches``) or a choice between ``branches``
    (``steps`` holds all their steps, in page order)."""

    number: int
    steps: tuple[Step, ...]
    branches: tuple[Branch, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.branches)


def branch_letter(branch: int) -> str:
    """The letter of an alternative: 0 -> ``A``, 1 -> ``B``..."""
    return chr(ord("A") + branch)


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    topology: str
    from_version: str
    to_version: str
    kind: str
    steps: tuple[Step, ...]
    intro: tuple[Step, ...] = ()
    line: int = 0

    @property
    def facets(self) -> dict[str, str]:
        return {"topology": self.topology, "from": self.from_version, "to": self.to_version}

    @property
    def docname(self) -> str:
        return naming.guide_docname(self.id)

    def step_docname(self, step: Step) -> str:
        return naming.step_docname(self.id, step.slug)

    def step_label(self, step: Step) -> str:
        return naming.step_label(self.id, step.slug)

    def step_index(self, slug: str) -> int:
        for index, step in enumerate(self.steps):
            if step.slug == slug:
                return index
        raise KeyError(slug)

    def outline(self) -> tuple[Item, ...]:
        """The steps as the reader follows them: one Item per number of the overview,
        a group of alternatives as one Item with its branches."""
        items: list[Item] = []
        index = 0
        while index < len(self.steps):
            step = self.steps[index]
            if step.group is None:
                items.append(Item(len(items) + 1, (step,)))
                index += 1
                continue
            group = [s for s in self.steps[index:] if s.group == step.group]
            branches = []
            for number in dict.fromkeys(s.branch or 0 for s in group):
                steps = tuple(s for s in group if (s.branch or 0) == number)
                branches.append(
                    Branch(
                        branch_letter(number), steps[0].condition, self._branch_when(steps), steps
                    )
                )
            items.append(Item(len(items) + 1, tuple(group), tuple(branches)))
            index += len(group)
        return tuple(items)

    @staticmethod
    def _branch_when(steps: tuple[Step, ...]) -> Conditions:
        """The conditions every step of a branch has: the branch's ``when:``."""
        return {
            name: values
            for name, values in steps[0].when.items()
            if all(s.when.get(name) == values for s in steps)
        }

    def item_of(self, step: Step) -> Item:
        """The Item (plain step or choice) that ``step`` belongs to."""
        return next(item for item in self.outline() if any(s is step for s in item.steps))

    def branch_of(self, step: Step) -> Branch | None:
        """The branch of a choice that ``step`` belongs to (None for a plain step)."""
        item = self.item_of(step)
        return next((b for b in item.branches if any(s is step for s in b.steps)), None)

    def secnumber(self, step: Step) -> tuple[int | str, ...]:
        """The section number of a step's page: ``(7,)``, ``("7A",)`` for a branch
        of one step, ``("7B", 2)`` for the second step of a branch of several (the
        letter says "one of", a dot "part of")."""
        item = self.item_of(step)
        branch = self.branch_of(step)
        if branch is None:
            return (item.number,)
        head = f"{item.number}{branch.letter}"
        if len(branch.steps) == 1:
            return (head,)
        return (head, 1 + next(i for i, s in enumerate(branch.steps) if s is step))

    def number(self, step: Step) -> str:
        """The number a reader sees for a step: ``7``, ``7A``, ``7B.2``."""
        return ".".join(str(part) for part in self.secnumber(step))

    def next_index(self, index: int) -> int | None:
        """The step after ``index``: the next step of its branch, else the first step
        after its group, never a sibling branch."""
        step = self.steps[index]
        branch = self.branch_of(step)
        if branch is not None and step is not branch.steps[-1]:
            return index + 1
        item = self.item_of(step)
        after = self.steps.index(item.steps[-1]) + 1
        return after if after < len(self.steps) else None

    def previous_index(self, index: int) -> int | None:
        """The step before ``index`` as a reader goes back: the previous step of its
        branch; before a branch, the step before the choice; after a choice, its
        first page (which lists every branch)."""
        step = self.steps[index]
        branch = self.branch_of(step)
        if branch is not None and step is not branch.steps[0]:
            return index - 1
        item = self.item_of(step)
        before = self.steps.index(item.steps[0]) - 1
        if before < 0:
            return None
        previous = self.item_of(self.steps[before])
        return self.steps.index(previous.steps[0] if previous.is_choice else self.steps[before])

    def phase(self, step: Step) -> ReleasePhase | None:
        """FROM before the guide's upgrade steps (on the old release), TO after
        them, None on them or in a guide without one. The other branches of a
        step's own choice do not count: the reader does not run them."""
        here = self.steps.index(step)
        marked = [
            i
            for i, s in enumerate(self.steps)
            if s.phase == Phase.UPGRADE
            and not (s.group is not None and s.group == step.group and s.branch != step.branch)
        ]
        if not marked or here in marked or marked[0] < here < marked[-1]:
            return None
        return ReleasePhase.FROM if here < marked[0] else ReleasePhase.TO


@dataclass(frozen=True)
class Manifest:
    guides: tuple[Guide, ...]
    topologies: dict[str, str]
    path: str
    by_id: dict[str, Guide] = field(default_factory=dict)
    #: What a reader can say about an environment (the upgrade helper's choices),
    #: and so what a ``when:`` may test: ``topology`` plus the manifest's ``conditions``.
    conditions: Conditions = field(default_factory=dict)
    meanings: dict[str, str] = field(default_factory=dict)
    #: condition -> {None: its label, value: the value's label} (``label``, ``labels``).
    labels: dict[str, dict[ConditionValue | None, str]] = field(default_factory=dict)
    #: The product's name, as the front pages, title pages and checklists say it.
    product: str = ""
    #: The machines of ``{command}`` blocks, by name.
    machines: dict[str, Machine] = field(default_factory=dict)
    #: What a step can take away -> what stops working meanwhile (``downtime:``).
    downtime: dict[str, str] = field(default_factory=dict)
    #: The kinds of guides, by name (``kinds:``, else DEFAULT_KINDS).
    kinds: dict[str, GuideKind] = field(default_factory=lambda: dict(DEFAULT_KINDS))

    @property
    def topology_ids(self) -> tuple[str, ...]:
        """The topologies the manifest declares (the values of ``topology``)."""
        return tuple(str(t) for t in self.conditions.get("topology", ()))

    def kind(self, guide: Guide) -> GuideKind:
        """What the engine does with ``guide`` (its kind is checked at parse time)."""
        return self.kinds[guide.kind]

    def path_guides(self) -> list[Guide]:
        """The guides of kinds that make up paths (``path: true``), in manifest order."""
        return [g for g in self.guides if self.kind(g).path]

    def guide(self, guide_id: str) -> Guide | None:
        return self.by_id.get(guide_id)

    def page(self, docname: str) -> tuple[Guide, Step | None] | None:
        """The guide, and the step (None for the front page), of a generated page:
        the inverse of ``Guide.docname`` and ``Guide.step_docname``."""
        parsed = naming.parse_docname(docname)
        guide = self.by_id.get(parsed[0]) if parsed else None
        if guide is None or parsed is None:
            return None
        slug = parsed[1]
        if slug is None:
            return guide, None
        step = next((s for s in guide.steps if s.slug == slug), None)
        return (guide, step) if step is not None else None

    def following(self, guide: Guide) -> Guide | None:
        """The guide a reader continues with after ``guide`` (4.2->4.3, then
        4.3->4.4 of the same topology), if there is one."""
        if not self.kind(guide).continues:
            return None
        return next(
            (
                g
                for g in self.guides
                if g.kind == guide.kind
                and g.topology == guide.topology
                and g.from_version == guide.to_version
            ),
            None,
        )

    def flags(self) -> tuple[str, ...]:
        """The yes/no conditions (``--gluster``, ...), in the manifest's order."""
        return tuple(n for n, v in self.conditions.items() if set(v) == {True, False})

    def facets(self) -> tuple[str, ...]:
        """The conditions a reader picks one value of (``--host-type rhel``), besides
        the topology, in the manifest's order."""
        return tuple(
            n for n, v in self.conditions.items() if n != "topology" and set(v) != {True, False}
        )

    def label(self, condition: str, value: ConditionValue | None = None) -> str:
        """The manifest's words for a condition, or for one of its values (untranslated)."""
        if condition == "topology":
            return self.topologies.get(str(value), str(value)) if value is not None else condition
        labels = self.labels.get(condition, {})
        if value is None:
            return labels.get(None) or condition
        return labels.get(value) or str(value)
