from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def basic_root(tmp_path: Path) -> Path:
    """A writable copy of the test-basic root, for cases that break it."""
    target = tmp_path / "root"
    shutil.copytree(TESTS / "roots" / "test-basic", target,
                    ignore=shutil.ignore_patterns("_build", "guides"))
    return target


def build_html(out: Path, language: str) -> Path:
    """Build every guide in ``language`` with warnings as errors (in a subprocess,
    so that Sphinx's global translators do not leak between languages)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-c", str(REPO),
         "-b", "html", "-D", f"language={language}", str(REPO / "source"), str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return out


@pytest.fixture(scope="session")
def html_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's HTML builds go, one directory per language."""
    return tmp_path_factory.mktemp("html")


@pytest.fixture(scope="session")
def built(html_root: Path) -> Path:
    """One full English HTML build of every guide."""
    return build_html(html_root / "en", "en")


@pytest.fixture(scope="session")
def built_ja(html_root: Path) -> Path:
    """One full Japanese HTML build of every guide."""
    return build_html(html_root / "ja", "ja")
