"""Each guide's pre-flight list in `guidekit checklist` and the upgrade helper: the
front page's list (the same model function), in both languages, each entry of one
branch with the conditions it needs and only where they hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.model.test_flow import REAL, REAL_MODEL

from guidekit.checklist.preflight import applying, inline_text, preflight_data
from guidekit.cli import main
from guidekit.l10n.messages import _
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import start_requirements

REPO = Path(__file__).resolve().parents[2]
SHE = ["--from", "4.3", "--to", "4.4", "--topology", "self-hosted"]


def states_of(guide_id: str) -> list[str]:
    """What the guide's front page lists, in its order."""
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id[guide_id], set())
    return [r.state for r in start_requirements(REAL_MODEL, flow)]


def checklist_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main(["checklist", "--root", str(REPO), *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_inline_text_shows_menu_selections_as_the_guide_does() -> None:
    text = "In the portal, under {menuselection}`Compute --> Hosts`, run `x`."
    assert inline_text(text) == "In the portal, under Compute \u2023 Hosts, run `x`."
    assert inline_text("No  markup\nat all.") == "No markup at all."


def test_entries_carry_where_they_apply() -> None:
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id["she-4.3-to-4.4"], set())
    data = preflight_data(start_requirements(REAL_MODEL, flow), REAL.manifest)
    by_state = {entry["state"]: entry for entry in data}
    geo = by_state["geo-replication"]
    assert geo["when"] == {"gluster": [True], "host-type": ["rhvh"]}
    assert geo["conditions"] == ["Gluster storage", "Red Hat Virtualization Host (RHVH)"]
    assert geo["command"] == "" and geo["machine"] == ""
    engine = by_state["engine"]
    assert engine["when"] == {} and engine["conditions"] == []
    assert (engine["prompt"], engine["command"]) == ("#", "systemctl is-active ovirt-engine")
    assert engine["machine"] == "On the Manager machine"
    gluster = {"topology": "self-hosted", "host-type": "rhvh", "gluster": True}
    assert "geo-replication" in [e["state"] for e in applying(data, gluster)]
    for other in ({**gluster, "gluster": False}, {**gluster, "host-type": "rhel"}):
        listed = [e["state"] for e in applying(data, other)]
        assert "geo-replication" not in listed and "engine" in listed


@pytest.mark.parametrize(
    ("options", "with_geo"),
    [
        (["--host-type", "rhvh", "--gluster"], True),
        (["--host-type", "rhvh"], False),
        (["--host-type", "rhel", "--gluster"], False),  # the Gluster branch needs RHVH
    ],
)
def test_the_checklist_lists_what_applies_in_the_environment(
    capsys: pytest.CaptureFixture[str], options: list[str], with_geo: bool
) -> None:
    data = checklist_json(capsys, *SHE, *options)
    (guide,) = data["guides"]  # type: ignore[misc]
    listed = [entry["state"] for entry in guide["preflight"]]
    expected = [s for s in states_of("she-4.3-to-4.4") if with_geo or s != "geo-replication"]
    assert listed == expected


def test_every_guide_of_a_path_has_its_own_list(capsys: pytest.CaptureFixture[str]) -> None:
    data = checklist_json(
        capsys, "--from", "4.2", "--to", "4.4", "--topology", "remote-db", "--host-type", "rhel"
    )
    guides = data["guides"]
    assert [g["guide"] for g in guides] == ["remote-db-4.2-to-4.3", "remote-db-4.3-to-4.4"]  # type: ignore[index]
    facts = {"topology": "remote-db", "host-type": "rhel"}
    for guide in guides:  # type: ignore[attr-defined]
        flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id[guide["guide"]], set())
        requirements = start_requirements(REAL_MODEL, flow)
        listed = [entry["state"] for entry in guide["preflight"]]
        assert listed == [
            r.state
            for r in requirements
            if all(facts.get(n, False) in values for n, values in r.conditions().items())
        ]
        # an entry of another environment is left out: hosts re-signed only with
        # SHA-1 (4.2 -> 4.3), the remote Data Warehouse (both: in 4.2 -> 4.3 a part
        # of the Manager's upgrade that applies only with a separate machine)
        left = {r.state for r in requirements} - set(listed)
        assert left == ({"host", "dwh"} if guide["guide"].endswith("4.2-to-4.3") else {"dwh"})


def test_markdown_says_before_you_start_with_conditions_and_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["checklist", "--root", str(REPO), *SHE, "--host-type", "rhvh", "--gluster"])
    out, _err = capsys.readouterr()
    assert code == 0
    before, _, steps = out.partition("### Procedure\n")
    assert "### Before you start" in before and "- [ ] 1. " in steps
    assert "- [ ] 1. " not in before
    assert (
        "Storage \u2023 Domains, note the geo-replication schedules of the Gluster storage "
        "domains: the guide creates them again at the end. *(Only in: Gluster storage, "
        "Red Hat Virtualization Host (RHVH))*"
    ) in before
    assert "  *On a self-hosted engine node*\n\n  ```\n  # hosted-engine --vm-status\n" in before
    # every listed check is one task
    assert before.count("- [ ] ") == len(states_of("she-4.3-to-4.4"))


def test_japanese_checklist_has_the_list_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            *("checklist", "--root", str(REPO), *SHE),
            *("--host-type", "rhvh", "--gluster", "--lang", "ja"),
        ]
    )
    # The command's Japanese stays in the command: this process is English again.
    assert _("Before you start") == "Before you start"
    out, err = capsys.readouterr()
    assert code == 0 and "no ja translation" not in err
    assert "### 開始する前に" in out
    assert (
        "*(対象の環境: Gluster ストレージ、" in out or "*(対象の環境: Gluster ストレージ, " in out
    )
    assert "Storage \u2023 Domains" in out and "geo-replication" not in out
    assert "  *セルフホストエンジンノードで実行*" in out
