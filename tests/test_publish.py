"""Output is published only by a build that succeeded (issue 13, item 8)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.forked import run_module

from guidekit.cli.build import share_jobs
from guidekit.files.publish import build_staged, publish, recover, stage
from guidekit.model.errors import GuideError


def _tree(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` and its hash (the .doctrees cache left out)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith("."))


def test_a_successful_build_replaces_the_output(tmp_path: Path) -> None:
    target = tmp_path / "html" / "en"

    def build(text: str) -> int:
        def run(staging: Path) -> int:
            assert staging.parent == target.parent and staging != target
            (staging / "index.html").write_text(text, "utf-8")
            return 0

        return build_staged(target, run)

    assert build("one") == 0
    assert (target / "index.html").read_text("utf-8") == "one"
    assert build("two") == 0
    assert (target / "index.html").read_text("utf-8") == "two"
    assert _leftovers(target) == []
    assert oct(target.stat().st_mode & 0o777) != "0o700"


def test_a_failed_or_crashed_build_keeps_the_last_good_output(tmp_path: Path) -> None:
    target = tmp_path / "en"
    target.mkdir()
    (target / "index.html").write_text("good", "utf-8")

    def failing(staging: Path) -> int:
        assert (staging / "index.html").read_text("utf-8") == "good"  # seeded: incremental
        (staging / "index.html").write_text("half", "utf-8")
        return 1

    def crashing(staging: Path) -> int:
        raise KeyboardInterrupt

    assert build_staged(target, failing) == 1
    with pytest.raises(KeyboardInterrupt):
        build_staged(target, crashing)
    assert (target / "index.html").read_text("utf-8") == "good"
    assert _leftovers(target) == []


def test_what_a_killed_publish_leaves_is_recovered(tmp_path: Path) -> None:
    target = tmp_path / "en"
    target.mkdir()
    (target / "index.html").write_text("good", "utf-8")
    staging = stage(target)
    # Killed between the two renames: the old output moved aside, the new not in place.
    target.rename(tmp_path / ".en.old-1234")
    recover(target)
    assert (target / "index.html").read_text("utf-8") == "good"
    assert _leftovers(target) == []
    assert not staging.exists()


def test_an_output_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    with pytest.raises(GuideError, match="the output folder is a file"):
        stage(tmp_path / "file")
    with pytest.raises(GuideError, match="cannot create the output folder"):
        stage(tmp_path / "file" / "en")


def test_publish_into_a_missing_target(tmp_path: Path) -> None:
    staging = tmp_path / ".new"
    staging.mkdir()
    publish(staging, tmp_path / "en")
    assert (tmp_path / "en").is_dir() and not staging.exists()


# --- guidekit build, end to end ---------------------------------------------------


@pytest.fixture
def project(basic_root: Path) -> Path:
    with (basic_root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nguidekit_source = "."\n')
    return basic_root


def _guidekit_build(root: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guidekit", "build", "--root", str(root), "--lang", "en", "-j", "1"],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )  # type: ignore[call-overload]


def test_guidekit_build_publishes_only_good_builds(project: Path) -> None:
    out = project / "_build" / "html" / "en"
    assert _guidekit_build(project).returncode == 0
    good = _tree(out)
    assert "index.html" in good and "searchindex.js" in good
    sub = project / "procedures" / "sub.md"
    sub.write_text(sub.read_text("utf-8").replace("Sub body for", "{{ nosuch }}"), "utf-8")
    result = _guidekit_build(project)
    assert result.returncode == 1
    assert "keeps the last good output" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(out) == good
    assert _leftovers(out) == []


def test_a_killed_build_leaves_the_output_and_the_next_build_heals(project: Path) -> None:
    out = project / "_build" / "html" / "en"
    assert _guidekit_build(project).returncode == 0
    good = _tree(out)
    (project / "procedures" / "sub.md").touch()
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "guidekit",
            "build",
            "--root",
            str(project),
            "--lang",
            "en",
            "-j",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    # Kill the whole build (guidekit and its sphinx) once it writes its staging copy.
    while time.monotonic() < deadline and not any(
        p.name.startswith(".en.staging-") and (p / "index.html").exists()
        for p in out.parent.iterdir()
    ):
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert _tree(out) == good  # the published output is whole
    assert any(name.startswith(".en.staging-") for name in _leftovers(out))
    assert _guidekit_build(project).returncode == 0
    assert _leftovers(out) == []
    assert _tree(out).keys() == good.keys()


def test_guidekit_build_into_a_file_is_one_error(project: Path) -> None:
    out = project / "_build" / "html" / "en"
    out.parent.mkdir(parents=True)
    out.write_text("not a folder", "utf-8")
    result = _guidekit_build(project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"guidekit: error: {out}: the output folder is a file; move it away or choose "
        "another guidekit_build"
    ]


def test_languages_build_side_by_side_and_each_is_published_on_its_own(project: Path) -> None:
    """-j 2: both languages build at once; a failed one keeps its last good output
    (none here) while the other is published, and the exit status says so."""
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nguidekit_languages = ["en", "ja"]\nlocale_dirs = ["locales"]\n')
    result = run_module(
        [sys.executable, "-m", "guidekit", "build", "--root", str(project), "-j", "2"]
    )
    assert result.returncode == 0, result.stderr
    html = project / "_build" / "html"
    assert (html / "en" / "index.html").is_file() and (html / "ja" / "index.html").is_file()
    assert 'lang="ja"' in (html / "ja" / "index.html").read_text("utf-8")
    broken = project / "locales" / "ja" / "LC_MESSAGES" / "guidekit.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "x"\nmsgstr "y\n', "utf-8")
    shutil.rmtree(html / "ja")
    (project / "procedures" / "sub.md").touch()
    result = run_module(
        [sys.executable, "-m", "guidekit", "build", "--root", str(project), "-j", "2"]
    )
    assert result.returncode == 1
    assert "guidekit.po" in result.stderr and "Traceback" not in result.stderr
    assert "the ja build failed (exit 1)" in result.stderr
    assert f"guidekit build: en: {html / 'en' / 'index.html'}" in result.stdout
    assert not (html / "ja").exists()
    assert _leftovers(html / "en") == [] and _leftovers(html / "ja") == []


@pytest.mark.parametrize(
    ("jobs", "languages", "expected"),
    [
        ("1", 2, (1, "1")),
        ("2", 2, (2, "1")),
        ("4", 2, (2, "2")),
        ("3", 1, (1, "3")),
        ("2", 3, (2, "1")),
    ],
)
def test_jobs_are_shared_between_languages(
    jobs: str, languages: int, expected: tuple[int, str]
) -> None:
    assert share_jobs(jobs, languages) == expected
