from __future__ import annotations

import shutil
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
