"""Reading a guide's steps: from what a page holds to the events of the walk.

A page of a guide is a sequence of :class:`FlowItem`: its ``{command}`` blocks
(each line with its procedure line) and its annotations (MyST comments,
readers never see them). The Sphinx build collects them from the assembled
page (guidekit.sphinx_ext.flow_items); :mod:`.reading_text` reads them from a
procedure's text for data-only checks. Each command becomes one event, read
as cmdlint reads a console session; each annotation one event::

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

from cmdlint.model import Analysis, Block, BlockKind, Category
from cmdlint.session import parse_session
from guidekit.model.errors import GuideError, Kind
from guidekit.model.states import StateModel

#: Where something is in a procedure: (path, line).
Origin = tuple[str, int]


@dataclass(frozen=True)
class Event:
    """Something a step does or needs, where the procedure says it."""

    path: str
    line: int
    kind: str  # "command", "sets", "needs", "restores"
    machine: str = ""
    command: str = ""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: where the procedure was included, outermost first: (path, line)
    via: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class FlowItem:
    """What a page holds for the walk, in reading order: a ``{command}`` block
    (``machine``, ``lines`` with their procedure lines) or an annotation
    (``text``: ``sets: ...``, ``needs: ...``, ``aside: ...``)."""

    kind: str  # "command" or "annotation"
    path: str
    line: int
    text: str = ""
    machine: str = ""
    lines: tuple[tuple[str, int], ...] = ()
    in_step: bool = False  # inside a {steps} list or {prerequisites}
    via: tuple[Origin, ...] = ()  # where the procedure was included, outermost first


ANNOTATION = re.compile(r"^\s*(?P<kind>sets|needs|restores|aside):\s*(?P<body>.*)$")
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


def parse_restores(
    body: str, path: str, line: int, model: StateModel
) -> dict[str, tuple[str, ...]]:
    """``scheduling-policy, geo-replication``: settings a step sets back to what they
    were before the guide, if they were changed (states with ``end: restore``)."""
    found: dict[str, tuple[str, ...]] = {}
    for part in body.split(","):
        name = part.strip()
        state = model.states.get(name.partition(".")[0])
        if state is None or model.values_of(name) is None:
            raise GuideError(
                f"annotation: unknown state {name!r} (known: {', '.join(model.states)})",
                path,
                line,
                Kind.FLOW_ANNOTATION,
            )
        if not state.restore:
            raise GuideError(
                f"annotation: {name!r} is not a state that a guide restores "
                "(end: restore); write '% sets: state = value'",
                path,
                line,
                Kind.FLOW_ANNOTATION,
            )
        found[name] = ()
    return found


def events_of_items(items: list[FlowItem], model: StateModel) -> list[Event]:
    """The events of a page's items; a bad annotation is a GuideError at its line."""
    events: list[Event] = []
    aside = False
    for item in items:
        if item.kind == "command":
            if aside:
                aside = False  # the block for another situation: not in the sequence
            else:
                events.extend(_commands(list(item.lines), item.machine, item.path, item.via))
            continue
        annotation = ANNOTATION.match(item.text)
        if annotation is None:
            continue  # another comment
        kind = annotation.group("kind")
        if kind == "aside":
            aside = True
            continue
        if kind == "restores":
            values = parse_restores(annotation.group("body"), item.path, item.line, model)
        else:
            values = parse_annotation(annotation.group("body"), item.path, item.line, model)
        if kind in ("sets", "restores") and not item.in_step:
            raise GuideError(
                "'% sets:' says what a step (or a prerequisite) does: put it inside "
                "the {steps} list, under the step",
                item.path,
                item.line,
                Kind.FLOW_ANNOTATION,
            )
        events.append(Event(item.path, item.line, kind, values=values, via=item.via))
    return events


def _commands(
    body: list[tuple[str, int]], machine: str, path: str, via: tuple[Origin, ...]
) -> Iterator[Event]:
    """One event per command of a block, read as cmdlint reads a console session
    (continuations joined; here-document bodies and output are no commands)."""
    analysis = Analysis(
        Block(path, 0, [text for text, _line in body], BlockKind.COMMAND), Category.SHELL
    )
    parse_session(analysis, unprompted_commands=False)
    for command in analysis.commands:
        parts = [
            line.text[line.body_column - 1 :].strip().removesuffix("\\").strip()
            for line in command.lines
            if line.role in ("command", "continuation")
        ]
        yield Event(path, body[command.line][1], "command", machine, " ".join(parts), via=via)
