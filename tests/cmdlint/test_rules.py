"""Every rule, both ways: its bad fixture fires on the expected lines, its good one does not."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from cmdlint import Context, Severity, all_rules, lint_text
from cmdlint.registry import ProjectFacts

FIXTURES = Path(__file__).parent / "fixtures"

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir())


def lint(path: Path, matrix: object, facts: ProjectFacts) -> list:  # type: ignore[type-arg]
    expected = yaml.safe_load((path.parent / "expected.yaml").read_text())
    versions = expected.get("versions", ["4.3", "4.4"])
    context = Context(from_version=versions[0], to_version=versions[1], matrix=matrix, facts=facts)
    return lint_text(path.read_text(encoding="utf-8"), str(path), context)


def example(folder: Path, name: str) -> Path:
    """``bad.md`` / ``good.md``, or ``bad.adoc`` / ``good.adoc`` for the AsciiDoc rules."""
    return next(p for p in (folder / f"{name}.md", folder / f"{name}.adoc") if p.exists())


def test_every_rule_has_fixtures() -> None:
    # guidekit's flow family (registered once guidekit loads) is tested in tests/model
    own = {r.id for r in all_rules().values() if r.family != "flow"}
    assert {p.name for p in RULE_DIRS} == own


@pytest.mark.parametrize("folder", RULE_DIRS, ids=lambda p: p.name)
def test_rule_fires_on_bad(folder: Path, matrix: object, rhv_facts: ProjectFacts) -> None:
    expected = yaml.safe_load((folder / "expected.yaml").read_text())["bad"]
    found = [
        f.line for f in lint(example(folder, "bad"), matrix, rhv_facts) if f.rule == folder.name
    ]
    assert Counter(found) == Counter(expected)


@pytest.mark.parametrize("folder", RULE_DIRS, ids=lambda p: p.name)
def test_rule_silent_on_good(folder: Path, matrix: object, rhv_facts: ProjectFacts) -> None:
    findings = lint(example(folder, "good"), matrix, rhv_facts)
    assert [f for f in findings if f.rule == folder.name] == []
    assert [f for f in findings if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize(
    "rule", sorted(all_rules().values(), key=lambda r: r.id), ids=lambda r: r.id
)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.severity in set(Severity)
    assert "Bad" in rule.doc and "Good" in rule.doc, rule.id


def test_backslash_space_is_a_warning_when_a_converter_padded_every_line(matrix: object) -> None:
    padded = (
        "```\n# subscription-manager repos \\  \n--enable=a-rpms \\  \n--enable=b-rpms  \n```\n"
    )
    lone = "```\n# subscription-manager repos \\  \n--enable=a-rpms \\\n--enable=b-rpms\n```\n"
    context = Context(from_version="4.3", to_version="4.4", matrix=matrix)
    for text, severity in ((padded, Severity.WARNING), (lone, Severity.ERROR)):
        hits = [f for f in lint_text(text, "x.md", context) if f.rule == "backslash-space"]
        assert hits and {f.severity for f in hits} == {severity}
