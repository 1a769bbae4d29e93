"""Checklists for one environment: which steps of which guides, in which order.

The upgrade helper page and ``guidekit checklist`` both start here. Everything
comes from the manifest: the guides that lead from the current release to the
target (chained, 4.2 -> 4.3 -> 4.4), and of their steps those whose ``when:``
conditions hold for the environment. No Sphinx and no files: docutils only
for its id rule (``make_id``), so that anchors match the HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils.nodes import make_id

from guidekit.l10n.messages import _
from guidekit.model import naming
from guidekit.model.manifest import (
    ANY_TOPOLOGY,
    Conditions,
    Facts,
    Guide,
    Item,
    Manifest,
    Part,
    Step,
)
from guidekit.model.matrix import version_key

if TYPE_CHECKING:
    pass


def options(manifest: Manifest) -> tuple[str, ...]:
    """The yes/no choices of an environment (``--gluster``, ...), in display order."""
    return manifest.flags()


def facets(manifest: Manifest) -> tuple[str, ...]:
    """The conditions the reader picks one value of (besides the topology)."""
    return manifest.facets()


def env_topologies(manifest: Manifest) -> tuple[str, ...]:
    return manifest.topology_ids


class ChecklistError(ValueError):
    """An environment that no checklist fits; the message is for the reader."""


@dataclass(frozen=True)
class Environment:
    """A reader's environment: releases, topology, the value of each of the manifest's
    other conditions (``choices``: ``{"host-type": "rhel"}``), yes/no options."""

    current: str
    target: str
    topology: str
    choices: Mapping[str, str] = field(default_factory=dict)
    options: frozenset[str] = field(default_factory=frozenset)

    def facts(self, flags: Iterable[str]) -> Facts:
        """The values that ``when:`` conditions test (``flags``: the yes/no ones)."""
        facts: Facts = {"topology": self.topology, **self.choices}
        facts.update({name: name in self.options for name in flags})
        return facts


@dataclass(frozen=True)
class Entry:
    """One line of a checklist: a step of a guide, with the parts that apply."""

    guide: Guide
    step: Step
    parts: tuple[Part, ...]
    optional: bool
    #: The group of alternatives the entry is one choice of (None: a step to do).
    group: int | None = None

    @property
    def number(self) -> str:
        """The step's number in the guide (``7``, ``7A``, ``7B.2``)."""
        return self.guide.number(self.step)

    @property
    def item(self) -> int:
        """The number of the guide's step (or choice) the entry belongs to."""
        return self.guide.item_of(self.step).number

    @property
    def label(self) -> str:
        return step_label(self.guide, self.step)


def holds(when: Conditions, facts: Facts) -> bool:
    """True if every condition allows the environment's value."""
    return all(facts.get(name) in allowed for name, allowed in when.items())


def step_label(guide: Guide, step: Step) -> str:
    """The section label of a step."""
    return guide.step_label(step)


def part_label(guide: Guide, step: Step, part: Part) -> str:
    """The label of a procedure that a step includes as a section."""
    return naming.included_label(step_label(guide, step), part.procedure, set())


def anchor(label: str) -> str:
    """The HTML id of a labelled section."""
    return make_id(label)


def path_guides(manifest: Manifest) -> list[Guide]:
    """Guides that make up upgrade paths (of a kind with ``path: true``)."""
    return manifest.path_guides()


def versions(manifest: Manifest) -> list[str]:
    """Releases that paths start from or lead to, oldest first."""
    found = {v for g in path_guides(manifest) for v in (g.from_version, g.to_version)}
    return sorted(found, key=version_key)


def minor_updates(manifest: Manifest) -> set[str]:
    """Releases that have a guide for updates within the release (4.4 -> 4.4.z)."""
    return {g.from_version for g in path_guides(manifest) if g.from_version == g.to_version}


def normalize_version(value: str) -> str:
    """'4.4.z' (any release of 4.4) -> '4.4'."""
    return value[:-2] if value.lower().endswith(".z") else value


def find_path(manifest: Manifest, current: str, target: str, topology: str) -> list[Guide]:
    """The guides to follow, in order; ChecklistError when there are none."""
    _check_request(manifest, current, target, topology)
    # A guide written for the topology wins over one for all topologies.
    candidates = sorted(
        (g for g in path_guides(manifest) if g.topology in (topology, ANY_TOPOLOGY)),
        key=lambda g: g.topology == ANY_TOPOLOGY,
    )
    if current == target:
        update = next((g for g in candidates if g.from_version == g.to_version == current), None)
        if update is not None:
            return [update]
        raise ChecklistError(
            _("No guide updates {current} within its release: choose a later target.").format(
                current=current
            )
        )
    path = _fewest_guides(candidates, current, target)
    if path is not None:
        return path
    raise ChecklistError(
        _("No guide leads from {current} to {target} for this topology.").format(
            current=current, target=target
        )
    )


def _check_request(manifest: Manifest, current: str, target: str, topology: str) -> None:
    """ChecklistError for an unknown release or topology, or a downgrade."""
    known = versions(manifest)
    for value in (current, target):
        if value not in known:
            raise ChecklistError(
                _("Unknown release {version}: choose one of {choices}.").format(
                    version=value, choices=", ".join(known)
                )
            )
    if topology not in env_topologies(manifest):
        raise ChecklistError(
            _("Unknown topology {topology}: choose one of {choices}.").format(
                topology=topology, choices=", ".join(env_topologies(manifest))
            )
        )
    if version_key(target) < version_key(current):
        raise ChecklistError(
            _(
                "The target release {target} is older than the current release {current}: "
                "{product} cannot be downgraded."
            ).format(target=target, current=current, product=manifest.product)
        )


def _fewest_guides(candidates: list[Guide], current: str, target: str) -> list[Guide] | None:
    """The shortest chain of guides from ``current`` to ``target`` (breadth first),
    each one to a later release no later than the target; None when there is none."""
    paths: dict[str, list[Guide]] = {current: []}
    frontier = [current]
    while frontier and target not in paths:
        following: list[str] = []
        for version in frontier:
            for guide in candidates:
                nxt = guide.to_version
                if (
                    guide.from_version == version
                    and nxt not in paths
                    and version_key(version) < version_key(nxt) <= version_key(target)
                ):
                    paths[nxt] = [*paths[version], guide]
                    following.append(nxt)
        frontier = following
    return paths.get(target)


def select(manifest: Manifest, env: Environment) -> list[tuple[Guide, list[Entry]]]:
    """The checklist of ``env``: each guide of the path with the steps that apply."""
    for name in facets(manifest):
        allowed = manifest.conditions[name]
        if env.choices.get(name) not in allowed:
            raise ChecklistError(
                _("{name}: unknown value {value}; choose one of {choices}.").format(
                    name=name, value=env.choices.get(name, ""), choices=", ".join(map(str, allowed))
                )
            )
    unknown = sorted(env.options - set(options(manifest)))
    if unknown:
        raise ChecklistError(
            _("Unknown option {value}: choose from {choices}.").format(
                value=unknown[0], choices=", ".join(options(manifest))
            )
        )
    facts = env.facts(options(manifest))
    result = []
    for guide in find_path(manifest, env.current, env.target, env.topology):
        entries: list[Entry] = []
        for item in guide.outline():
            branches = choose(item, facts)
            for branch in branches:
                entries.extend(
                    Entry(
                        guide,
                        step,
                        tuple(p for p in step.parts if holds(p.when, facts)),
                        step.optional and not step.when,
                        step.group if len(branches) > 1 else None,
                    )
                    for step in branch
                    if holds(step.when, facts)
                )
        result.append((guide, entries))
    return result


def choose(item: Item, facts: Facts) -> list[tuple[Step, ...]]:
    """What a reader in this environment runs of one item of a guide: a plain step
    if its conditions hold; of a choice, the branches whose conditions hold, those
    with conditions before those without (the most specific fits). More than one
    branch left: the reader chooses."""
    if not item.is_choice:
        return [item.steps] if holds(item.steps[0].when, facts) else []
    fitting = [b for b in item.branches if holds(b.when, facts)]
    specific = [b for b in fitting if b.when]
    return [b.steps for b in (specific or fitting)]


def relevant_facets(manifest: Manifest, guides: Iterable[Guide]) -> list[str]:
    """The conditions (other than topology) that change these guides' checklists."""
    used = {
        name
        for g in guides
        for s in g.steps
        for when in (s.when, *(p.when for p in s.parts))
        for name in when
    }
    return [name for name in manifest.conditions if name in used and name != "topology"]


def without_effect(manifest: Manifest, env: Environment) -> dict[str, list[str]]:
    """The chosen yes/no options that change nothing in ``env``'s checklist, each with
    what the steps that test it need and ``env`` lacks (``["host-type: rhvh"]``;
    empty when no step of the path tests it). The upgrade helper says the same."""

    def listed(options: frozenset[str]) -> list[tuple[str, str, int | None]]:
        changed = Environment(env.current, env.target, env.topology, env.choices, options)
        return [
            (g.id, e.step.slug, e.group)
            for g, entries in select(manifest, changed)
            for e in entries
        ]

    facts = env.facts(options(manifest))
    guides = find_path(manifest, env.current, env.target, env.topology)
    found: dict[str, list[str]] = {}
    for option in sorted(env.options):
        if listed(env.options) != listed(env.options - {option}):
            continue
        needs: list[str] = []
        for when in (
            w
            for g in guides
            for s in g.steps
            for w in (s.when, *(p.when for p in s.parts))
            if option in w
        ):
            needs += [
                f"{name}: {' | '.join(map(str, allowed))}"
                for name, allowed in when.items()
                if name != option and facts.get(name) not in allowed
            ]
        found[option] = list(dict.fromkeys(needs))
    return found


def left_out(guide: Guide, entries: Iterable[Entry]) -> list[Step]:
    """The steps of ``guide`` that a checklist with ``entries`` leaves out for its
    environment, so that a gap in the numbers is explained; the other alternatives
    of a choice (the reader's or the environment's pick) are not listed."""
    listed = {e.step.slug for e in entries}
    left = []
    for item in guide.outline():
        picked = [b for b in item.branches if any(s.slug in listed for s in b.steps)]
        for step in item.steps:
            branch = guide.branch_of(step)
            if step.slug in listed or (
                picked and not any(b.letter == branch.letter for b in picked if branch)
            ):
                continue
            left.append(step)
    return left


def all_paths(manifest: Manifest) -> dict[tuple[str, str, str], list[Guide] | ChecklistError]:
    """Every (current, target, topology) choice with its guides, or why there are none."""
    known = versions(manifest)
    result: dict[tuple[str, str, str], list[Guide] | ChecklistError] = {}
    for current in known:
        for target in known:
            for topology in env_topologies(manifest):
                try:
                    result[current, target, topology] = find_path(
                        manifest, current, target, topology
                    )
                except ChecklistError as error:
                    result[current, target, topology] = error
    return result


def all_entries(guide: Guide) -> list[Entry]:
    """Every step of a guide with every part, unfiltered (the page filters)."""
    return [
        Entry(guide, step, step.parts, step.optional and not step.when, step.group)
        for step in guide.steps
    ]
