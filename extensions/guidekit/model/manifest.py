"""The guide manifest (source/guides.yaml): which guides exist, in which order
they run which procedures, and the checks that tie it to the procedure library
and the version matrix.

A step is a procedure id, or ``{id: options}`` where the options are about the
step (``slug``, ``optional``, ``when``, ``parts``, ``phase``) and the
procedure's parameters go under ``with:``. A step can also be ``one-of:``, a
choice between alternatives (branches): each names, under ``if:``, the case a
reader picks it in, and is one step or, under ``steps:``, several in order.

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
from enum import StrEnum
from pathlib import Path
from typing import Any

from cmdlint.model import ReleasePhase
from guidekit.model import naming
from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.matrix import VERSION, VersionMatrix
from guidekit.model.procedures import FRONT_MATTER_SCHEMA, ID_PATTERN, Library, bind_params
from guidekit.model.templating import template_globals
from guidekit.model.yamldata import item_line, line_of, parse_yaml, validate

#: The key of a group of alternatives; no procedure can have this id.
ONE_OF = "one-of"
#: The key of a branch's steps in a group of alternatives; no procedure has this id.
STEPS = "steps"


class Phase(StrEnum):
    """A step's ``phase:`` in the manifest.

    ``phase: upgrade`` marks the steps that move the environment between releases:
    steps before the first run on the old release, steps after the last on the new.
    """

    UPGRADE = "upgrade"


PHASES = tuple(phase.value for phase in Phase)

#: The topology of a guide for every topology the manifest declares (the
#: manifest gives it a label like any other, e.g. ``any: All environments``).
ANY_TOPOLOGY = "any"

#: The prompts a command block's lines start with: a root shell, a user's shell
#: (where commands that need root say ``sudo``).
PROMPTS = ("#", "$")

#: facet -> allowed values, from a ``when:`` mapping.
Conditions = dict[str, tuple[Any, ...]]

#: The engine's sentences a guide's front page can start with (translated by the
#: engine's catalog): a move between releases, a minor update, a supplement.
SENTENCES = ("upgrade", "update", "supplement")
#: What ``default:`` of a kind matches: guides whose ``from`` and ``to`` differ, or
#: are the same release.
DEFAULTS = ("new-release", "same-release")


@dataclass(frozen=True)
class GuideKind:
    """What the engine does with the guides of one kind (``kinds:`` in the manifest)."""

    name: str
    #: Its guides make up the paths the helper and checklist offer, and the landing
    #: page lists them first; guides of other kinds come after them.
    path: bool = False
    #: A reader goes on from such a guide to the guide of the same kind and topology
    #: that starts from the release it leads to.
    continues: bool = False
    #: The sentence its guides' front pages start with (one of SENTENCES).
    sentence: str = "supplement"
    #: The guides without ``kind:`` it is given to (one of DEFAULTS), if any.
    default: str | None = None


#: The kinds of a manifest that declares none (the same as writing them out).
DEFAULT_KINDS: dict[str, GuideKind] = {
    "upgrade": GuideKind("upgrade", True, True, "upgrade", "new-release"),
    "update": GuideKind("update", True, False, "update", "same-release"),
    "appendix": GuideKind("appendix"),
}

_CONDITION_VALUE = {"type": ["string", "boolean"]}
# One value or a list of them (if/then rather than anyOf: errors name the value).
_CONDITION = {
    "if": {"type": "array"},
    "then": {"minItems": 1, "items": _CONDITION_VALUE},
    "else": _CONDITION_VALUE,
}


def when_schema(vocabulary: Conditions | None = None) -> dict[str, Any]:
    """The schema of a ``when:`` mapping; with a vocabulary, its names and values."""
    if vocabulary is None:
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _CONDITION,
        }
    properties = {}
    for name, values in vocabulary.items():
        one = (
            {"type": "boolean"}
            if all(isinstance(v, bool) for v in values)
            else {"enum": list(values)}
        )
        properties[name] = (
            one
            if one.get("type") == "boolean"
            else {"if": {"type": "array"}, "then": {"minItems": 1, "items": one}, "else": one}
        )
    return {"type": "object", "additionalProperties": False, "properties": properties}


def kinds_schema() -> dict[str, Any]:
    """The schema of ``kinds:``: kind name -> what the engine does with its guides."""
    return {
        "type": "object",
        "minProperties": 1,
        "description": "the kinds of guides and what the engine does with each "
        f"(without it: {', '.join(DEFAULT_KINDS)})",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "path": {
                    "type": "boolean",
                    "description": "its guides make up the paths of the helper and "
                    "checklist and come first on the landing page",
                },
                "continues": {
                    "type": "boolean",
                    "description": "a reader goes on to the guide of this kind and "
                    "topology that starts where this one ends",
                },
                "sentence": {
                    "enum": list(SENTENCES),
                    "description": "the sentence its front pages start with",
                },
                "default": {
                    "enum": list(DEFAULTS),
                    "description": "the guides without 'kind:' that get this kind",
                },
            },
        },
    }


def manifest_schema(
    vocabulary: Conditions | None = None, kinds: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The manifest's JSON Schema (exported for editors in procedures/schemas/);
    with a manifest's vocabulary and kinds, only those."""
    when = when_schema(vocabulary)
    kind: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
    if kinds is not None:
        kind = {"enum": list(kinds)}
    topology: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
    if vocabulary is not None:
        topology = {"enum": [*vocabulary.get("topology", ()), ANY_TOPOLOGY]}
    options: dict[str, Any] = {
        "with": {"type": ["object", "null"], "description": "parameters of the procedure"},
        "optional": {"type": "boolean"},
        "slug": {"type": "string", "pattern": ID_PATTERN},
        "when": {**when, "minProperties": 1},
        "phase": {"enum": list(PHASES)},
        "parts": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {**when, "type": ["object", "null"]},
        },
    }
    step_options = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": options,
    }
    # Keyword checks apply only to their own type, so one schema covers both forms
    # of a step (a procedure id, or {id: options}) and errors point at the bad key.
    step: dict[str, Any] = {
        "type": ["string", "object"],
        "pattern": ID_PATTERN,
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"pattern": ID_PATTERN, "not": {"enum": [ONE_OF, STEPS]}},
        "additionalProperties": step_options,
    }
    case = {"type": "string", "minLength": 1}
    alternative = {
        **step,
        "type": "object",
        "additionalProperties": {
            **step_options,
            "type": "object",
            "required": ["if"],
            "properties": {**options, "if": case},
        },
    }
    # A branch of several steps: {if: ..., when: ..., steps: [...]}.
    branch = {
        "type": "object",
        "required": ["if", STEPS],
        "additionalProperties": False,
        "properties": {
            "if": case,
            "when": {**when, "minProperties": 1},
            STEPS: {"type": "array", "minItems": 1, "items": step},
        },
    }
    any_alternative = {
        "if": {"type": "object", "required": [STEPS]},
        "then": branch,
        "else": alternative,
    }
    group = {
        "type": "object",
        "required": [ONE_OF],
        "additionalProperties": False,
        "properties": {ONE_OF: {"type": "array", "minItems": 2, "items": any_alternative}},
    }
    any_step = {"if": {"type": "object", "required": [ONE_OF]}, "then": group, "else": step}
    condition = {
        "type": "object",
        "required": ["values"],
        "additionalProperties": False,
        "properties": {
            "values": {
                "type": "array",
                "minItems": 2,
                "uniqueItems": True,
                "items": {"type": ["string", "boolean"]},
            },
            "meaning": {"type": "string"},
            "label": {
                "type": "string",
                "minLength": 1,
                "description": "what the upgrade helper and checklist call it (translated)",
            },
            "labels": {
                "type": "object",
                "additionalProperties": {"type": "string", "minLength": 1},
                "description": "value -> how a reader knows it (translated)",
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "guidekit manifest (source/guides.yaml)",
        "type": "object",
        "required": ["product", "topologies", "guides"],
        "additionalProperties": False,
        "properties": {
            "product": {
                "type": "string",
                "minLength": 1,
                "description": "the product the guides are about, as the "
                "published sentences name it",
            },
            "topologies": {
                "type": "object",
                "description": "the deployment topologies: id -> label (the label is "
                f"translated); '{ANY_TOPOLOGY}' is for guides of every one",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "machines": {
                "type": "object",
                "description": "the machines that command blocks run on (```{command} NAME```)",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {
                    "type": "object",
                    "required": ["caption", "prompt"],
                    "additionalProperties": False,
                    "properties": {
                        "caption": {
                            "type": "string",
                            "minLength": 1,
                            "description": "shown above each block (translated)",
                        },
                        "prompt": {
                            "enum": list(PROMPTS),
                            "description": "'#': commands typed as root; '$': as "
                            "a user (with sudo where root is needed)",
                        },
                    },
                },
            },
            "downtime": {
                "type": "object",
                "description": "what a step can take away (a procedure's downtime: NAME) "
                "-> what stops working meanwhile (translated)",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "kinds": kinds_schema(),
            "conditions": {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN, "not": {"const": "topology"}},
                "additionalProperties": condition,
            },
            "guides": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "title", "topology", "from", "to", "steps"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "pattern": ID_PATTERN},
                        "title": {"type": "string", "minLength": 1},
                        "kind": kind,
                        "topology": topology,
                        "from": {"type": "string", "pattern": VERSION},
                        "to": {"type": "string", "pattern": VERSION},
                        "intro": {"type": "array", "items": step},
                        "steps": {"type": "array", "minItems": 1, "items": any_step},
                    },
                },
            },
        },
    }


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
    labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    #: The product's name, as the front pages, title pages and checklists say it.
    product: str = ""
    #: The machines of ``{command}`` blocks, by name.
    machines: dict[str, Machine] = field(default_factory=dict)
    #: What a step can take away -> what stops working meanwhile (``downtime:``).
    downtime: dict[str, str] = field(default_factory=dict)
    #: The kinds of guides, by name (``kinds:``, else DEFAULT_KINDS).
    kinds: dict[str, GuideKind] = field(default_factory=lambda: dict(DEFAULT_KINDS))

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

    def label(self, condition: str, value: Any = None) -> str:
        """The manifest's words for a condition, or for one of its values (untranslated)."""
        if condition == "topology":
            return self.topologies.get(value, str(value)) if value is not None else condition
        labels = self.labels.get(condition, {})
        if value is None:
            return labels.get(None) or condition
        return labels.get(value) or str(value)


def _parse_step(
    raw: Any,
    path: str | Path,
    line: int,
    group: int | None = None,
    branch: int | None = None,
    case: str = "",
    branch_when: Conditions | None = None,
) -> Step:
    if isinstance(raw, str):
        return Step(
            raw,
            {},
            raw,
            False,
            line,
            dict(branch_when or {}),
            group=group,
            condition=case,
            branch=branch,
        )
    ((proc_id, options),) = raw.items()
    options = dict(options or {})
    line = line_of(raw, proc_id, line)
    raw_parts = options.get("parts") or {}
    parts = tuple(
        Part(part, _conditions(cond), line_of(raw_parts, part, line))
        for part, cond in raw_parts.items()
    )
    when = _both(branch_when or {}, _conditions(options.get("when")))
    return Step(
        proc_id,
        dict(options.get("with") or {}),
        options.get("slug", proc_id),
        bool(options.get("optional", False)),
        line,
        when,
        parts,
        Phase(options["phase"]) if options.get("phase") else None,
        group,
        case or str(options.get("if", "")),
        branch,
    )


def _both(first: Conditions, second: Conditions) -> Conditions:
    """Conditions that hold where both hold (a branch's and one of its steps')."""
    merged = dict(first)
    for name, values in second.items():
        merged[name] = tuple(v for v in merged[name] if v in values) if name in merged else values
    return merged


def _parse_alternatives(raw: list[Any], path: str | Path, line: int, group: int) -> list[Step]:
    """The steps of a ``one-of``, each tagged with its group and branch."""
    steps: list[Step] = []
    for number, alternative in enumerate(raw):
        at = item_line(raw, number, line)
        if STEPS not in alternative:  # one step, its case among its options
            steps.append(_parse_step(alternative, path, at, group, number))
            continue
        case, when = str(alternative["if"]), _conditions(alternative.get("when"))
        inner = alternative[STEPS]
        first = line_of(alternative, STEPS, at)
        steps.extend(
            _parse_step(s, path, item_line(inner, k, first + 1 + k), group, number, case, when)
            for k, s in enumerate(inner)
        )
    return steps


def _conditions(raw: Any) -> Conditions:
    """``{host-type: rhvh, gluster: true}`` -> ``{"host-type": ("rhvh",), ...}``."""
    return {
        name: tuple(value) if isinstance(value, list) else (value,)
        for name, value in (raw or {}).items()
    }


def vocabulary(data: dict[str, Any]) -> tuple[Conditions, dict[str, str]]:
    """The conditions a manifest declares, with ``topology`` from its topologies."""
    topologies = tuple(t for t in data.get("topologies", {}) if t != ANY_TOPOLOGY)
    conditions: Conditions = {"topology": topologies}
    meanings = {"topology": "the deployment topology"}
    for name, spec in (data.get("conditions") or {}).items():
        conditions[name] = tuple(spec["values"])
        meanings[name] = str(spec.get("meaning", ""))
    return conditions, meanings


def parse_manifest(text: str, path: str | Path) -> Manifest:
    """Parse and validate the manifest's shape (not yet its procedures)."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError(
            "the manifest must be a mapping with 'topologies' and 'guides'", path, 1, Kind.MANIFEST
        )
    validate(data, manifest_schema(), path, Kind.MANIFEST)
    conditions, meanings = vocabulary(data)
    kinds = guide_kinds(data)
    validate(data, manifest_schema(conditions, tuple(kinds)), path, Kind.MANIFEST)
    guides = [_parse_guide(raw, path, kinds) for raw in data["guides"]]
    topologies = dict(data["topologies"])
    seen: set[str] = set()
    for guide in guides:
        if guide.id in seen:
            raise GuideError(
                f"guide id {guide.id!r} is used twice", path, guide.line, Kind.MANIFEST
            )
        seen.add(guide.id)
        if guide.topology not in topologies:
            raise GuideError(
                f"topology {guide.topology!r} has no label under 'topologies'",
                path,
                guide.line,
                Kind.MANIFEST,
            )
    raw_machines = data.get("machines") or {}
    machines = {
        name: Machine(name, spec["caption"], spec["prompt"], line_of(raw_machines, name, 1))
        for name, spec in raw_machines.items()
    }
    raw_conditions = data.get("conditions") or {}
    for name, spec in raw_conditions.items():
        known = {str(v).lower() for v in spec["values"]}
        stray = [k for k in (spec.get("labels") or {}) if str(k).lower() not in known]
        if stray:
            raise GuideError(
                f"conditions: {name}: label of {stray[0]!r}, which is not one of its values",
                path,
                line_of(spec, "labels"),
                Kind.MANIFEST,
            )
    labels = {
        name: {None: spec.get("label", ""), **_value_labels(spec)}
        for name, spec in raw_conditions.items()
    }
    return Manifest(
        tuple(guides),
        topologies,
        str(path),
        {g.id: g for g in guides},
        conditions,
        meanings,
        labels,
        str(data["product"]),
        machines,
        {str(k): str(v) for k, v in (data.get("downtime") or {}).items()},
        kinds,
    )


def guide_kinds(data: dict[str, Any]) -> dict[str, GuideKind]:
    """The kinds a manifest declares (``kinds:``), else DEFAULT_KINDS."""
    raw = data.get("kinds")
    if not raw:
        return dict(DEFAULT_KINDS)
    return {
        str(name): GuideKind(
            str(name),
            bool(spec.get("path", False)),
            bool(spec.get("continues", False)),
            str(spec.get("sentence", "supplement")),
            spec.get("default"),
        )
        for name, spec in raw.items()
    }


def _value_labels(spec: dict[str, Any]) -> dict[Any, str]:
    """A condition's value labels, keyed by the values themselves (YAML writes a
    yes/no value's key as text)."""
    by_text = {str(k).lower(): str(v) for k, v in (spec.get("labels") or {}).items()}
    return {
        value: by_text[str(value).lower()]
        for value in spec["values"]
        if str(value).lower() in by_text
    }


def _parse_guide(raw: dict[str, Any], path: str | Path, kinds: dict[str, GuideKind]) -> Guide:
    line = line_of(raw)
    kind = raw.get("kind") or _default_kind(raw, path, line, kinds)
    steps_line = line_of(raw, "steps", line)
    steps: list[Step] = []
    for i, item in enumerate(raw["steps"]):
        item_at = item_line(raw["steps"], i, steps_line + 1 + i)
        if isinstance(item, dict) and ONE_OF in item:
            steps.extend(_parse_alternatives(item[ONE_OF], path, item_at, len(steps)))
        else:
            steps.append(_parse_step(item, path, item_at))
    intro_line = line_of(raw, "intro", line)
    intro = tuple(
        _parse_step(s, path, item_line(raw.get("intro"), i, intro_line))
        for i, s in enumerate(raw.get("intro", []))
    )
    slugs: set[str] = set()
    for step in steps:
        if step.slug in slugs or step.slug == "index":
            raise GuideError(
                f"guide {raw['id']!r} has two steps named {step.slug!r}; give one a 'slug'",
                path,
                step.line,
                Kind.MANIFEST,
            )
        slugs.add(step.slug)
    return Guide(
        raw["id"],
        raw["title"],
        raw["topology"],
        raw["from"],
        raw["to"],
        kind,
        tuple(steps),
        intro,
        line,
    )


def _default_kind(
    raw: dict[str, Any], path: str | Path, line: int, kinds: dict[str, GuideKind]
) -> str:
    """The kind of a guide that names none: the first whose ``default:`` matches."""
    wanted = DEFAULTS[1] if raw["from"] == raw["to"] else DEFAULTS[0]
    for kind in kinds.values():
        if kind.default == wanted:
            return kind.name
    raise GuideError(
        f"guide {raw['id']!r} has no 'kind:' and no kind under 'kinds' has 'default: {wanted}'",
        path,
        line,
        Kind.MANIFEST,
    )


def front_matter_schema(topologies: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The front matter's schema; with a manifest's topologies, ``applies-to`` lists
    only those (exported for editors)."""
    if topologies is None:
        return FRONT_MATTER_SCHEMA
    applies = FRONT_MATTER_SCHEMA["properties"]["applies-to"]
    return {
        **FRONT_MATTER_SCHEMA,
        "properties": {
            **FRONT_MATTER_SCHEMA["properties"],
            "applies-to": {
                **applies,
                "properties": {
                    **applies["properties"],
                    "topology": {"type": "array", "items": {"enum": [*topologies, ANY_TOPOLOGY]}},
                },
            },
        },
    }


def check_topologies(manifest: Manifest, library: Library) -> None:
    """Every topology a procedure applies to is one the manifest declares, and so is
    everything its ``downtime:`` names."""
    known = (*manifest.conditions.get("topology", ()), ANY_TOPOLOGY)
    for proc in library.procedures.values():
        for name, _when in proc.checks.downtime:
            if name not in manifest.downtime:
                raise GuideError(
                    f"downtime: {name!r} is not declared under 'downtime' in the manifest "
                    f"({', '.join(manifest.downtime) or 'nothing is'})",
                    proc.path,
                    proc.checks.line,
                    Kind.FRONT_MATTER,
                )
        for topology in proc.applies_to.get("topology", ()):
            if topology not in known:
                raise GuideError(
                    f"applies-to: topology {topology!r} is not one of the manifest's "
                    f"topologies ({', '.join(known)})",
                    proc.path,
                    proc.applies_line,
                    Kind.FRONT_MATTER,
                )


def check_manifest(manifest: Manifest, library: Library, matrix: VersionMatrix) -> None:
    """Tie the manifest to procedures and matrix: every error names the manifest line."""
    path = manifest.path
    check_topologies(manifest, library)
    for guide in manifest.guides:
        for version in (guide.from_version, guide.to_version):
            if version not in matrix.releases:
                raise GuideError(
                    f"guide {guide.id!r}: release {version!r} is not in the version matrix",
                    path,
                    guide.line,
                    Kind.MANIFEST,
                )
        for step in (*guide.intro, *guide.steps):
            proc = library.get(step.procedure)
            if proc is None:
                raise GuideError(
                    f"guide {guide.id!r}: unknown procedure {step.procedure!r} "
                    f"(no file procedures/{step.procedure}.md)",
                    path,
                    step.line,
                    Kind.UNKNOWN_PROCEDURE,
                )
            why = proc.applies(guide.facets)
            if why:
                raise GuideError(
                    f"guide {guide.id!r} cannot use procedure {step.procedure!r}: {why}",
                    path,
                    step.line,
                    Kind.FACETS,
                )
            _values, problems = bind_params(proc, step.params)
            if problems:
                raise GuideError(problems[0], path, step.line, Kind.PARAMS)
            if step.phase == Phase.UPGRADE and not proc.checks.verify:
                # The administrator must be told how to see that the upgrade worked.
                raise GuideError(
                    f"guide {guide.id!r}: step {step.slug!r} moves the environment to "
                    f"{guide.to_version} but procedures/{step.procedure}.md declares no "
                    "'verify:' (how to check that it worked; see procedures/README.md)",
                    path,
                    step.line,
                    Kind.MANIFEST,
                )
            for part in step.parts:
                if part.procedure not in library.procedures:
                    raise GuideError(
                        f"guide {guide.id!r}: step {step.slug!r} lists unknown part "
                        f"{part.procedure!r} (no file procedures/{part.procedure}.md)",
                        path,
                        part.line,
                        Kind.UNKNOWN_PROCEDURE,
                    )


def load_manifest(path: Path) -> Manifest:
    return parse_manifest(read_text(path), path)


def guide_context(guide: Guide, manifest: Manifest, matrix: VersionMatrix) -> dict[str, Any]:
    """The template variables of one guide (see procedures/README.md), with the
    project's template helpers (``macros.jinja``) made for them."""
    context: dict[str, Any] = {
        "guide": {
            "id": guide.id,
            "title": guide.title,
            "topology": guide.topology,
            "topology_label": manifest.topologies.get(guide.topology, guide.topology),
            "from": guide.from_version,
            "to": guide.to_version,
            "kind": guide.kind,
        },
        "src": matrix.release(guide.from_version),
        "dst": matrix.release(guide.to_version),
        "releases": matrix.releases,
    }
    if matrix.helpers:
        context.update(template_globals(matrix.helpers, matrix.helpers_path, context))
    return context
