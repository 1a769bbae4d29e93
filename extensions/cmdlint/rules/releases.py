"""Release-dependent commands and options: what exists depends on the system's release.

``yum --nobest`` works on RHEL 8 (where yum is dnf) and fails on RHEL 7 ("no such
option: --nobest").  Which release a command runs on comes from the guide's
versions and the step's phase (before the upgrade step: the old release; after:
the new one).  For a file linted on its own (a legacy guide holding several
upgrade paths), the headings (``#``, ``1.2.``; not list items ``1.``) that name a
path ("4.2 to 4.3", "4.2 から 4.3") give the versions, and a sub-heading naming
the same path (the upgrade step itself) moves the phase to the new release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from cmdlint.model import Analysis, ReleasePhase, SimpleCommand, Word
from cmdlint.registry import Context, Hit, rule
from cmdlint.specs import Spec, load_specs

HEADING = re.compile(
    r"^\s*(?:(?P<hashes>#{1,6})\s+|(?P<number>\d+(?:\.\d+)+)\.?\s+|(?P<top>第\s*\d+\s*章|付録|"
    r"appendix\b|chapter\b|part\b))",
    re.IGNORECASE,
)
PAIR = re.compile(
    r"(\d+\.\d+|\d+)\s*(?:から|to|->|→)\s*(?:RHV\s*)?(\d+\.\d+|\d+)(?![\d.]*\d)", re.IGNORECASE
)


@dataclass
class Place:
    """Where a block stands: the guide's releases and the phase."""

    from_version: str | None = None
    to_version: str | None = None
    phase: ReleasePhase | None = None  # None inside a step that moves between versions
    level: int = 0  # heading depth of the guide's own heading
    stage: ReleasePhase | None = None  # FROM before the guide's upgrade step, TO from it on

    def releases(self) -> set[str]:
        if self.phase == ReleasePhase.FROM and self.from_version:
            return {self.from_version}
        if self.phase == ReleasePhase.TO and self.to_version:
            return {self.to_version}
        return {v for v in (self.from_version, self.to_version) if v}


def heading(text: str) -> tuple[int, tuple[str, str] | None] | None:
    """(depth, (from, to) or None) of a heading line; None for any other line."""
    match = HEADING.match(text)
    if match is None:
        return None
    if match["hashes"]:
        depth = len(match["hashes"])
    elif match["number"]:
        depth = match["number"].count(".") + 1
    else:
        depth = 0
    pair = PAIR.search(text)
    return depth, (pair[1], pair[2]) if pair else None


def places(analyses: Sequence[Analysis], context: Context) -> Iterator[tuple[Analysis, Place]]:
    """Each shell block with its place: from the context, else from the file's headings."""
    known = set(context.matrix.releases) if context.matrix is not None else set()
    if context.from_version or context.to_version:
        place = Place(context.from_version, context.to_version, context.phase)
        yield from ((a, place) for a in analyses if a.category == "shell")
        return
    ordered = sorted(analyses, key=lambda a: (a.block.path, a.block.line))
    for _, group in groupby(ordered, key=lambda a: a.block.path):
        place = Place()
        for analysis in group:
            if analysis.category == "shell":
                yield analysis, place
            elif analysis.category == "prose":
                for line in analysis.block.lines:
                    place = follow_headings(place, line, known)


def follow_headings(place: Place, line: str, known: set[str]) -> Place:
    found = heading(line)
    if found is None:
        return place
    depth, named = found
    pair = named if named and set(named) <= known else None
    inside = place.from_version is not None and depth > place.level
    if inside:
        stage = ReleasePhase.TO if pair == (place.from_version, place.to_version) else place.stage
        # another transition ("PostgreSQL 9.5 to 10") runs between the two releases
        phase = None if named and pair != (place.from_version, place.to_version) else stage
        return Place(place.from_version, place.to_version, phase, place.level, stage)
    if pair:
        return Place(pair[0], pair[1], ReleasePhase.FROM, depth, ReleasePhase.FROM)
    return Place()


@rule("release-option", "error", scope="corpus")
def release_option(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A command, subcommand, option or service that the release the step runs on does
    not have, such as ``yum --nobest`` (a dnf option) on a RHEL 7 system, or the 4.4
    ``ovirt-imageio`` service on a 4.3 Manager (services per release: the matrix).

    Bad (updating the 4.3 Manager, RHEL 7, before the upgrade to 4.4)::

        # yum update --nobest

    Good::

        # yum update
    """
    if context.matrix is None or not any(a.commands for a in analyses):
        return  # prose only: no specs to load (start-up time)
    releases: dict[str, dict[str, Any]] = context.matrix.releases
    specs = load_specs(context.facts.spec_folders)
    services = _services(releases)
    for analysis, place in places(analyses, context):
        versions = sorted(v for v in place.releases() if v in releases)
        managers = {str(releases[v].get("package_manager", "")) for v in versions}
        if not versions or "" in managers:
            continue
        system = ", ".join(
            f"RHV {v} (RHEL {releases[v].get('rhel', {}).get('major', '?')}, "
            f"{releases[v].get('package_manager')})"
            for v in versions
        )
        for command in analysis.simple:
            problems = [
                (word, f"'{word.value}' needs {needs}")
                for word, needs in _needs(command, specs)
                if needs not in managers
            ]
            for index, word in enumerate(command.words):
                if command.name != "systemctl" or index == 0 or retires(command, index):
                    continue  # stopping or disabling the old release's service is right
                owners = services.get((word.value or "").removesuffix(".service"), set())
                if word.literal and owners and not owners & set(versions):
                    problems.append(
                        (word, f"'{word.value}' is the service of RHV {', '.join(sorted(owners))}")
                    )
            for word, message in problems:
                yield Hit(
                    word.line,
                    word.column,
                    f"{message}; this step runs on {system}",
                    analysis.block.path,
                )


RETIRING_OPTION = re.compile(r"^--?[\w-]*(?:disable|from)[\w-]*(?:=|$)")
RETIRING = {"remove", "erase", "stop", "disable", "mask", "-e", "--erase"}


def retires(command: SimpleCommand, index: int) -> bool:
    """The word at ``index`` names something the command stops, disables, removes or
    migrates away from (``--upgrade-from=X``, ``--disable X``, ``systemctl stop X``,
    ``yum remove X``): the old release's names are right there after the upgrade."""
    values = [w.value or "" for w in command.words]
    if RETIRING_OPTION.match(values[index]):
        return True
    if index > 0 and RETIRING_OPTION.match(values[index - 1]) and "=" not in values[index - 1]:
        return True
    return any(value in RETIRING for value in values[1:index])


def _services(releases: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Service name -> the releases whose matrix names it (keys ending in ``service``)."""
    owners: dict[str, set[str]] = {}

    def walk(node: Any, version: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if str(key).endswith("service") and isinstance(value, str):
                    owners.setdefault(value, set()).add(version)
                else:
                    walk(value, version)

    for version, release in releases.items():
        walk(release, version)
    return owners


def _needs(command: SimpleCommand, specs: dict[str, Spec]) -> Iterator[tuple[Word, str]]:
    """The words of a command that need a given package manager, with that need."""
    words = command.words[1:] if command.name == "sudo" else command.words
    if not words or not words[0].literal or words[0].value not in specs:
        return
    spec = specs[words[0].value or ""]
    if spec.needs:
        yield words[0], spec.needs
        return
    level = spec
    for word in words[1:]:
        value = word.value or ""
        if not word.literal:
            continue
        if value.startswith("-"):
            option = level.options.get(value.split("=", 1)[0]) or spec.options.get(
                value.split("=", 1)[0]
            )
            if option is not None and option.needs:
                yield word, option.needs
        elif value in level.subcommands:
            level = level.subcommands[value]
            if level.needs:
                yield word, level.needs
                return
