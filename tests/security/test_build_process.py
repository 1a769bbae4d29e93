"""Concurrent, interrupted builds and a full disk: one clear message, nothing left
behind, no child left running, the published output intact."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from guidekit.files import children
from guidekit.files.publish import build_staged, output_lock, stage
from guidekit.model.errors import GuideError

REPO = Path(__file__).resolve().parents[2]


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith("."))


def test_a_second_build_of_the_same_output_stops_and_leaves_the_first_alone(tmp_path: Path) -> None:
    target = tmp_path / "html" / "en"
    seen: list[str] = []

    def first(staging: Path) -> int:
        (staging / "index.html").write_text("first", "utf-8")
        with pytest.raises(GuideError, match="another build is writing this output"):
            build_staged(target, lambda s: 0)
        seen.append(staging.name)
        assert staging.is_dir()  # the second build did not clean it up
        return 0

    assert build_staged(target, first) == 0
    assert (target / "index.html").read_text("utf-8") == "first" and seen
    assert _leftovers(target) == []
    with output_lock(target):  # released: a later build takes it
        pass


_PARENT = """
import os, signal, subprocess, sys, time
# Ctrl-C as in a terminal, also when the tests run in a background job (SIGINT ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {extensions!r})
from pathlib import Path
from guidekit.files import children
from guidekit.files.publish import build_staged

def build(staging):
    grandchild = ("import time, os; open({pids!r}, 'a').write(str(os.getpid()) + ' '); "
                  "time.sleep(300)")
    child = ("import subprocess, sys, time; "
             "subprocess.Popen([sys.executable, '-c', %r]); time.sleep(300)" % grandchild)
    return children.run([sys.executable, "-c", child])

with children.stop_on_signals():
    build_staged(Path({target!r}), build)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_build_ends_its_children_and_removes_its_staging_folder(
    tmp_path: Path, sig: signal.Signals
) -> None:
    target = tmp_path / "html" / "en"
    target.mkdir(parents=True)
    (target / "index.html").write_text("last good", "utf-8")
    pids = tmp_path / "pids"
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(_PARENT).format(
            extensions=str(REPO / "extensions"), pids=str(pids), target=str(target)
        ),
        "utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    grandchild = int(pids.read_text().split()[0])
    parent.send_signal(sig)
    assert parent.wait(timeout=30) != 0
    deadline = time.monotonic() + 15
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild)
    assert _leftovers(target) == []
    assert (target / "index.html").read_text("utf-8") == "last good"


def test_a_full_disk_while_staging_is_one_short_message_and_no_partial_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "html" / "en"
    target.mkdir(parents=True)
    (target / "index.html").write_text("last good", "utf-8")
    errors = [
        (f"/src/{n}.html", f"/dst/{n}.html", f"[Errno 28] No space left on device: '/dst/{n}.html'")
        for n in range(200)
    ]

    def full(src: Path, dst: Path, **kwargs: object) -> None:
        (Path(dst) / "partial.html").write_text("x", "utf-8")
        raise shutil.Error(errors)

    monkeypatch.setattr(shutil, "copytree", full)
    with pytest.raises(GuideError) as info:
        stage(target)
    assert len(info.value.message) < 200, info.value.message
    assert "No space left on device" in info.value.message and "199 more" in info.value.message
    assert _leftovers(target) == []
    assert (target / "index.html").read_text("utf-8") == "last good"


def test_a_childs_crash_report_about_a_full_disk_becomes_one_line(
    capfd: pytest.CaptureFixture[str],
) -> None:
    crash = (
        "print('WARNING: a warning', file=sys.stderr); "
        "print('\\nException occurred:', file=sys.stderr); "
        "[print(f'  File x.py, line {n}', file=sys.stderr) for n in range(59)]; "
        "print('OSError: [Errno 28] No space left on device', file=sys.stderr); "
        "sys.exit(2)"
    )
    status = children.run([sys.executable, "-c", f"import sys; {crash}"], full_disk="DISK FULL")
    err = capfd.readouterr().err
    assert status == 2
    assert err.strip().splitlines() == ["WARNING: a warning", "DISK FULL"]


def test_another_crash_report_passes_through(capfd: pytest.CaptureFixture[str]) -> None:
    code = "import sys; print('Exception occurred:\\n  boom', file=sys.stderr); sys.exit(2)"
    assert children.run([sys.executable, "-c", code]) == 2
    assert "boom" in capfd.readouterr().err


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_publishing_swaps_the_folders_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill between two renames left the language folder missing until the next run."""
    target = tmp_path / "html" / "en"
    target.mkdir(parents=True)
    (target / "index.html").write_text("old", "utf-8")

    def no_rename(self: Path, other: object) -> None:
        raise AssertionError("published by two renames")

    monkeypatch.setattr(Path, "rename", no_rename)
    assert build_staged(target, lambda s: (s / "index.html").write_text("new", "utf-8") * 0) == 0
    assert (target / "index.html").read_text("utf-8") == "new"
    assert _leftovers(target) == []
