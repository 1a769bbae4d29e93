"""The mutation benchmark on a sample: injected defects are reported, correct blocks are not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from tests.building import Linted

ROOT = Path(__file__).resolve().parents[2]


def _harness():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "cmdlint_mutation", ROOT / "benchmarks" / "cmdlint_mutation.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_mutants_of_the_guides_are_detected(linted: Linted) -> None:
    harness = _harness()
    # The blocks of the cmdlint build of every guide shared in this run (in a copy:
    # a build writes its stub pages into source/guides/).
    results, false_errors = harness.summary(seed=7, per_operator=8, builder=linted.app.builder)
    assert false_errors == []
    assert len(results) >= 10
    total = sum(r.mutants for r in results)
    detected = sum(r.detected for r in results)
    assert total >= 60
    assert detected / total >= 0.95, [(r.operator, r.missed) for r in results if r.missed]
    for result in results:
        if result.mutants:
            assert result.detected / result.mutants >= 0.85, (result.operator, result.missed)
