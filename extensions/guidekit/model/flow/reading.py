"""Reading a guide's steps: the events of each procedure, as the guide renders it.

A procedure is rendered with the guide's context and the step's parameters;
its ``{command}`` blocks give one event per command (on the block's machine),
its annotations (MyST comments, readers never see them) the rest::

    1. Log in to the Manager virtual machine and shut it down.
       % sets: manager-vm = down
    % needs: manager-vm = down
    % aside: only if you postpone the Data Warehouse upgrade
    (the next command block is not part of the sequence)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from guidekit.model.errors import GuideError
from guidekit.model.manifest import Guide, Step, guide_context
from guidekit.model.procedures import bind_params
from guidekit.model.project import Project
from guidekit.model.states import StateModel
from guidekit.model.templating import render_template
from guidekit.model.yamldata import parse_yaml


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


def parse_annotation(
    body: str, path: str, line: int, model: StateModel
) -> dict[str, tuple[str, ...]]:
    """``global-maintenance = enabled, manager-vm = down | up`` -> values by state."""
    found: dict[str, tuple[str, ...]] = {}
    for part in body.split(","):
        match = _ASSIGN.match(part)
        if match is None:
            raise GuideError(
                f"annotation {part.strip()!r}: write 'state = value' (several separated by commas)",
                path,
                line,
                "flow-annotation",
            )
        values = tuple(v.strip() for v in match.group("values").split("|"))
        for value in values:
            problem = model.check_value(match.group("name"), value)
            if problem:
                raise GuideError(f"annotation: {problem}", path, line, "flow-annotation")
        found[match.group("name")] = values
    return found


class GuideEvents:
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
        rendered = render_template(
            proc.body, {**self.context, "params": params}, proc.path, proc.body_line
        )
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
                    raise GuideError(
                        "'% sets:' says what a step does: put it inside the "
                        "{steps} list, under the step",
                        proc.path,
                        where,
                        "flow-annotation",
                    )
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
                        events.extend(
                            self.of_procedure(included, dict(data or {}), [*stack, proc_id])
                        )
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
