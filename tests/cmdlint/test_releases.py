"""Which release a step runs on: from the guide and phase, or from a legacy guide's headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlint import Context, lint_text
from cmdlint.model import ReleasePhase
from cmdlint.rules.releases import heading

ROOT = Path(__file__).resolve().parents[2]

LEGACY = """\
第1章 セルフホストエンジン環境のアップグレード
1.1. RED HAT VIRTUALIZATION 4.3 から 4.4 へのアップグレード
1.1.1. Manager の更新
1. ベースオペレーティングシステムを更新します。
```
# yum update --nobest
```
1.1.2. Manager 4.3 から 4.4 へのアップグレード
```
# dnf update --nobest
```
1.2. Upgrading from 4.2 to 4.3
```
# yum update --nobest
```
第2章 マイナーリリース間の更新
```
# yum update --nobest
```
"""


def test_headings_and_list_items() -> None:
    assert heading("1.1.2. Manager 4.3 から 4.4 へのアップグレード") == (3, ("4.3", "4.4"))
    assert heading("## Upgrading from 4.2 to 4.3") == (2, ("4.2", "4.3"))
    assert heading("第2章 マイナーリリース間の更新") == (0, None)
    assert heading("1. Update the Manager 4.3 to 4.4") is None  # a list item


def test_legacy_guide_sections_give_release_and_phase(matrix: object) -> None:
    findings = lint_text(LEGACY, "legacy.md", Context(matrix=matrix))
    lines = sorted(f.line for f in findings if f.rule == "release-option")
    assert lines == [6, 14]  # before the upgrade step of 4.3->4.4, and all of 4.2->4.3


def test_context_phase_wins(matrix: object) -> None:
    text = "```\n# yum update --nobest\n```\n"
    for phase, expected in ((ReleasePhase.FROM, 1), (ReleasePhase.TO, 0), (None, 0)):
        context = Context(from_version="4.3", to_version="4.4", phase=phase, matrix=matrix)
        found = [f for f in lint_text(text, "x.md", context) if f.rule == "release-option"]
        assert len(found) == expected, phase


@pytest.fixture(scope="module")
def manifest():  # type: ignore[no-untyped-def]
    from guidekit.model.project import load_project

    project = load_project(
        ROOT / "source" / "guides.yaml", ROOT / "procedures", ROOT / "procedures" / "versions.yaml"
    )
    return project.manifest


def test_guidekit_phase_follows_the_upgrade_step(manifest) -> None:  # type: ignore[no-untyped-def]
    """The manifest declares the upgrade step (phase: upgrade); ids do not matter."""
    guide = manifest.guide("she-4.3-to-4.4")
    slugs = [step.slug for step in guide.steps]
    upgrade = slugs.index("upgrade-she-4.3-to-4.4")
    from guidekit.model.manifest import Phase

    assert guide.steps[upgrade].phase is Phase.UPGRADE
    assert guide.phase(guide.steps[upgrade - 1]) is ReleasePhase.FROM
    assert guide.phase(guide.steps[upgrade]) is None
    after = guide.next_index(upgrade)  # past the other alternative of the upgrade
    assert after is not None and guide.phase(guide.steps[after]) is ReleasePhase.TO
    minor = manifest.guide("minor-4.4")
    assert {minor.phase(step) for step in minor.steps} == {None}


def test_version_mismatch_follows_the_phase(matrix: object) -> None:
    """After the upgrade step only the new release's repositories and releases are right;
    before it the old system may enable the new ones (that is how it upgrades)."""
    text = (
        "```\n# subscription-manager repos --enable=rhel-7-server-rhv-4-manager-tools-rpms\n"
        "# subscription-manager release --set=7.9\n"
        "# subscription-manager repos --enable=rhv-4.4-manager-for-rhel-8-x86_64-rpms\n"
        "# subscription-manager repos --disable=rhel-7-server-rhv-4.3-manager-rpms\n```\n"
    )
    for phase, expected in ((ReleasePhase.FROM, []), (None, []), (ReleasePhase.TO, [2, 3])):
        context = Context(from_version="4.3", to_version="4.4", phase=phase, matrix=matrix)
        found = [f.line for f in lint_text(text, "x.md", context) if f.rule == "version-mismatch"]
        assert found == expected, phase


def test_version_mismatch_reads_a_legacy_guides_headings(matrix: object) -> None:
    text = (
        "1.1. Upgrading from 4.3 to 4.4\n1.1.1. Preparing\n"
        "```\n# subscription-manager repos --enable=rhel-7-server-rhv-4-manager-tools-rpms\n```\n"
        "1.1.2. Upgrading the Manager from 4.3 to 4.4\n"
        "```\n# subscription-manager repos --enable=rhel-7-server-rhv-4-manager-tools-rpms\n```\n"
    )
    found = lint_text(text, "x.md", Context(matrix=matrix))
    assert [f.line for f in found if f.rule == "version-mismatch"] == [8]  # after the upgrade


def test_the_old_collection_is_right_where_a_command_retires_it(matrix: object) -> None:
    text = (
        "```\n# scl enable rh-postgresql10 -- postgresql-setup "
        "--upgrade-from=rh-postgresql95-postgresql --upgrade\n"
        "# systemctl disable rh-postgresql95-postgresql\n"
        "# scl enable rh-postgresql95 -- psql -U engine\n"
        "# systemctl restart rh-postgresql95-postgresql\n```\n"
    )
    context = Context(from_version="4.2", to_version="4.3", phase=ReleasePhase.TO, matrix=matrix)
    found = {(f.line, f.rule) for f in lint_text(text, "x.md", context)}
    assert found >= {(4, "version-mismatch"), (5, "release-option")}
    assert not {line for line, rule in found if line in (2, 3) and rule.startswith(("ver", "rel"))}
