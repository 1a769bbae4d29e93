"""How the tests (and benchmarks/) build: a copy of the project or of a test root,
and ``python -m sphinx`` on it in a subprocess. One command line for every
subprocess build, so that a test says only what differs (builder, language,
options) and nothing is ever built in the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "tests" / "roots"

#: What the project is made of; what builds generate in it is left out.
PROJECT_PARTS = ("conf.py", "source", "procedures", "locales")
GENERATED = shutil.ignore_patterns("_build", "guides", "*.mo", "__pycache__")


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of the project's ``parts`` (files or folders of the checkout) at
    ``target``, without anything a build generates; its ``conf.py`` finds no
    ``extensions/`` beside it, so the installed guidekit is used."""
    target.mkdir(parents=True)
    for part in parts:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, target / part, ignore=GENERATED)
        else:
            shutil.copy(REPO / part, target / part)
    return target


def copy_root(target: Path, name: str = "basic") -> Path:
    """A writable copy of the test root ``tests/roots/test-<name>`` at ``target``."""
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=GENERATED)
    return target


def sphinx_command(
    root: Path, out: Path, *options: str, builder: str = "html", language: str | None = None
) -> list[str]:
    """``python -m sphinx`` of the project or test root at ``root`` (its conf.py)
    into ``out``: the sources are ``root/source`` where the project keeps them
    there, else ``root`` itself (a test root)."""
    source = root / "source" if (root / "source").is_dir() else root
    language_option = ["-D", f"language={language}"] if language else []
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        *language_option,
        *options,
        "-c",
        str(root),
        str(source),
        str(out),
    ]


def run_sphinx(
    root: Path,
    out: Path,
    *options: str,
    builder: str = "html",
    language: str | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run :func:`sphinx_command` in a process of its own (Sphinx's translators and
    registries are process-wide: a process leaks nothing between builds), forked
    from one that imported Sphinx already (tests/forked.py)."""
    from tests.forked import run_module

    command = sphinx_command(root, out, *options, builder=builder, language=language)
    # The output as the tests read it, line by line and uncoloured: under CI=true
    # (GitHub Actions and others) Sphinx colours it and redraws its progress lines.
    return run_module(command, env={**os.environ, "NO_COLOR": "1"}, timeout=timeout)


def sphinx_ok(
    root: Path,
    out: Path,
    *options: str,
    builder: str = "html",
    language: str | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """:func:`run_sphinx` that must succeed (its stderr is the failure message)."""
    result = run_sphinx(root, out, *options, builder=builder, language=language, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result


def trim_guides(root: Path, keep: tuple[str, ...]) -> Path:
    """Keep only the guides ``keep`` in the manifest of the project copy at ``root``
    (``source/guides.yaml``), for a test about one or two guides: a build then reads
    only their pages. The text of the manifest is cut, not rewritten, so that its
    comments, machines, kinds, conditions and the kept guides stay as written (the
    lines before the first removed guide keep their numbers)."""
    import yaml

    manifest = root / "source" / "guides.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("guides:\n") + 1
    kept, dropping = lines[:start], False
    for line in lines[start:]:
        if line.startswith("  - id: "):
            dropping = line.removeprefix("  - id: ").strip() not in keep
        elif line[:1] not in ("", " ", "\n", "#"):
            dropping = False  # a top-level key after the guides
        if not dropping:
            kept.append(line)
    manifest.write_text("".join(kept), encoding="utf-8")
    found = tuple(guide["id"] for guide in yaml.safe_load("".join(kept))["guides"])
    assert sorted(found) == sorted(keep), f"{manifest}: kept {found}, not {keep}"
    return root


@dataclass(frozen=True)
class Linted:
    """A finished ``sphinx-build -b cmdlint`` of every guide: the copy of the project
    it read, the application (its environment and builder) and what it reported."""

    root: Path
    app: Any
    status: int
    report: list[dict[str, object]]
    output: str


def lint_in_process(root: Path, out: Path) -> tuple[Any, list[dict[str, object]], str]:
    """An in-process ``sphinx-build -b cmdlint`` of the project at ``root`` into
    ``out``: the app, its findings (cmdlint.json rows) and output.txt."""
    from sphinx.application import Sphinx

    app = Sphinx(
        str(root / "source"),
        str(root),
        str(out / "cmdlint"),
        str(out / "doctrees"),
        "cmdlint",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()
    report = json.loads((out / "cmdlint" / "cmdlint.json").read_text(encoding="utf-8"))
    return app, report, (out / "cmdlint" / "output.txt").read_text(encoding="utf-8")
