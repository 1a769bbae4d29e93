"""The walker: every guide, every environment its steps tell apart, every branch."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from cmdlint.model import Severity
from guidekit.model.errors import GuideError, Kind
from guidekit.model.flow.reading import Event, FlowItem, events_of_items
from guidekit.model.flow.reading_text import GuideEvents
from guidekit.model.flow.rules import check_covered, check_end, run_event
from guidekit.model.flow.walk import FlowFinding, Origin, Setting, Walk
from guidekit.model.manifest import Conditions, Facts, Guide, Part, Step
from guidekit.model.project import Project
from guidekit.model.states import StateModel

#: How many paths through one guide are walked at most (alternatives multiply them).
MAX_PATHS = 4096
#: The events of one step of a guide (the build's: from its assembled page).
EventsOf = Callable[[Guide, Step], list[Event]]


def environments(
    guide: Guide, conditions: Conditions, model: StateModel | None = None
) -> list[dict[str, Any]]:
    """Every environment the guide's ``when:`` conditions (of its steps and of
    their parts) tell apart, and, with ``model``, those that its rules' ``when:``
    tell apart in each topology (a rule for a separate Data Warehouse machine
    applies only where the walk knows whether there is one)."""
    topologies = (
        [str(t) for t in conditions.get("topology", ())]
        if guide.topology == "any"
        else [guide.topology]
    )
    of_steps = {
        name
        for step in guide.steps
        for when in (step.when, *(part.when for part in step.parts))
        for name in when
        if name != "topology"
    }
    found = []
    for topology in topologies:
        used = sorted(of_steps | (model.conditions(topology) if model else set()))
        for combo in itertools.product(*(conditions.get(n, (True, False)) for n in used)):
            found.append({"topology": topology, **dict(zip(used, combo, strict=True))})
    return found


def _holds(when: Conditions, facts: Facts) -> bool:
    return all(facts.get(name) in allowed for name, allowed in when.items())


def paths(guide: Guide, facts: Facts) -> Iterator[list[Step]]:
    """Every sequence of steps a reader in this environment may follow: a choice
    contributes one of its branches, each branch its steps in order."""
    choices: list[list[list[Step]]] = []
    for item in guide.outline():
        branches = (
            [list(b.steps) for b in item.branches if _holds(b.when, facts)]
            if item.is_choice
            else [list(item.steps)]
        )
        branches = [[s for s in branch if _holds(s.when, facts)] for branch in branches]
        if any(branches):
            choices.append(branches)
    for count, sequence in enumerate(itertools.product(*choices)):
        if count >= MAX_PATHS:
            return
        yield [step for branch in sequence for step in branch]


def applying(step: Step, events: list[Event], facts: Facts) -> list[Event]:
    """The events of a step that happen in this environment: those of a part of
    the step (``parts:`` in the manifest) whose ``when:`` does not hold are left
    out, with those of the procedures it includes."""
    if not step.parts:
        return events
    parts = {part.procedure: part for part in step.parts}

    def part_of(event: Event) -> Part | None:  # the outermost part it is in
        for path in (*(site for site, _line in event.via), event.path):
            if (part := parts.get(PurePath(path).stem)) is not None:
                return part
        return None

    return [
        event for event in events if (part := part_of(event)) is None or _holds(part.when, facts)
    ]


def page_events(
    flow: Mapping[str, list[FlowItem]], project: Project, model: StateModel
) -> EventsOf:
    """The events of each step page, for ``check_project``: a step whose page was
    not read is an error (the check would be silently empty)."""
    pages: dict[tuple[str, str], list[FlowItem]] = {}
    for docname, items in flow.items():
        page = project.manifest.page(docname)
        if page is not None and page[1] is not None:
            pages[page[0].id, page[1].slug] = items

    def events(guide: Guide, step: Step) -> list[Event]:
        items = pages.get((guide.id, step.slug))
        if items is None:
            raise GuideError(
                f"the page of step {step.slug!r} of guide {guide.id!r} was not "
                "read: the sequence check needs every page",
                project.manifest.path,
                step.line,
                Kind.FLOW_ANNOTATION,
            )
        return events_of_items(items, model)

    return events


@dataclass
class GuideFlow:
    """The result of one guide: findings and the end state of each walked path."""

    guide: Guide
    ends: list[tuple[Facts, list[str], dict[str, str]]] = field(default_factory=list)
    #: what the guide assumes at its start, on some path: (topology, key of the
    #: walk's state) -> the first step line that reads it before any step sets it
    assumed: dict[tuple[str, str], Origin] = field(default_factory=dict)
    #: the environments (facts) walked, and those in which each key was assumed
    walked: list[Facts] = field(default_factory=list)
    assumed_in: dict[tuple[str, str], list[Facts]] = field(default_factory=dict)


def check_guide(
    project: Project,
    model: StateModel,
    guide: Guide,
    findings: set[FlowFinding],
    events_of: EventsOf | None = None,
) -> GuideFlow:
    read = events_of or GuideEvents(project, model, guide).of_guide_step
    cache: dict[str, list[Event]] = {}

    def events(step: Step) -> list[Event]:
        if step.slug not in cache:
            cache[step.slug] = read(guide, step)
        return cache[step.slug]

    result = GuideFlow(guide)
    for facts in environments(guide, project.manifest.conditions, model):
        settings: list[Setting] = []
        topology = facts["topology"]
        start = model.start_state(topology)
        result.walked.append(facts)
        for sequence in paths(guide, facts):
            walk = Walk(model, topology, facts, dict(start), findings)
            for step in sequence:
                walk.step = step
                happening = applying(step, events(step), facts)
                walk.commands = tuple(e.command for e in happening if e.kind == "command")
                for event in happening:
                    run_event(walk, event)
            walk.step, walk.commands = None, ()
            check_end(walk, guide, project.manifest.path)
            settings.extend(walk.settings)
            for key, origin in walk.assumed.items():
                result.assumed.setdefault((topology, key), origin)
                seen = result.assumed_in.setdefault((topology, key), [])
                if facts not in seen:
                    seen.append(facts)
            result.ends.append((facts, [s.slug for s in sequence], walk.state))
        check_covered(findings, guide, settings)
    return result


def check_project(
    project: Project, model: StateModel, events_of: EventsOf | None = None
) -> tuple[list[FlowFinding], list[GuideFlow]]:
    """Walk every guide of the manifest; findings sorted by file and line.

    ``events_of`` gives the events of a step (the build's: from the assembled
    pages); without it, the procedures' text is read (:mod:`.reading_text`).

    Content errors (an unknown state in an annotation, a template that does not
    render) are findings of ``flow-data`` naming their file and line.
    """
    findings: set[FlowFinding] = set()
    flows = []
    for guide in project.manifest.guides:
        try:
            flows.append(check_guide(project, model, guide, findings, events_of))
        except GuideError as error:
            findings.add(
                FlowFinding(
                    str(error.path or project.manifest.path),
                    error.line or 1,
                    "flow-data",
                    Severity.ERROR,
                    error.message,
                )
            )
    return sorted(findings), flows
