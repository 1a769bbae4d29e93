"""Build-time benchmark: prints figures and ratios, asserts nothing.

Everything runs in a temporary copy of the project (nothing is written into
the checkout). Measured side by side in one run, alternating the order of the
variants between repeats (the machine is shared and noisy: compare the
ratios, not the absolute seconds):

  1. ``guidekit build`` of every language with ``-j 1`` and with ``-j 2``
     (languages side by side), from an empty output: the ratio -j1/-j2 is
     the speed-up (target: at least 1.4 on two cores);
  2. a full English build (``sphinx-build -j 1``) and the rebuild after
     touching one shared procedure, and how many pages it read again
     (target: the rebuild at most 0.25 of the full build);
     (``--rebuild-only`` measures just this);
  3. a full English and a full Japanese build (-j 1), the ratio ja/en
     (``--languages-only`` measures just this).

Bytecode is compiled once, by a build before the measured ones, into the temporary
folder (as an installed guidekit has it, also where PYTHONDONTWRITEBYTECODE is set).
Wall-clock time and the CPU time of the build processes are both printed;
CPU time depends much less on what else runs, but parallelism only shows in
wall-clock time.

Usage: python benchmarks/build_times.py [--procedure global-maintenance] [--repeat 3]
       python benchmarks/build_times.py --rebuild-only [--procedure global-maintenance] [--repeat 3]
       python benchmarks/build_times.py --languages-only [--repeat 3]
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.building import copy_project, sphinx_command  # noqa: E402 - the tests' own


def cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def timed(into: dict[str, list[float]], name: str) -> Iterator[None]:
    start, cpu = time.perf_counter(), cpu_seconds()
    yield
    into.setdefault(name, []).append(time.perf_counter() - start)
    into.setdefault(name + " (CPU)", []).append(cpu_seconds() - cpu)


def run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr.strip()}")
    return result.stdout


def sphinx(root: Path, out: Path, language: str = "en") -> str:
    return run(sphinx_command(root, out, "-W", "--keep-going", "-j", "1", language=language), root)


def guidekit_build(root: Path, jobs: int) -> None:
    shutil.rmtree(root / "_build", ignore_errors=True)
    shutil.rmtree(root / "source" / "guides", ignore_errors=True)
    run([sys.executable, "-m", "guidekit", "build", "--root", str(root), "-j", str(jobs)], root)


def reread_count(stdout: str) -> int | None:
    match = re.search(r"updating environment: .*?(\d+) added, (\d+) changed", stdout)
    return int(match.group(2)) if match else None


def median(values: list[float]) -> float:
    return statistics.median(values)


def show(times: dict[str, list[float]]) -> None:
    print(f"{'measurement':52} {'median s':>9}  all runs")
    for name, values in times.items():
        runs = " ".join(f"{v:.1f}" for v in values)
        print(f"{name:52} {median(values):9.2f}  {runs}")


def ratio(times: dict[str, list[float]], top: str, bottom: str) -> str:
    wall = median([a / b for a, b in zip(times[top], times[bottom], strict=True)])
    cpu = median(
        [a / b for a, b in zip(times[top + " (CPU)"], times[bottom + " (CPU)"], strict=True)]
    )
    return f"{wall:.2f} wall clock, {cpu:.2f} CPU time"


def parallel_languages(root: Path, repeat: int, times: dict[str, list[float]]) -> None:
    for index in range(repeat):
        for jobs in (1, 2) if index % 2 == 0 else (2, 1):
            with timed(times, f"guidekit build -j {jobs} (all languages)"):
                guidekit_build(root, jobs)


def incremental(
    root: Path, procedure: str, repeat: int, times: dict[str, list[float]]
) -> list[int | None]:
    proc = root / "procedures" / f"{procedure}.md"
    if not proc.is_file():
        sys.exit(f"no procedure {procedure!r}")
    reread = []
    for index in range(repeat):
        out = root / "_build" / f"inc-{index}"
        with timed(times, "full build en -j 1"):
            sphinx(root, out)
        time.sleep(0.01)
        proc.touch()
        with timed(times, f"rebuild after touching {proc.name}"):
            reread.append(reread_count(sphinx(root, out)))
        shutil.rmtree(out)
    return reread


def keep_bytecode(tmp: Path, root: Path) -> None:
    """Bytecode as an installed guidekit has it: compiled once, then read. The builds
    keep it in ``tmp`` (nothing is written into the checkout, also where
    PYTHONDONTWRITEBYTECODE is set), filled by one build that is not timed."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    sphinx(root, tmp / "warm-up")
    shutil.rmtree(tmp / "warm-up")


def languages(root: Path, repeat: int, times: dict[str, list[float]]) -> None:
    for index in range(repeat):
        for language in ("en", "ja") if index % 2 == 0 else ("ja", "en"):
            out = root / "_build" / f"lang-{language}-{index}"
            with timed(times, f"full build {language} -j 1"):
                sphinx(root, out, language)
            shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--procedure",
        default="global-maintenance",
        help="the shared procedure to touch (default: global-maintenance)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="measure only the rebuild after touching the procedure against a full build",
    )
    parser.add_argument(
        "--languages-only",
        action="store_true",
        help="measure only the Japanese/English build ratio",
    )
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f} (before)")
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        keep_bytecode(Path(tmp), root)
        if args.languages_only:
            languages(root, args.repeat, times)
            show(times)
            print(f"ratio ja/en: {ratio(times, 'full build ja -j 1', 'full build en -j 1')}")
            return
        if not args.rebuild_only:
            parallel_languages(root, args.repeat, times)
        reread = incremental(root, args.procedure, args.repeat, times)
        pages = len(list((root / "source" / "guides").rglob("*.md"))) + 2
        show(times)
        print(f"pages in the project: {pages}; pages re-read by the rebuild: {reread}")
        if not args.rebuild_only:
            serial, parallel = (f"guidekit build -j {j} (all languages)" for j in (1, 2))
            print(f"speed-up, ratio (-j 1)/(-j 2): {ratio(times, serial, parallel)}")
        rebuild = f"rebuild after touching {args.procedure}.md"
        print(f"ratio rebuild/full: {ratio(times, rebuild, 'full build en -j 1')}")
    print(f"load average: {os.getloadavg()[0]:.1f} (after)")


if __name__ == "__main__":
    main()
