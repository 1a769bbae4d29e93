"""Shared helpers of the Sphinx tests: a writable copy of the project and a
``-b cmdlint`` build of it (findings as cmdlint.json rows)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from tests.building import copy_project

LintBuild = Callable[[Path, Path], tuple[int, list[dict[str, object]], str]]


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[..., Path]:
    """``project_copy("locales")``: conf.py, pyproject.toml, source/ and procedures/
    (and the folders named) copied to ``tmp_path/project``, to break as a writer would."""
    parts = ("conf.py", "pyproject.toml", "source", "procedures")  # pyproject: [tool.cmdlint]
    return lambda *folders: copy_project(tmp_path / "project", (*parts, *folders))


def _lint_build(confdir: Path, out: Path) -> tuple[int, list[dict[str, object]], str]:
    app = Sphinx(
        str(confdir / "source"),
        str(confdir),
        str(out / "cmdlint"),
        str(out / "doctrees"),
        "cmdlint",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()
    report = json.loads((out / "cmdlint" / "cmdlint.json").read_text(encoding="utf-8"))
    return app.statuscode, report, (out / "cmdlint" / "output.txt").read_text(encoding="utf-8")


@pytest.fixture
def lint_build() -> LintBuild:
    """``lint_build(confdir, out)``: (exit status, findings, output.txt) of a
    ``sphinx-build -b cmdlint`` of the project at ``confdir``."""
    return _lint_build
