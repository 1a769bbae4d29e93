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

from cmdlint.model import Analysis, Block, Category
from cmdlint.session import parse_session
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Guide, Step, guide_context
from guidekit.model.procedures import bind_params
from guidekit.model.project import Project
from guidekit.model.states import StateModel
from guidekit.model.templating import render_template
from guidekit.model.yamldata import parse_yaml

#: Where something is in a procedure: (path, line).
Origin = tuple[str, int]


@dataclass(frozen=True)
class Event:
    """Something a step does or needs, where the procedure says it."""

    path: str
    line: int
    kind: str  # "command", "sets", "needs"
    machine: str = ""
    command: str = ""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: where the procedure was included, outermost first: (path, line)
    via: tuple[tuple[str, int], ...] = ()


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<arg>.*)$")
_ANNOTATION = re.compile(r"^\s*%\s*(?P<kind>sets|needs|aside):\s*(?P<body>.*)$")
_ASSIGN = re.compile(
    r"^\s*(?P<name>[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?)\s*=\s*(?P<values>[a-z0-9|\s-]+?)\s*$"
)


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
                Kind.FLOW_ANNOTATION,
            )
        values = tuple(v.strip() for v in match.group("values").split("|"))
        for value in values:
            problem = model.check_value(match.group("name"), value)
            if problem:
                raise GuideError(f"annotation: {problem}", path, line, Kind.FLOW_ANNOTATION)
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
            self.cache[step.slug] = self.of_procedure(step.procedure, step.params, [], ())
        return self.cache[step.slug]

    def of_procedure(
        self, proc_id: str, given: dict[str, Any], stack: list[str], via: tuple[Origin, ...]
    ) -> list[Event]:
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
                if kind == "sets" and not any(
                    name in ("steps", "prerequisites") for _m, name in containers
                ):
                    raise GuideError(
                        "'% sets:' says what a step (or a prerequisite) does: put it inside "
                        "the {steps} list, under the step",
                        proc.path,
                        where,
                        Kind.FLOW_ANNOTATION,
                    )
                events.append(Event(proc.path, where, kind, values=values, via=via))
            elif fence and fence.group("fence").startswith("`"):
                marker = fence.group("fence")
                body: list[tuple[str, int]] = []
                index += 1
                indent = fence.group("indent")
                while index < len(lines) and lines[index].strip() != marker:
                    text = lines[index]
                    text = text[len(indent) :] if text.startswith(indent) else text.lstrip()
                    body.append((text, rendered.source_line(index + 1)))
                    index += 1
                name = fence.group("name")
                if name == "command" and aside:
                    aside = False
                elif name == "command":
                    machine = fence.group("arg").strip()
                    events.extend(_commands(body, machine, proc.path, via))
                elif name == "procedure":
                    included = fence.group("arg").strip()
                    if included in self.project.library.procedures and included not in stack:
                        raw = "\n".join(t for t, _line in body)
                        data = parse_yaml(raw, proc.path, where + 1) if raw.strip() else {}
                        events.extend(
                            self.of_procedure(
                                included,
                                dict(data or {}),
                                [*stack, proc_id],
                                (*via, (proc.path, where)),
                            )
                        )
            elif fence:
                containers.append((fence.group("fence"), fence.group("name")))
            elif containers and text.strip() == containers[-1][0]:
                containers.pop()
            index += 1
        return events


def _commands(
    body: list[tuple[str, int]], machine: str, path: str, via: tuple[Origin, ...]
) -> Iterator[Event]:
    """One event per command of a block, read as cmdlint reads a console session
    (continuations joined; here-document bodies and output are no commands)."""
    analysis = Analysis(
        Block(path, 0, [text for text, _line in body], "command"), Category.SHELL
    )
    parse_session(analysis, unprompted_commands=False)
    for command in analysis.commands:
        parts = [
            line.text[line.body_column - 1 :].strip().removesuffix("\\").strip()
            for line in command.lines
            if line.role in ("command", "continuation")
        ]
        yield Event(path, body[command.line][1], "command", machine, " ".join(parts), via=via)
