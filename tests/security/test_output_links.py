"""An output folder that is a link (or lies under one in the project) is refused:
one error naming it, a non-zero exit, nothing written where it points."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.building import run_sphinx
from tests.forked import run_module

from guidekit.files.publish import build_staged, refuse_links
from guidekit.model.errors import GuideError
from guidekit.model.paths import ProjectPaths

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("someone else's file\n", "utf-8")
    return folder


def _untouched(outside: Path) -> bool:
    return [p.name for p in outside.rglob("*")] == ["keep.txt"]


def _guidekit(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return run_module(
        [sys.executable, "-m", "guidekit", *command, "--root", str(root), "--lang", "en"]
    )


@pytest.mark.parametrize("linked", ["html", "html/en"])
def test_publishing_through_a_link_is_refused(tmp_path: Path, outside: Path, linked: str) -> None:
    target = tmp_path / "_build" / "html" / "en"
    link = tmp_path / "_build" / linked
    link.parent.mkdir(parents=True)
    link.symlink_to(outside, target_is_directory=True)
    built: list[Path] = []

    def build(staging: Path) -> int:
        built.append(staging)
        (staging / "index.html").write_text("page", "utf-8")
        return 0

    with pytest.raises(GuideError) as raised:
        build_staged(target, build)
    assert raised.value.path == link
    assert "is a link" in raised.value.message
    assert built == [] and _untouched(outside)


def test_publishing_into_real_folders_is_not_refused(tmp_path: Path) -> None:
    target = tmp_path / "_build" / "html" / "en"
    refuse_links(target)  # nothing there yet: nothing to refuse
    assert build_staged(target, lambda staging: 0) == 0
    refuse_links(target)
    assert target.is_dir() and not target.is_symlink()


def test_the_build_folder_keeps_its_links_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "_build").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    inside = ProjectPaths.from_values(tmp_path / "project", {})
    assert inside.build == tmp_path / "project" / "_build"  # unresolved: refusable
    outside = ProjectPaths.from_values(tmp_path / "project", {"guidekit_build": "../out"})
    assert outside.build == tmp_path / "elsewhere"  # outside: the folder chosen


@pytest.mark.parametrize("linked", ["_build", "_build/html"])
def test_guidekit_build_into_a_link_is_one_error(
    basic_root: Path, outside: Path, linked: str
) -> None:
    link = basic_root / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    result = _guidekit(basic_root, "build", "-j", "1")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"guidekit: error: {link}: the output folder is a link (to {outside}); guidekit "
        "writes nothing through a link: make it a real folder, or set guidekit_build to "
        "the folder it points to"
    ]
    assert _untouched(outside)


def test_guidekit_pdf_into_a_link_is_one_error(basic_root: Path, outside: Path) -> None:
    link = basic_root / "_build" / "html" / "pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside, target_is_directory=True)
    result = _guidekit(basic_root, "pdf")
    assert result.returncode == 2
    assert result.stderr.startswith(f"guidekit: error: {link}: the output folder is a link")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert _untouched(outside)


@pytest.mark.sphinx
def test_sphinx_build_into_a_linked_build_folder_is_one_error(
    basic_root: Path, outside: Path
) -> None:
    """A plain sphinx-build: Sphinx resolves its output folder (and creates it where
    the link points), the extension finds the link and builds nothing."""
    link = basic_root / "_build"
    link.symlink_to(outside, target_is_directory=True)
    result = run_sphinx(basic_root, link / "html" / "en", "-W", "-q")
    lines = [ANSI.sub("", line) for line in result.stderr.splitlines()]
    assert result.returncode != 0
    assert len(lines) == 1, lines
    assert f"{link}: ERROR: the output folder is a link" in lines[0]
    assert "Traceback" not in result.stderr
    assert [p for p in outside.rglob("*") if p.is_file()] == [outside / "keep.txt"]


@pytest.mark.sphinx
def test_sphinx_build_into_a_real_build_folder_builds(basic_root: Path) -> None:
    result = run_sphinx(basic_root, basic_root / "_build" / "html" / "en", "-W", "-q")
    assert result.returncode == 0, result.stderr
    assert (basic_root / "_build" / "html" / "en" / "index.html").is_file()
