"""Shared helpers of the Sphinx tests: a writable copy of the project and a
``-b cmdlint`` build of it (findings as cmdlint.json rows)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[2]
LintBuild = Callable[[Path, Path], tuple[int, list[dict[str, object]], str]]


def _copy(target: Path, folders: tuple[str, ...]) -> Path:
    target.mkdir()
    shutil.copy(ROOT / "conf.py", target / "conf.py")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")  # [tool.cmdlint]
    shutil.copytree(ROOT / "source", target / "source", ignore=shutil.ignore_patterns("guides"))
    for folder in ("procedures", *folders):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[..., Path]:
    """``project_copy("locales")``: conf.py, pyproject.toml, source/ and procedures/
    (and the folders named) copied to ``tmp_path/project``, to break as a writer would."""
    return lambda *folders: _copy(tmp_path / "project", folders)


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
