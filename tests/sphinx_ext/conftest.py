"""Shared helpers of the Sphinx tests: a writable copy of the project and a
``-b cmdlint`` build of it (findings as cmdlint.json rows)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.building import copy_project, lint_in_process

LintBuild = Callable[[Path, Path], tuple[int, list[dict[str, object]], str]]


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[..., Path]:
    """``project_copy("locales")``: conf.py, pyproject.toml, source/ and procedures/
    (and the folders named) copied to ``tmp_path/project``, to break as a writer would."""
    parts = ("conf.py", "pyproject.toml", "source", "procedures")  # pyproject: [tool.cmdlint]
    return lambda *folders: copy_project(tmp_path / "project", (*parts, *folders))


def _lint_build(confdir: Path, out: Path) -> tuple[int, list[dict[str, object]], str]:
    app, report, output = lint_in_process(confdir, out)
    return app.statuscode, report, output


@pytest.fixture
def lint_build() -> LintBuild:
    """``lint_build(confdir, out)``: (exit status, findings, output.txt) of a
    ``sphinx-build -b cmdlint`` of the project at ``confdir``."""
    return _lint_build
