"""Shared fixtures of the cmdlint tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "reference" / "rhv-4.4-upgrade-guide-ja.md"


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The checkers' result cache of the tests, away from the user's."""
    os.environ["CMDLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cmdlint-cache"))


@pytest.fixture(scope="session")
def matrix():  # type: ignore[no-untyped-def]
    from cmdlint.matrix import load_releases

    return load_releases(ROOT / "procedures" / "versions.yaml")


@pytest.fixture(scope="session")
def rhv_facts():  # type: ignore[no-untyped-def]
    """What this repository's [tool.cmdlint] tells cmdlint of RHV (product name,
    repository pattern, prose products): the RHV fixtures are linted with it."""
    from cmdlint.config import load_config
    from cmdlint.ruleset import all_rules

    return load_config(ROOT / "pyproject.toml", all_rules()).facts
