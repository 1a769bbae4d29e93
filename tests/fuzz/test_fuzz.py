"""Fuzzers in CI: 1,000 random mutations each of a procedure, the manifest, a
catalog, AsciiDoc includes and a Markdown file for cmdlint, with a fixed seed. The
only exception allowed is the project's own GuideError (cmdlint: none at all).

Each run stops early at a time bound (a safety cap for very slow machines; it
is not a speed test). The suite keeps to 1,000 per target so that the whole test
run stays within its time (3,000 each cost about 60 s of CPU more);
``python tests/fuzz/run_fuzz.py`` runs 20,000 per target with a new seed by hand.
"""

from __future__ import annotations

import pytest
from fuzzing import (
    AsciidocIncludeTarget,
    CatalogTarget,
    CmdlintTarget,
    ManifestTarget,
    Outcome,
    ProcedureTarget,
    run,
    run_cmdlint_batched,
)

SEED = 20261130
RUNS = 1000
CAP_SECONDS = 60.0


def _check(outcome: Outcome) -> None:
    report = "\n".join(
        f"{key} (x{count}):\n{outcome.examples[key][:600]!r}"
        for key, count in outcome.foreign.items()
    )
    assert not outcome.foreign, f"foreign exceptions:\n{report}"
    assert outcome.runs >= min(RUNS, 1000), outcome
    assert 0 < outcome.project_errors < outcome.runs or not outcome.project_errors


@pytest.mark.parametrize(
    "target",
    [ProcedureTarget, ManifestTarget, CatalogTarget],
    ids=["procedure", "manifest", "catalog"],
)
def test_guidekit_inputs_raise_only_guide_errors(target: type) -> None:
    fuzz = target()
    outcome = run(fuzz, fuzz.seeds, fuzz.pool, RUNS, SEED, CAP_SECONDS)
    _check(outcome)
    # The mutations reach past the first check: some inputs stay valid.
    assert outcome.project_errors < outcome.runs


def test_cmdlint_raises_nothing_on_mutated_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    from cmdlint import oracle

    # bash and shellcheck are external programs (their crash is tested in
    # tests/cmdlint); without them a run is cheap enough for CI.
    monkeypatch.setattr(oracle, "bash_syntax", lambda snippets, cache: [])
    monkeypatch.setattr(oracle, "shellcheck", lambda snippets, cache, **options: [])
    outcome = run_cmdlint_batched(CmdlintTarget(), RUNS, SEED, batch=25, seconds=CAP_SECONDS)
    _check(outcome)


def test_asciidoc_includes_never_leave_the_repository() -> None:
    """Includes that try to leave the root (paths, links, attributes, devices): only
    project errors, and no line of the outside file in a block or finding."""
    fuzz = AsciidocIncludeTarget()
    outcome = run(fuzz, fuzz.seeds, fuzz.pool, RUNS, SEED, CAP_SECONDS)
    _check(outcome)
