"""The sequence check: walk every guide through the state model.

Each step of a guide is rendered as the guide renders it; its commands (by
the rules of procedures/states.yaml) and its annotations (``% sets:`` and
``% needs:`` comment lines in a procedure, for steps without a command) give
what it requires and what it changes. The walk starts from the state of the
guide's topology and goes through every step in order and every branch of
every group of alternatives, in every environment that the steps' ``when:``
conditions tell apart. Findings name the procedure file and line. Pure.

Annotations, in a procedure (MyST comments: readers never see them)::

    1. Log in to the Manager virtual machine and shut it down.
       % sets: manager-vm = down
    % needs: manager-vm = down
    % aside: only if you postpone the Data Warehouse upgrade
    (the next command block is not part of the sequence)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from guidekit.model.errors import GuideError
from guidekit.model.manifest import Conditions, Guide, Step, guide_context
from guidekit.model.procedures import bind_params
from guidekit.model.project import Project
from guidekit.model.states import StateModel
from guidekit.model.templating import render_template
from guidekit.model.yamldata import parse_yaml

#: How many paths through one guide are walked at most (alternatives multiply them).
MAX_PATHS = 4096


@dataclass(frozen=True, order=True)
class FlowFinding:
    path: str
    line: int
    rule: str
    severity: str  # "error" or "warning"
    message: str


@dataclass(frozen=True)
class FlowRule:
    id: str
    severity: str
    doc: str


#: The flow rules, by id (each one's docstring shows a bad and a good sequence).
RULES: dict[str, FlowRule] = {}


def flow_rule(rule_id: str, severity: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        RULES[rule_id] = FlowRule(rule_id, severity, func.__doc__ or "")
        func.rule_id = rule_id  # type: ignore[attr-defined]
        return func
    return register


@dataclass(frozen=True)
class Event:
    """Something a step does or needs, where the procedure says it."""

    path: str
    line: int
    kind: str  # "command", "sets", "needs"
    machine: str = ""
    command: str = ""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<arg>.*)$")
_ANNOTATION = re.compile(r"^\s*%\s*(?P<kind>sets|needs|aside):\s*(?P<body>.*)$")
_ASSIGN = re.compile(r"^\s*(?P<name>[a-z][a-z0-9-]*)\s*=\s*(?P<values>[a-z0-9|\s-]+?)\s*$")


def parse_annotation(body: str, path: str, line: int,
                     model: StateModel) -> dict[str, tuple[str, ...]]:
    """``global-maintenance = enabled, manager-vm = down | up`` -> values by state."""
    found: dict[str, tuple[str, ...]] = {}
    for part in body.split(","):
        match = _ASSIGN.match(part)
        if match is None:
            raise GuideError(f"annotation {part.strip()!r}: write 'state = value' "
                             "(several separated by commas)", path, line, "flow-annotation")
        values = tuple(v.strip() for v in match.group("values").split("|"))
        for value in values:
            problem = model.check_value(match.group("name"), value)
            if problem:
                raise GuideError(f"annotation: {problem}", path, line, "flow-annotation")
        found[match.group("name")] = values
    return found


class _Events:
    """The events of a guide's steps, each procedure rendered as the guide renders it."""

    def __init__(self, project: Project, model: StateModel, guide: Guide) -> None:
        self.project, self.model, self.guide = project, model, guide
        self.context = guide_context(guide, project.manifest, project.matrix)
        self.cache: dict[str, list[Event]] = {}

    def of_step(self, step: Step) -> list[Event]:
        if step.slug not in self.cache:
            self.cache[step.slug] = self.of_procedure(step.procedure, step.params, [])
        return self.cache[step.slug]

    def of_procedure(self, proc_id: str, given: dict[str, Any], stack: list[str]) -> list[Event]:
        proc = self.project.library.procedures[proc_id]
        params, _problems = bind_params(proc, given)
        rendered = render_template(proc.body, {**self.context, "params": params}, proc.path,
                                   proc.body_line)
        lines = rendered.text.split("\n")
        events: list[Event] = []
        containers: list[tuple[str, str]] = []  # open ::: fences: (marker, name)
        aside = False
        index = 0
        while index < len(lines):
            text = lines[index]
            where = rendered.source_line(index + 1)
            fence = _FENCE.match(text)
            annotation = _ANNOTATION.match(text)
            if annotation and annotation.group("kind") == "aside":
                aside = True  # the next command block is not part of the sequence
            elif annotation:
                values = parse_annotation(annotation.group("body"), proc.path, where, self.model)
                kind = annotation.group("kind")
                if kind == "sets" and not any(name == "steps" for _m, name in containers):
                    raise GuideError("'% sets:' says what a step does: put it inside the "
                                     "{steps} list, under the step", proc.path, where,
                                     "flow-annotation")
                events.append(Event(proc.path, where, kind, values=values))
            elif fence and fence.group("fence").startswith("`"):
                marker = fence.group("fence")
                body: list[tuple[str, int]] = []
                index += 1
                while index < len(lines) and lines[index].strip() != marker:
                    body.append((lines[index], rendered.source_line(index + 1)))
                    index += 1
                name = fence.group("name")
                if name == "command" and aside:
                    aside = False
                elif name == "command":
                    events.extend(_commands(body, fence.group("arg").strip(), proc.path))
                elif name == "procedure":
                    included = fence.group("arg").strip()
                    if included in self.project.library.procedures and included not in stack:
                        raw = "\n".join(t for t, _line in body)
                        data = parse_yaml(raw, proc.path, where + 1) if raw.strip() else {}
                        events.extend(self.of_procedure(
                            included, dict(data or {}), [*stack, proc_id]))
            elif fence:
                containers.append((fence.group("fence"), fence.group("name")))
            elif containers and text.strip() == containers[-1][0]:
                containers.pop()
            index += 1
        return events


def _commands(body: list[tuple[str, int]], machine: str, path: str) -> Iterator[Event]:
    """One event per command of a block (continued lines joined)."""
    current: list[str] = []
    start = 0
    for text, line in body:
        stripped = text.strip()
        if not current:
            if not stripped.startswith("# "):
                continue
            stripped, start = stripped[2:], line
        current.append(stripped.rstrip("\\").strip())
        if not stripped.endswith("\\"):
            yield Event(path, start, "command", machine, " ".join(current))
            current = []
    if current:
        yield Event(path, start, "command", machine, " ".join(current))


@dataclass
class _Walk:
    """One path through a guide: the state, and where each value was set."""

    model: StateModel
    topology: str
    facts: dict[str, Any]
    state: dict[str, str]
    origin: dict[str, str]
    findings: set[FlowFinding]

    def report(self, rule: Callable[..., Any], event_path: str, line: int, message: str) -> None:
        rule_id: str = rule.rule_id  # type: ignore[attr-defined]
        self.findings.add(FlowFinding(event_path, line, rule_id, RULES[rule_id].severity, message))

    def describe(self, name: str) -> str:
        value = self.state.get(name)
        if value is None:
            return f"{name} does not apply to a {self.topology} environment"
        return f"it is {value} ({self.origin.get(name, 'at the start')})"

    def apply(self, event: Event, changes: dict[str, str]) -> bool:
        changed = False
        for name, value in changes.items():
            if name not in self.state:
                continue  # the state does not exist in this topology
            changed |= self.state[name] != value
            self.state[name] = value
            self.origin[name] = f"set at {event.path}:{event.line}"
        check_never(self, event)
        return changed

    def run(self, event: Event) -> None:
        if event.kind == "needs":
            check_requires(self, event, event.values, "this text assumes")
        elif event.kind == "sets":
            self.set(event, {k: v[0] for k, v in event.values.items()})
        else:
            rules = [r for r in self.model.rules
                     if r.applies(event.command, event.machine, self.facts, self.state)]
            for rule in rules:
                check_requires(self, event, rule.requires, f"`{event.command}`", rule.why)
            self.set(event, {k: v for r in rules for k, v in r.sets.items()})

    def set(self, event: Event, changes: dict[str, str]) -> None:
        present = [f"{k} = {v}" for k, v in changes.items() if k in self.state]
        if not self.apply(event, changes) and present:
            check_no_effect(self, event, present)


@flow_rule("flow-requires", "error")
def check_requires(walk: _Walk, event: Event, needs: dict[str, tuple[str, ...]], what: str,
                   why: str = "") -> None:
    """A step runs in a state it must not run in.

    Bad: ``engine-setup`` on a self-hosted Manager before global maintenance is on.
    Good: ``hosted-engine --set-maintenance --mode=global`` first, then ``engine-setup``.
    """
    for name, accepted in needs.items():
        if name in walk.state and walk.state[name] not in accepted:
            reason = f": {why}" if why else ""
            walk.report(check_requires, event.path, event.line,
                        f"{what} needs {name} = {' or '.join(accepted)}, but "
                        f"{walk.describe(name)}{reason}")


@flow_rule("flow-never", "error")
def check_never(walk: _Walk, event: Event) -> None:
    """A step leads to a combination of states that must never happen.

    Bad: ``engine-setup`` starts the new Manager while the old one still runs.
    Good: stop ``ovirt-engine`` on the old Manager before the new one starts.
    """
    for never in walk.model.never:
        if all(walk.state.get(k) == v for k, v in never.states.items()):
            states = ", ".join(f"{k} = {v}" for k, v in never.states.items())
            walk.report(check_never, event.path, event.line,
                        f"after this, {states}: {never.meaning}")


@flow_rule("flow-no-effect", "warning")
def check_no_effect(walk: _Walk, event: Event, sets: list[str]) -> None:
    """A step sets states that already have that value (a repeated or misplaced step).

    Bad: enabling global maintenance in a procedure of a guide that enabled it.
    Good: the procedure refers to the guide's step instead.
    """
    what = f"`{event.command}`" if event.command else "this step"
    walk.report(check_no_effect, event.path, event.line,
                f"{what} changes nothing here: {', '.join(sets)} already")


@flow_rule("flow-end", "error")
def check_end(walk: _Walk, guide: Guide, path: str) -> None:
    """A guide ends with the environment in a transitional state.

    Bad: a host put in maintenance and never activated again.
    Good: the procedure activates the host after the reboot.
    """
    for name, value in sorted(walk.state.items()):
        state = walk.model.states[name]
        if value in state.transitional:
            walk.report(check_end, *_origin_location(walk.origin.get(name), path),
                        f"guide {guide.id!r} ({walk.topology}) ends with {name} = {value} "
                        f"({walk.origin.get(name, 'at the start')}): {state.meaning}")


def _origin_location(origin: str | None, fallback: str) -> tuple[str, int]:
    if origin and origin.startswith("set at "):
        path, _, line = origin[len("set at "):].rpartition(":")
        return path, int(line)
    return fallback, 1


def environments(guide: Guide, conditions: Conditions) -> list[dict[str, Any]]:
    """Every environment the guide's ``when:`` conditions tell apart."""
    topologies = (list(conditions.get("topology", ())) if guide.topology == "any"
                  else [guide.topology])
    used = sorted({n for s in guide.steps for n in s.when if n != "topology"})
    combos = itertools.product(*(conditions.get(n, (True, False)) for n in used))
    return [{"topology": t, **dict(zip(used, combo, strict=True))}
            for t in topologies for combo in combos] if used else \
        [{"topology": t} for t in topologies]


def _holds(when: Conditions, facts: dict[str, Any]) -> bool:
    return all(facts.get(name) in allowed for name, allowed in when.items())


def paths(guide: Guide, facts: dict[str, Any]) -> Iterator[list[Step]]:
    """Every sequence of steps a reader in this environment may follow."""
    choices: list[list[Step]] = []
    for item in guide.items():
        if item[0].group is None:
            if _holds(item[0].when, facts):
                choices.append([item[0]])
        else:
            branches = [s for s in item if _holds(s.when, facts)]
            if branches:
                choices.append(branches)
    for count, sequence in enumerate(itertools.product(*choices)):
        if count >= MAX_PATHS:
            return
        yield list(sequence)


@dataclass
class GuideFlow:
    """The result of one guide: findings and the end state of each walked path."""

    guide: Guide
    ends: list[tuple[dict[str, Any], list[str], dict[str, str]]] = field(default_factory=list)


def check_guide(project: Project, model: StateModel, guide: Guide,
                findings: set[FlowFinding]) -> GuideFlow:
    events = _Events(project, model, guide)
    result = GuideFlow(guide)
    for facts in environments(guide, project.manifest.conditions):
        topology = facts["topology"]
        start = {name: value for name, state in model.states.items()
                 if (value := state.start_value(topology)) is not None}
        for sequence in paths(guide, facts):
            walk = _Walk(model, topology, facts, dict(start), {}, findings)
            for step in sequence:
                for event in events.of_step(step):
                    walk.run(event)
            check_end(walk, guide, project.manifest.path)
            result.ends.append((facts, [s.slug for s in sequence], walk.state))
    return result


def check_project(project: Project, model: StateModel) -> tuple[list[FlowFinding],
                                                                 list[GuideFlow]]:
    """Walk every guide of the manifest; findings sorted by file and line.

    Content errors (an unknown state in an annotation, a template that does not
    render) are findings of ``flow-data`` naming their file and line.
    """
    findings: set[FlowFinding] = set()
    flows = []
    for guide in project.manifest.guides:
        try:
            flows.append(check_guide(project, model, guide, findings))
        except GuideError as error:
            findings.add(FlowFinding(str(error.path or project.manifest.path), error.line or 1,
                                     "flow-data", "error", error.message))
    return sorted(findings), flows


RULES["flow-data"] = FlowRule("flow-data", "error", """The state model or an annotation is wrong.

Bad: ``% sets: manager-vm = off`` where the state's values are ``up`` and ``down``.
Good: ``% sets: manager-vm = down``.
""")
