"""Machine mutation benchmark: is a bound command moved to another caption found?

Every ``{command}`` block of the guides that holds a command the state model
binds to its machines (a rule of it says ``bound: true`` in
procedures/states.yaml) is moved to each other caption of the manifest, one
mutant per block and caption, in memory (the procedure's text is changed and
parsed again; nothing is written, nothing is executed).  A mutant whose caption
may address a machine that the rules of the command do not accept, in some
environment that a guide holding it is walked in, is a fault,
and is caught when the sequence check reports ``flow-wrong-machine`` at the
command's line; a mutant whose caption addresses accepted machines only (a
narrower one, such as ``deployment-host`` for a ``she-node`` command) is no
fault (nor is a move between machines that all run it, such as ``engine-setup``
from ``manager`` to ``dwh`` with remote databases), and a
``flow-wrong-machine`` finding there is a false alarm.  The
unmutated guides must have no finding.

Prints each mutant that was missed or falsely reported, and the catch rate.

Usage: python benchmarks/flow_machine_mutation.py [--root DIR] [--show-all]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))

from guidekit.model.flow import FlowFinding, environments  # noqa: E402
from guidekit.model.flow.guides import applying, check_guide  # noqa: E402
from guidekit.model.flow.reading_text import GuideEvents  # noqa: E402
from guidekit.model.procedures import Library, parse_procedure  # noqa: E402
from guidekit.model.project import Project, load_project  # noqa: E402
from guidekit.model.states import StateModel, load_states  # noqa: E402

_FENCE = re.compile(r"^(?P<head>\s*`{3,}\{command\}\s*)(?P<arg>\S.*?)\s*$")
RULE = "flow-wrong-machine"


@dataclass(frozen=True)
class Site:
    """A command block holding a bound command: where its caption is written."""

    procedure: str
    path: str
    fence: int  # 1-based line of the ```{command} fence in the procedure file
    caption: str  # as written (may be a template: {{ node }})
    commands: tuple[tuple[int, str], ...]  # the bound commands: (line, command)
    #: the captions the rules of its commands accept, in each environment walked
    accepted: tuple[tuple[str, ...], ...]
    guides: tuple[str, ...]  # the guides that walk it


@dataclass(frozen=True)
class Move:
    """A block moved to another caption, before any walk: whether that is a fault."""

    site: Site
    caption: str
    fault: bool  # the caption may address a machine the command does not run on


@dataclass(frozen=True)
class Mutant:
    site: Site
    caption: str
    fault: bool  # the caption may address a machine the command does not run on
    caught: bool  # flow-wrong-machine at one of the bound commands' lines


def load(root: Path) -> tuple[Project, StateModel]:
    project = load_project(
        root / "source" / "guides.yaml",
        root / "procedures",
        root / "procedures" / "versions.yaml",
        root,
    )
    model = load_states(
        root / "procedures" / "states.yaml",
        frozenset(project.manifest.machines),
        project.manifest.conditions["topology"],
    )
    return project, model


def sites(project: Project, model: StateModel) -> list[Site]:
    """Every command block of every guide that holds a bound command."""
    found: dict[tuple[str, int], dict[str, object]] = {}
    by_path = {p.path: p for p in project.library.procedures.values()}
    for guide in project.manifest.guides:
        reader = GuideEvents(project, model, guide)
        for facts in environments(guide, project.manifest.conditions, model):
            for step in guide.steps:
                events = applying(step, reader.of_step(step), facts)
                commands = [e.command for e in events if e.kind == "command"]
                for event in events:
                    if event.kind != "command":
                        continue
                    # a rule's if: is taken to hold (the static look); its with: is known
                    accepted = model.accepted(event.command, facts, commands)
                    if not accepted:
                        continue
                    proc = by_path[event.path]
                    lines = Path(proc.path).read_text("utf-8").split("\n")
                    fence = next(
                        n for n in range(event.line - 1, 0, -1) if _FENCE.match(lines[n - 1])
                    )
                    match = _FENCE.match(lines[fence - 1])
                    assert match is not None
                    site = found.setdefault(
                        (proc.path, fence),
                        {
                            "procedure": proc.id,
                            "caption": match.group("arg"),
                            "commands": {},
                            "accepted": {},
                            "guides": {},
                        },
                    )
                    site["commands"][event.line] = event.command  # type: ignore[index]
                    site["accepted"][accepted] = None  # type: ignore[index]
                    site["guides"][guide.id] = None  # type: ignore[index]
    return [
        Site(
            str(data["procedure"]),
            path,
            fence,
            str(data["caption"]),
            tuple(sorted(data["commands"].items())),  # type: ignore[attr-defined]
            tuple(data["accepted"]),  # type: ignore[arg-type]
            tuple(data["guides"]),  # type: ignore[arg-type]
        )
        for (path, fence), data in sorted(found.items())
    ]


def walk(project: Project, model: StateModel, guides: tuple[str, ...]) -> set[FlowFinding]:
    findings: set[FlowFinding] = set()
    by_id = {guide.id: guide for guide in project.manifest.guides}
    for guide_id in guides:
        check_guide(project, model, by_id[guide_id], findings)
    return findings


def mutate(project: Project, model: StateModel, site: Site, caption: str) -> Mutant:
    """Move the block to ``caption`` and walk the guides that hold it."""
    proc = project.library.procedures[site.procedure]
    lines = Path(proc.path).read_text("utf-8").split("\n")
    match = _FENCE.match(lines[site.fence - 1])
    assert match is not None
    lines[site.fence - 1] = match.group("head") + caption
    procedures = {
        **project.library.procedures,
        proc.id: parse_procedure("\n".join(lines), proc.path),
    }
    mutated = Project(
        project.manifest, Library(procedures, project.library.directory), project.matrix
    )
    found = walk(mutated, model, site.guides)
    lines_of = {line for line, _command in site.commands}
    caught = any(f.rule == RULE and f.path == proc.path and f.line in lines_of for f in found)
    return Mutant(site, caption, is_fault(model, site, caption), caught)


def is_fault(model: StateModel, site: Site, caption: str) -> bool:
    return any(model.world.outside(caption, accepted) for accepted in site.accepted)


def moves(
    project: Project, model: StateModel, procedures: frozenset[str] = frozenset()
) -> list[Move]:
    """Every move of a block (of ``procedures`` only, if given) to each other
    caption of the manifest, with whether it is a fault; nothing is walked yet."""
    return [
        Move(site, caption, is_fault(model, site, caption))
        for site in sites(project, model)
        if not procedures or site.procedure in procedures
        for caption in project.manifest.machines
        if caption != site.caption
    ]


def representative(every: list[Move]) -> list[Move]:
    """A deterministic sample of ``every``: per block, one fault and one move to an
    accepted caption (if it has any), the captions taken in turn from block to block
    so that the sample moves blocks to every caption that the moves do."""
    by_site: dict[Site, list[Move]] = {}
    for move in every:
        by_site.setdefault(move.site, []).append(move)
    picked = []
    for turn, site_moves in enumerate(by_site.values()):
        for fault in (True, False):
            kind = [m for m in site_moves if m.fault == fault]
            if kind:
                picked.append(kind[turn % len(kind)])
    return picked


def run(
    root: Path = ROOT,
    procedures: frozenset[str] = frozenset(),
    pick: Callable[[list[Move]], list[Move]] = list,
) -> tuple[list[Mutant], list[FlowFinding]]:
    """Every mutant (of the blocks of ``procedures`` only, if given; of the moves
    that ``pick`` keeps, such as :func:`representative`), and the findings on the
    unmutated guides (there must be none)."""
    project, model = load(root)
    every = tuple(g.id for g in project.manifest.guides)
    unmutated = sorted(walk(project, model, every))
    mutants = [
        mutate(project, model, move.site, move.caption)
        for move in pick(moves(project, model, procedures))
    ]
    return mutants, unmutated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--show-all", action="store_true", help="list every mutant")
    parser.add_argument("--procedure", action="append", default=[], help="only these blocks")
    args = parser.parse_args(argv)
    mutants, unmutated = run(args.root, frozenset(args.procedure))
    for finding in unmutated:
        print(f"unmutated: {finding.path}:{finding.line}: [{finding.rule}] {finding.message}")
    faults = [m for m in mutants if m.fault]
    harmless = [m for m in mutants if not m.fault]
    for mutant in mutants:
        wrong = mutant.fault != mutant.caught
        if wrong or args.show_all:
            site = mutant.site
            status = "caught" if mutant.caught else "not reported"
            kind = "fault" if mutant.fault else "no fault"
            print(
                f"{'MISSED ' if mutant.fault and wrong else 'FALSE ' if wrong else ''}"
                f"{Path(site.path).name}:{site.commands[0][0]} `{site.commands[0][1]}` "
                f"{site.caption} -> {mutant.caption} ({kind}, {status}; accepted: "
                f"{' | '.join(', '.join(a) for a in site.accepted)})"
            )
    caught = sum(m.caught for m in faults)
    false = sum(m.caught for m in harmless)
    blocks = len({m.site for m in mutants})
    rate = 100 * caught / len(faults) if faults else 0.0
    print(
        f"{blocks} blocks with bound commands, {len(mutants)} mutants: "
        f"{caught}/{len(faults)} faults caught ({rate:.1f}%), "
        f"{false}/{len(harmless)} moves to an accepted caption falsely reported, "
        f"{len(unmutated)} findings on the unmutated guides"
    )
    return 0 if caught == len(faults) and not false and not unmutated else 1


if __name__ == "__main__":
    sys.exit(main())
