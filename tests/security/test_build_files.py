"""The build writes no file through a link, deletes no writer's file, and publishes
no file from outside the project (in-process Sphinx builds of a copy)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOISE = ("is already registered",)
SECRET = "SECRET-TOKEN-5678"
Build = Callable[[Path], tuple[int, list[str]]]
pytestmark = pytest.mark.sphinx


@pytest.fixture
def build(make_app: Callable[..., Any]) -> Build:
    def run(root: Path) -> tuple[int, list[str]]:
        app = make_app("html", srcdir=root, builddir=root / "_build")
        app.build()
        lines = [ANSI.sub("", line) for line in app.warning.getvalue().splitlines()]
        return app.statuscode, [line for line in lines if not any(n in line for n in NOISE)]

    return run


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n", "utf-8")
    (folder / "target.md").write_text("the writer's file elsewhere\n", "utf-8")
    return folder


def _published(root: Path) -> str:
    html = root / "_build" / "html"
    return "".join(p.read_text("utf-8", "replace") for p in html.rglob("*") if p.is_file())


def test_a_stub_page_that_is_a_link_is_not_written_through(
    build: Build, basic_root: Path, outside: Path
) -> None:
    assert build(basic_root) == (0, [])
    stub = basic_root / "guides" / "she-4.3-to-4.4" / "update.md"
    stub.unlink()
    stub.symlink_to(outside / "target.md")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(r"guides/she-4\.3-to-4\.4/update\.md: ERROR: .* is a link", lines[0])
    assert (outside / "target.md").read_text("utf-8") == "the writer's file elsewhere\n"
    assert stub.is_symlink()


def test_a_stub_folder_that_is_a_link_gets_nothing_written(
    build: Build, basic_root: Path, outside: Path
) -> None:
    (basic_root / "guides").symlink_to(outside, target_is_directory=True)
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert "is a link or a file" in lines[0]
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt", "target.md"]


def test_a_writers_own_page_in_the_stub_folder_is_kept_and_reported(
    build: Build, basic_root: Path
) -> None:
    assert build(basic_root) == (0, [])
    mine = basic_root / "guides" / "she-4.3-to-4.4" / "notes.md"
    mine.write_text("# My notes\n\nDo not lose me.\n", "utf-8")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"guides/she-4\.3-to-4\.4/notes\.md: ERROR: .* was not written by "
        r"guidekit",
        lines[0],
    ), lines[0]
    assert mine.read_text("utf-8") == "# My notes\n\nDo not lose me.\n"
    # A stale page guidekit wrote is still removed once the writer's file is gone.
    mine.unlink()
    stale = basic_root / "guides" / "she-4.3-to-4.4" / "old-step.md"
    stale.write_text((stale.parent / "update.md").read_text("utf-8"), "utf-8")
    assert build(basic_root) == (0, [])
    assert not stale.exists()


def test_a_procedure_that_links_outside_the_project_is_refused(
    build: Build, basic_root: Path, outside: Path
) -> None:
    (outside / "evil.md").write_text(
        f"---\nid: evil\ntitle: Evil\nsummary: E.\n---\n{SECRET}\n", "utf-8"
    )
    (basic_root / "procedures" / "evil.md").symlink_to(outside / "evil.md")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"procedures/evil\.md: ERROR: this procedure is a link to a file outside "
        r"the project",
        lines[0],
    ), lines[0]
    assert SECRET not in _published(basic_root)


@pytest.mark.parametrize(
    ("directive", "fragment"),
    [
        ("```{{literalinclude}} ../../../../../../../../../..{path}\n```", "secret.txt"),
        ("```{{include}} ../../../../../../../../../..{path}\n```", "secret.txt"),
        ("```{{image}} ../../../../../../../../../..{image}\n```", "pixel.png"),
        ("{{download}}`the file <../../../../../../../../../..{path}>`", "secret.txt"),
    ],
)
def test_a_file_outside_the_project_is_not_published(
    build: Build, basic_root: Path, outside: Path, directive: str, fragment: str
) -> None:
    image = outside / "pixel.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    sub = basic_root / "procedures" / "sub.md"
    text = sub.read_text("utf-8")
    body = directive.format(path=outside / "secret.txt", image=image)
    sub.write_text(text.replace("Sub body for", f"{body}\n\nSub body for"), "utf-8")
    status, lines = build(basic_root)
    assert status == 1, lines
    assert lines and all(
        re.search(r"procedures/sub\.md:9: ERROR: .*outside the project", line) for line in lines
    ), lines
    assert fragment in lines[0]
    assert SECRET not in _published(basic_root)


@pytest.mark.parametrize(
    ("markup", "line", "fragment"),
    [
        ("```{nosuchdirective}\nx\n```", 9, "Unknown directive type: 'nosuchdirective'"),
        ("A {nosuchrole}`y` here.", 9, 'Unknown interpreted text role "nosuchrole"'),
    ],
)
def test_markup_problems_in_a_procedure_fail_and_name_the_procedure(
    build: Build, basic_root: Path, markup: str, line: int, fragment: str
) -> None:
    sub = basic_root / "procedures" / "sub.md"
    sub.write_text(
        sub.read_text("utf-8").replace("Sub body for", f"{markup}\n\nSub body for"), "utf-8"
    )
    status, lines = build(basic_root)  # without -W
    assert status == 1
    assert len(lines) == 1, lines  # one message, though two guides include the procedure
    assert re.search(rf"procedures/sub\.md:{line}: ERROR: ", lines[0]), lines[0]
    assert fragment in lines[0]
