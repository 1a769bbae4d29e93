"""The pre-flight list of a guide: the states it relies on at its start, derived
from the walk, each with the check states.yaml declares for it."""

from __future__ import annotations

import pytest
from tests.model.test_flow import CAPTIONS, FIXTURES, REAL, REAL_MODEL, project

from guidekit.model.errors import GuideError
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import start_requirements
from guidekit.model.states import StateModel, parse_states

FIXTURE = (FIXTURES / "states.yaml").read_text(encoding="utf-8")
CHECKS = {
    "global-maintenance": "    check:\n      text: No global maintenance.\n"
    "      command: hosted-engine --vm-status\n      machine: she-node\n",
    "engine": "    check:\n      text: The engine runs.\n",
    "new-engine": "    check: given\n",
    "host": "    check:\n      text: Every host is Up.\n",
    "policy": "    check:\n      text: Note the policy.\n",
    "hosts": "    check:\n      text: The hosts run the current release.\n",
}


def with_checks(checks: dict[str, str]) -> str:
    """The fixture model's text, with ``check:`` added to the given states."""
    lines = []
    for line in FIXTURE.splitlines(keepends=True):
        lines.append(line)
        name = line.strip().removesuffix(":")
        if line.startswith("  ") and not line.startswith("   ") and name in checks:
            lines.append(checks[name])
    return "".join(lines)


def model_with(checks: dict[str, str]) -> StateModel:
    return parse_states(with_checks(checks), "states.yaml", CAPTIONS)


def listed(steps: str, model: StateModel) -> list[tuple[str, str]]:
    proj = project(steps)
    flow = check_guide(proj, model, proj.manifest.guides[0], set())
    return [(r.state, r.value) for r in start_requirements(model, flow)]


def test_what_a_guide_reads_or_changes_before_setting_it_is_listed() -> None:
    model = model_with(CHECKS)
    # engine-setup requires global maintenance, which the guide sets first: the
    # guide relies on it being off at the start (it changes it), not on it being on.
    assert listed("- maintenance-on\n- setup\n- maintenance-off\n", model) == [
        ("global-maintenance", "disabled")
    ]
    assert listed("- stop-old\n- start-new\n", model) == [("engine", "running")]
    # a state no step touches is not listed
    assert listed("- policy-maintenance\n- policy-back\n", model) == [("policy", "previous")]


def test_a_requirement_not_set_before_is_listed_with_its_check() -> None:
    model = model_with(CHECKS)
    proj = project("- setup\n")  # engine-setup reads global maintenance first
    flow = check_guide(proj, model, proj.manifest.guides[0], set())
    (requirement,) = start_requirements(model, flow)
    assert requirement.state == "global-maintenance"
    assert requirement.check.command == "hosted-engine --vm-status"
    assert requirement.check.machine == "she-node"
    assert requirement.origin == ("procedures/setup.md", 10)


def test_a_given_state_is_not_listed() -> None:
    model = model_with(CHECKS)
    assert listed("- stop-old\n- start-new\n", model) == [("engine", "running")]  # no new-engine


def test_a_new_instance_is_no_start_requirement() -> None:
    model = model_with(CHECKS)
    # the deployment sets the new cluster's global maintenance: not a precondition
    names = [
        name
        for name, _value in listed("- maintenance-on\n- deploy\n- maintenance-on-first\n", model)
    ]
    assert names == ["global-maintenance"]


def test_a_relied_on_state_without_a_check_is_an_error_at_its_line() -> None:
    text = with_checks({k: v for k, v in CHECKS.items() if k != "engine"})
    model = parse_states(text, "states.yaml", CAPTIONS)
    proj = project("- stop-old\n- start-new\n")
    flow = check_guide(proj, model, proj.manifest.guides[0], set())
    with pytest.raises(GuideError) as caught:
        start_requirements(model, flow)
    error = caught.value
    assert error.path == "states.yaml"
    assert text.splitlines()[error.line - 1].strip() == "engine:"
    assert "'engine'" in error.message and "procedures/stop-old.md" in error.message


def test_a_check_names_a_known_machine() -> None:
    bad = dict(
        CHECKS,
        engine="    check:\n      text: Runs.\n      command: systemctl is-active"
        " ovirt-engine\n      machine: nowhere\n",
    )
    with pytest.raises(GuideError, match="unknown machine 'nowhere'"):
        model_with(bad)


def test_every_real_guide_has_a_complete_list() -> None:
    lists = {}
    for guide in REAL.manifest.guides:
        flow = check_guide(REAL, REAL_MODEL, guide, set())
        lists[guide.id] = [r.state for r in start_requirements(REAL_MODEL, flow)]
    # the self-hosted guides rely on the Manager virtual machine being up, and on
    # global maintenance being off; the standalone ones do not have them
    assert {"manager-vm", "global-maintenance"} <= set(lists["she-4.3-to-4.4"])
    assert "global-maintenance" not in lists["local-db-4.3-to-4.4"]
    # the remote Data Warehouse is stopped by the remote-db guides only
    assert "dwh" in lists["remote-db-4.3-to-4.4"]
    assert "dwh" not in lists["she-4.3-to-4.4"]
    # a guide that stops the old engine relies on it running
    assert "engine" in lists["local-db-4.3-to-4.4"]


def test_a_requirement_of_some_topologies_says_which() -> None:
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id["minor-4.4"], set())
    only = {r.state: r.only for r in start_requirements(REAL_MODEL, flow)}
    assert only["global-maintenance"] == ("self-hosted",)  # for any environment
    assert only["host"] == ()  # every topology relies on it
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id["she-4.3-to-4.4"], set())
    assert all(r.only == () for r in start_requirements(REAL_MODEL, flow))


def test_a_requirement_of_some_environments_says_which() -> None:
    """The remote Data Warehouse is stopped only where it runs on its own machine."""
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id["remote-db-4.3-to-4.4"], set())
    when = {r.state: r.when for r in start_requirements(REAL_MODEL, flow)}
    assert when["dwh"] == (("remote-dwh", True),)
    assert when["engine"] == ()


def test_a_requirement_of_one_branch_names_all_its_conditions() -> None:
    """Geo-replication is relied on only by the Gluster branch, which needs Gluster
    storage on RHVH hosts: neither condition alone tells its environments apart."""
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id["she-4.3-to-4.4"], set())
    found = {r.state: r for r in start_requirements(REAL_MODEL, flow)}
    geo = found["geo-replication"]
    assert geo.when == (("gluster", True), ("host-type", "rhvh"))
    assert geo.conditions() == {"gluster": (True,), "host-type": ("rhvh",)}
    assert geo.condition_labels(REAL.manifest) == [
        "Gluster storage",
        "Red Hat Virtualization Host (RHVH)",
    ]
    assert found["engine"].when == () and found["engine"].conditions() == {}


@pytest.mark.parametrize(
    ("seen", "others", "expected"),
    [
        # one condition tells them apart: only it is named
        ([{"a": True, "b": "x"}, {"a": True, "b": "y"}], [{"a": False, "b": "x"}], (("a", True),)),
        # both are needed together
        (
            [{"a": True, "b": "x"}],
            [{"a": True, "b": "y"}, {"a": False, "b": "x"}],
            (("a", True), ("b", "x")),
        ),
        # what they share is met by an environment without the state: nothing to name
        ([{"a": True, "b": "x"}, {"a": True, "b": "y"}], [{"a": True, "b": "x", "c": 1}], ()),
        # a condition that does not hold is not named ("without Gluster")
        ([{"a": False}], [{"a": True}], ()),
        # every environment relies on it
        ([{"a": True}, {"a": False}], [], ()),
    ],
)
def test_only_when_names_the_fewest_conditions_that_tell_apart(
    seen: list[dict[str, object]], others: list[dict[str, object]], expected: tuple[object, ...]
) -> None:
    from guidekit.model.flow.preflight import _only_when

    def env(facts: dict[str, object]) -> dict[str, object]:
        return {"topology": "t", **facts}

    walked = [env(f) for f in seen + others]
    assert _only_when([env(f) for f in seen], walked, ["t"]) == expected
