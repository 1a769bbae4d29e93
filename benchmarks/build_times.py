"""Build-time benchmark: prints figures, asserts nothing.

Measures, side by side in one run (the machine is shared and noisy, so
compare the ratios, not the absolute seconds):
  1. a full HTML build with -j 1,
  2. a full HTML build with -j 2,
  3. an incremental build after touching one shared procedure,
and how many pages the incremental build re-read.

Usage: python benchmarks/build_times.py [--procedure global-maintenance] [--repeat 2]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(out: Path, jobs: int) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-j", str(jobs), "-c", str(REPO),
         "-b", "html", str(REPO / "source"), str(out)],
        capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - start, result.stdout


def reread_count(stdout: str) -> str:
    match = re.search(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed", stdout)
    return f"{match.group(2)} changed" if match else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedure", default="global-maintenance")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
