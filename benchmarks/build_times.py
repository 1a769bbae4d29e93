"""Build-time benchmark: prints figures, asserts nothing.

Measures, side by side in one run (the machine is shared and noisy, so
compare the ratios, not the absolute seconds):
  1. a full HTML build with -j 1,
  2. a full HTML build with -j 2,
  3. an incremental build after touching one shared procedure,
and how many pages the incremental build re-read; and
  4. a full English and a full Japanese build (-j 1), one after the other,
and the ratio Japanese/English (--languages-only measures just this).

Usage: python benchmarks/build_times.py [--procedure global-maintenance] [--repeat 2]
       python benchmarks/build_times.py --languages-only [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(out: Path, jobs: int, language: str = "en") -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-j", str(jobs), "-c", str(REPO),
         "-b", "html", "-D", f"language={language}", str(REPO / "source"), str(out)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode:
        sys.exit(f"the {language} build failed:\n{result.stderr.strip()}")
    return time.perf_counter() - start, result.stdout


def reread_count(stdout: str) -> str:
    match = re.search(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed", stdout)
    return f"{match.group(2)} changed" if match else "?"


def cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def language_ratio(repeat: int) -> None:
    """Full builds in English and Japanese, side by side; the median ratios.

    Wall-clock time on a shared machine depends on what else runs; the CPU
    time of the build process much less, so both are printed."""
    wall_ratios, cpu_ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(repeat):
            wall, cpu = {}, {}
            # Alternate the order, so that neither language always runs on a warmer machine.
            for language in (("en", "ja") if run % 2 == 0 else ("ja", "en")):
                before = cpu_seconds()
                wall[language], _ = build(Path(tmp) / f"{language}-{run}", 1, language)
                cpu[language] = cpu_seconds() - before
            wall_ratios.append(wall["ja"] / wall["en"])
            cpu_ratios.append(cpu["ja"] / cpu["en"])
            print(f"full build -j 1: en {wall['en']:6.2f} s ({cpu['en']:6.2f} s CPU), "
                  f"ja {wall['ja']:6.2f} s ({cpu['ja']:6.2f} s CPU), "
                  f"ja/en {wall_ratios[-1]:.2f} wall, {cpu_ratios[-1]:.2f} CPU")
    print(f"median ratio ja/en: {sorted(wall_ratios)[len(wall_ratios) // 2]:.2f} wall clock, "
          f"{sorted(cpu_ratios)[len(cpu_ratios) // 2]:.2f} CPU time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedure", default="global-maintenance")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--languages-only", action="store_true",
                        help="measure only the Japanese/English build ratio")
    args = parser.parse_args()
    if args.languages_only:
        language_ratio(args.repeat)
        return
    proc = REPO / "procedures" / f"{args.procedure}.md"
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            for jobs in (1, 2):
                out = Path(tmp) / f"full-j{jobs}-{run}"
                seconds, _ = build(out, jobs)
                rows.append((f"full build -j {jobs}", seconds, ""))
            out = Path(tmp) / f"full-j1-{run}"
            proc.touch()
            seconds, stdout = build(out, 1)
            rows.append((f"rebuild after touching {proc.name}", seconds, reread_count(stdout)))
            shutil.rmtree(out)
    total_pages = len(list((REPO / "source" / "guides").rglob("*.md"))) + 1
    print(f"pages in the project: {total_pages}")
    print(f"{'measurement':45} {'seconds':>8}  pages re-read")
    for name, seconds, note in rows:
        print(f"{name:45} {seconds:8.2f}  {note}")
    full = [s for n, s, _ in rows if n == "full build -j 1"]
    par = [s for n, s, _ in rows if n == "full build -j 2"]
    inc = [s for n, s, _ in rows if n.startswith("rebuild")]
    ratios = sorted(p / f for p, f in zip(par, full, strict=True))
    print(f"median ratio -j2/-j1: {ratios[len(full) // 2]:.2f}")
    print(f"median ratio rebuild/full(-j1): "
          f"{sorted(i / f for i, f in zip(inc, full, strict=True))[len(full) // 2]:.2f}")
    language_ratio(args.repeat)


if __name__ == "__main__":
    main()
