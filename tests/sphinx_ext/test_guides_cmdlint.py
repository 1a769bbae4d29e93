"""``sphinx-build -b cmdlint`` over the real guides: no error, and defects are found
at the procedure file and line a writer edits (never a generated page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.building import Linted, trim_guides

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_assembled_guides_have_no_cmdlint_error(linted: Linted) -> None:
    # In a copy (the build shared in this run): a build writes its stub pages into
    # source/guides/.
    errors = [f for f in linted.report if f["severity"] == "error"]
    assert errors == []
    assert linted.status == 0
    blocks = re.match(r"(\d+) code block", linted.output)
    assert blocks and int(blocks[1]) > 100  # the guides' blocks were really linted
    procedures = str(linted.root / "procedures")
    assert all(str(f["path"]).startswith(procedures) for f in linted.report)


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


@pytest.mark.slow
def test_defects_point_at_procedure_lines(
    tmp_path: Path, project_copy: Callable[..., Path], lint_build: Callable[..., Any]
) -> None:
    # update-manager (yum) in both; upgrade-remote-postgresql and enable-manager-repos
    # in one each: the other guides run none of the defects
    root = trim_guides(project_copy(), ("remote-db-4.2-to-4.3", "local-db-4.3-to-4.4"))
    update = root / "procedures" / "update-manager.md"
    update.write_text(
        update.read_text(encoding="utf-8").replace(
            "   # engine-upgrade-check\n", "   # engine-upgrade-check --chek\n"
        ),
        encoding="utf-8",
    )
    postgres = root / "procedures" / "upgrade-remote-postgresql.md"
    text = postgres.read_text(encoding="utf-8")
    assert "       --upgrade\n" in text
    postgres.write_text(text.replace("       --upgrade\n", "       --upgrayed\n"), encoding="utf-8")
    # after vanished {% if %}/{% else %} lines (only the exact line map knows)
    update.write_text(
        update.read_text(encoding="utf-8").replace("   # yum update\n", "   # yum update --chek\n"),
        encoding="utf-8",
    )
    # a line repeated by a {% for %} loop inside the block
    repos = root / "procedures" / "enable-manager-repos.md"
    text = repos.read_text(encoding="utf-8")
    loop_line = "   # {{ dst.package_manager }} module -y enable {{ module }}"
    assert loop_line + "\n" in text
    repos.write_text(text.replace(loop_line, loop_line.replace("-y", "--yess")), encoding="utf-8")
    status, report, _ = lint_build(root, tmp_path / "out")
    found = {(f["path"], f["line"], f["rule"]) for f in report if f["severity"] == "error"}
    assert (str(update), line_of(update, "   # engine-upgrade-check --chek"), "option") in found
    # the second line of a command whose first line is a template expression
    assert (str(postgres), line_of(postgres, "       --upgrayed"), "option") in found
    assert (str(update), line_of(update, "   # yum update --chek"), "option") in found
    assert (str(repos), line_of(repos, loop_line.replace("-y", "--yess")), "option") in found
    assert status == 1
    assert not any("source/guides" in str(f["path"]) for f in report)
