"""cmdlint benchmark: start-up and throughput, side by side in one run.

1. Start-up: ``cmdlint`` on a one-line file beside a bare ``python -c pass`` (the same
   interpreter, started directly; medians of --runs interleaved runs).  Goal: <= 8x.
2. The reference text (default ``../shared/reference`` beside the repository, about
   300 blocks): one ``cmdlint`` process over all of it (start-up included), beside
   ``shellcheck`` run once per shell block and ``bash -n`` run once per shell block
   on the same scripts cmdlint builds.  Goal: cmdlint >= 3x faster per block than
   shellcheck.  Nothing is executed: ``bash -n`` only parses.
3. With --guides: the assembled guides linted by the Sphinx builder (-b cmdlint).

Usage: python benchmarks/cmdlint_bench.py [REFERENCE] [--runs 9] [--guides]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))
sys.path.insert(0, str(ROOT))

from tests.building import copy_project, sphinx_command  # noqa: E402 - the tests' own

from cmdlint import oracle  # noqa: E402
from cmdlint.blocks import extract_blocks  # noqa: E402
from cmdlint.cli import SUFFIXES  # noqa: E402
from cmdlint.engine import analyse, known_commands  # noqa: E402

CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}


def cmdlint_command() -> list[str]:
    script = Path(sys.executable).parent / "cmdlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cmdlint.cli"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: Sequence[str],
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        command,
        input=stdin,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={**os.environ, **env} if env else None,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def wall(command: Sequence[str], stdin: bytes | None = None) -> float:
    return timed(command, stdin)[0]


def startup(runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of ``python -c pass`` and of cmdlint on a one-line file,
    run in an empty folder (any repository) and in this one (its pyproject.toml and
    version matrix are read)."""
    with tempfile.TemporaryDirectory(prefix="cmdlint-bench-") as folder:
        page = Path(folder) / "one.md"
        page.write_text("Run `ls -l /etc` to list the configuration files.\n", encoding="utf-8")
        runs_of: dict[str, list[tuple[float, float]]] = {"bare": [], "empty": [], "repo": []}
        for _ in range(runs):  # interleaved, so that load changes hit all alike
            runs_of["bare"].append(timed([sys.executable, "-c", "pass"], cwd=Path(folder)))
            runs_of["empty"].append(timed([*cmdlint_command(), str(page)], cwd=Path(folder)))
            runs_of["repo"].append(timed([*cmdlint_command(), str(page)]))
    return {name: _medians(values) for name, values in runs_of.items()}


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def reference_files(reference: Path) -> list[Path]:
    if reference.is_file():
        return [reference]
    return sorted(
        p
        for p in reference.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and p.name != "README.md"
    )


def shell_scripts(files: Sequence[Path]) -> tuple[int, list[str]]:
    """All blocks cmdlint finds, and the bash script of each shell block."""
    known = known_commands()
    blocks = [
        block
        for path in files
        for block in extract_blocks(path.read_text(encoding="utf-8"), str(path))
    ]
    scripts = []
    for block in blocks:
        analysis = analyse(block, known)
        if analysis.category == "shell" and analysis.script.strip():
            scripts.append(analysis.script)
    return len(blocks), scripts


def per_block(command: list[str], scripts: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process per script."""
    runs = [timed(command, script.encode("utf-8")) for script in scripts]
    return sum(r[0] for r in runs), sum(r[1] for r in runs)


def assembled_guides() -> tuple[float, str]:
    # In a copy: a build writes its stub pages into source/guides/.
    with tempfile.TemporaryDirectory(prefix="cmdlint-bench-") as tmp:
        root, out = copy_project(Path(tmp) / "project"), str(Path(tmp) / "out")
        shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")  # [tool.cmdlint]
        seconds = wall(sphinx_command(root, Path(out), "-q", "-j", "1", builder="cmdlint"))
        report = Path(out, "output.txt").read_text(encoding="utf-8")
    return seconds, report.split("\n", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "reference", nargs="?", type=Path, default=ROOT.parent / "shared" / "reference"
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--guides", action="store_true", help="also time -b cmdlint")
    args = parser.parse_args()
    print(f"interpreter: {sys.executable}; tools: {oracle.tool_versions()}")

    times = startup(args.runs)
    bare, bare_cpu = times["bare"]
    print(
        f"start-up (medians of {args.runs}; CPU is user+sys, wall is inflated by the "
        f"machine's load): python -c pass {bare * 1000:.0f} ms wall, {bare_cpu * 1000:.0f} "
        "ms CPU"
    )
    for name, where in (("empty", "in an empty folder"), ("repo", "in this repository")):
        wall_s, cpu_s = times[name]
        print(
            f"  cmdlint one-line file {where}: {wall_s * 1000:.0f} ms wall = "
            f"{wall_s / bare:.1f}x, {cpu_s * 1000:.0f} ms CPU = "
            f"{cpu_s / max(bare_cpu, 1e-3):.1f}x (goal <= 8x)"
        )

    files = reference_files(args.reference)
    if not files:
        sys.exit(f"{args.reference}: no text files to lint")
    blocks, scripts = shell_scripts(files)
    with tempfile.TemporaryDirectory(prefix="cmdlint-cache-") as cache:
        env = {"CMDLINT_CACHE_DIR": cache}  # a new, empty result cache: the first run is cold
        seconds, cpu = timed([*cmdlint_command(), *map(str, files)], env=env)
        warm, warm_cpu = timed([*cmdlint_command(), *map(str, files)], env=env)
    shellcheck = oracle.shellcheck_path()
    bash = oracle.bash_path()
    sc_seconds, sc_cpu = (
        per_block([shellcheck, "-s", "bash", "-"], scripts) if shellcheck else (0.0, 0.0)
    )
    bash_seconds, bash_cpu = (
        per_block([bash, "--norc", "--noprofile", "-n"], scripts) if bash else (0.0, 0.0)
    )
    print(f"reference: {len(files)} file(s), {blocks} block(s), {len(scripts)} shell block(s)")
    print(
        f"  cmdlint, one process, all rules: {seconds:.2f} s = "
        f"{seconds / blocks * 1000:.1f} ms/block (CPU {cpu:.2f} s; bash -n and shellcheck "
        "batched, no cached results)"
    )
    print(
        f"  cmdlint again, results of unchanged blocks cached: {warm:.2f} s = "
        f"{warm / blocks * 1000:.1f} ms/block (CPU {warm_cpu:.2f} s)"
    )
    if shellcheck:
        per = sc_seconds / len(scripts)
        print(
            f"  shellcheck once per shell block: {sc_seconds:.2f} s = {per * 1000:.1f} "
            f"ms/block | cmdlint {per / (seconds / blocks):.1f}x faster per block, "
            f"{sc_seconds / seconds:.1f}x in total (goal >= 3x); CPU {sc_cpu:.2f} s, "
            f"{(sc_cpu / len(scripts)) / (cpu / blocks):.1f}x per block; cached run "
            f"{per / (warm / blocks):.1f}x per block"
        )
    if bash:
        per = bash_seconds / len(scripts)
        print(
            f"  bash -n once per shell block:    {bash_seconds:.2f} s = {per * 1000:.1f} "
            f"ms/block | cmdlint {per / (seconds / blocks):.1f}x faster per block, "
            f"{bash_seconds / seconds:.1f}x in total; CPU {bash_cpu:.2f} s, "
            f"{(bash_cpu / len(scripts)) / (cpu / blocks):.1f}x per block"
        )
    if args.guides:
        guide_seconds, summary = assembled_guides()
        match = re.match(r"(\d+)", summary)
        count = int(match[1]) if match else 0
        print(
            f"assembled guides, sphinx-build -b cmdlint (read + lint): {guide_seconds:.2f} s; "
            f"{summary.strip()}; {count / guide_seconds:.0f} blocks/s"
        )


if __name__ == "__main__":
    main()
