"""Acceptance: the reference guide (untagged blocks, Japanese text) is linted.

Its real defects are reported; its correct blocks (placeholders, program output,
configuration files, JSON, correct multi-line subscription-manager calls) draw no error.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from cmdlint import Context, Finding, Severity, lint_text

HERE = Path(__file__).parent
REFERENCE = HERE / "fixtures" / "reference" / "rhv-4.4-upgrade-guide-ja.md"
DEFECTS = HERE.parents[0] / "data" / "reference_defects.yaml"

# line -> rule: one of each kind of defect the reference carries
EXPECTED = {
    1182: "split-substitution",  # "$(date  +  "%Y..")" cut by the PDF wrap
    1201: "dot-source",  # ./etc/... for . /etc/...
    1206: "quoted-space",  # "${name} ".cer
    1218: "missing-dollar",  # --name="{name}"
    1219: "callout-marker",  # \ <1>
    1316: "sed-expression",  # 's;subject=\.*)\;1;'
    1858: "missing-prompt",  # restorecon without its prompt
    1865: "wrapped-line",  # gluster bricks wrapped without \
    1918: "unresolved-placeholder",  # {virt-product-fullname}
    2065: "data-syntax",  # YAML that lost its indentation
    # he_gluster_vars.json members without commas, he_default_gateway again (issue 10)
    2114: "data-syntax",
    2205: "for-literal-command",  # for vol in gluster volume list
    2772: "syntax",  # unterminated $( ... )
    3682: "wrapped-line",  # --upgrade on its own line
    3706: "wrapped-line",  # /var/opt/rh/rh- + postgresql10/...
    4032: "wrapped-line",  # - + out
    569: "not-shell",  # clearpart as a command
    4686: "backslash-space",
    337: "release-option",  # yum --nobest on the 4.3 Manager, RHEL 7, before the upgrade
    1338: "release-option",  # the 4.4 ovirt-imageio service on a 4.3 Manager
}
# blocks that are right and must draw no error
CORRECT = [
    (242, 249),
    (1027, 1027),
    (1494, 1507),
    (1831, 1843),
    (1897, 1905),
    (1938, 1938),
    (1958, 1958),
    (2082, 2092),
    (3179, 3179),
    (3712, 3718),
    (3749, 3751),
    (4450, 4450),
    (4620, 4629),
    (4715, 4719),
    (4823, 4834),
    (4849, 4858),
    (4871, 4882),
    (951, 953),
    (979, 981),
    (2514, 2516),
    (2543, 2545),
]


@pytest.fixture(scope="module")
def findings(matrix: object) -> list[Finding]:
    text = REFERENCE.read_text(encoding="utf-8")
    return lint_text(text, str(REFERENCE), Context(matrix=matrix))


def test_defects_are_reported(findings: list[Finding]) -> None:
    found = {(f.line, f.rule) for f in findings}
    missing = {line: rule for line, rule in EXPECTED.items() if (line, rule) not in found}
    assert missing == {}


def test_correct_blocks_draw_no_error(findings: list[Finding]) -> None:
    errors = [
        f
        for f in findings
        if f.severity is Severity.ERROR and any(a <= f.line <= b for a, b in CORRECT)
    ]
    assert errors == []


def test_findings_point_into_the_file(findings: list[Finding]) -> None:
    lines = REFERENCE.read_text(encoding="utf-8").count("\n") + 1
    assert all(f.path == str(REFERENCE) and 1 <= f.line <= lines for f in findings)
    counts = Counter(f.rule for f in findings)
    assert counts["syntax"] >= 5 and counts["callout-marker"] == 6


@pytest.mark.skipif(not DEFECTS.exists(), reason="tests/data/reference_defects.yaml not there")
def test_recall_on_the_teams_defect_list(findings: list[Finding]) -> None:
    entries = yaml.safe_load(DEFECTS.read_text(encoding="utf-8"))
    lines = {f.line for f in findings}
    hit = 0
    for entry in entries:
        span = range(int(entry["line"]), int(entry["line"]) + str(entry["text"]).count("\n") + 2)
        hit += bool(lines & set(span))
    assert hit / len(entries) >= 0.8, f"{hit} of {len(entries)} listed defects reported"
