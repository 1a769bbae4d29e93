"""Where a test run's time goes: a pytest plugin and its report (prints, asserts nothing).

Each process (the controller and every xdist worker) writes one line per test to
``<folder>/<worker>.jsonl``: when it started and ended, the CPU time of the process
and of the children it waited for (builds, LaTeX; not Chromium, which the browser
tests do not wait for), and, once per process, the garbage collector's time. The
report shows per worker how long it was busy and on what, and which tests wait
more than they compute (a browser, a time-out).

Usage (from the repository root):
    GUIDEKIT_TIMELINE=/tmp/timeline PYTHONPATH=benchmarks \\
        python -m pytest -n auto -p pytest_timeline
    python benchmarks/pytest_timeline.py /tmp/timeline
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

FOLDER = "GUIDEKIT_TIMELINE"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timeline:
    """The plugin: one JSON line per test, and the collector's time at the end."""

    def __init__(self, folder: Path) -> None:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "controller")
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{worker}.jsonl"
        self.started: dict[str, tuple[float, float]] = {}
        self.collecting = 0.0
        self.collected = 0.0
        self.since = 0.0
        gc.callbacks.append(self._collector)

    def _collector(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.since = time.perf_counter()
        else:
            self.collected += time.perf_counter() - self.since

    def _write(self, record: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.started[nodeid] = (time.time(), _cpu())

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        start, cpu = self.started.pop(nodeid, (time.time(), _cpu()))
        self._write({"test": nodeid, "start": start, "end": time.time(), "cpu": _cpu() - cpu})

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        self._write({"gc": self.collected, "end": time.time()})


def pytest_configure(config: pytest.Config) -> None:
    folder = os.environ.get(FOLDER)
    # Under xdist the controller only relays its workers' reports: they record.
    relaying = not hasattr(config, "workerinput") and config.getoption("dist", "no") != "no"
    if folder and not relaying:
        config.pluginmanager.register(Timeline(Path(folder)), "guidekit-timeline")


def report(folder: Path) -> None:
    records = {
        path.stem: [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        for path in sorted(folder.glob("*.jsonl"))
    }
    tests = [r | {"worker": w} for w, rs in records.items() for r in rs if "test" in r]
    if not tests:
        sys.exit(f"no tests recorded in {folder}")
    first = min(t["start"] for t in tests)
    for worker, rows in records.items():
        mine = [r for r in rows if "test" in r]
        if not mine:
            continue
        busy = sum(r["end"] - r["start"] for r in mine)
        gc_time = next((r["gc"] for r in rows if "gc" in r), 0.0)
        end = max(r["end"] for r in mine) - first
        print(
            f"{worker}: {len(mine)} tests, busy {busy:.1f} s, last ends at {end:.1f} s, "
            f"CPU {sum(r['cpu'] for r in mine):.1f} s, collector {gc_time:.1f} s"
        )
        files: defaultdict[str, float] = defaultdict(float)
        for r in mine:
            files[r["test"].split("::")[0]] += r["end"] - r["start"]
        for name, seconds in sorted(files.items(), key=lambda item: -item[1])[:8]:
            print(f"   {seconds:7.1f} s  {name}")
    waiting: defaultdict[str, float] = defaultdict(float)
    for t in tests:
        waiting[t["test"].split("::")[0]] += max(0.0, t["end"] - t["start"] - t["cpu"])
    print("waiting, not computing (wall minus CPU of the process and its waited children):")
    for name, seconds in sorted(waiting.items(), key=lambda item: -item[1])[:8]:
        print(f"   {seconds:7.1f} s  {name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    report(Path(sys.argv[1]))
