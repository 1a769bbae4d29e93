"""Parts of a step (``parts:`` in the manifest) with their own ``when:``: the walk
applies what a part does only in the environments where it applies, and the
environments a rule's ``when:`` depends on are walked apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.model.test_flow import REAL, REAL_MODEL, procedure, project_of
from tests.model.test_preflight import CHECKS, model_with

from guidekit.model.flow import check_guide, check_project, environments
from guidekit.model.flow.guides import applying
from guidekit.model.flow.preflight import start_requirements
from guidekit.model.flow.reading_text import GuideEvents
from guidekit.model.manifest import parse_manifest
from guidekit.model.project import Project
from guidekit.model.states import parse_states

#: A step whose procedure includes another as a section (a part of the step).
WITH_PART = {
    "with-part": procedure(
        "with-part",
        """\
        :::{steps}
        1. Do the main thing.
        :::

        ```{procedure} host-maintenance
        ```
        """,
    ),
    "with-stop": procedure(
        "with-stop",
        """\
        :::{steps}
        1. Do the main thing.
        :::

        ```{procedure} stop-old
        ```
        """,
    ),
}


FIXTURE_MODEL = model_with(CHECKS)


def project(steps: str, procedures: dict[str, str] | None = None) -> Project:
    """A one-guide project whose manifest declares the condition ``remote``."""
    guides = (
        "topologies:\n  self-hosted: Self-hosted engine\n"
        "conditions:\n  remote:\n    values: [true, false]\n    meaning: remote\n"
        "    label: Remote\n"
        "guides:\n  - id: g\n    title: G\n    topology: self-hosted\n"
        '    from: "4.3"\n    to: "4.4"\n    steps:\n'
        + "".join(f"      {line}\n" for line in steps.splitlines())
        + "product: Demo\n"
    )
    return project_of(parse_manifest(guides, "guides.yaml"), procedures)


def ends(steps: str) -> dict[bool | None, str]:
    """The host's state at the end of each environment walked, by ``remote``."""
    proj = project(steps, procedures=WITH_PART)
    flow = check_guide(proj, FIXTURE_MODEL, proj.manifest.guides[0], set())
    return {facts.get("remote"): end["host"] for facts, _steps, end in flow.ends}


def test_a_part_that_does_not_apply_contributes_nothing() -> None:
    # the part puts a host in maintenance, only where `remote` holds
    assert ends("- with-part: {parts: {host-maintenance: {remote: true}}}\n") == {
        True: "maintenance",
        False: "active",
    }
    # the same part for every environment
    assert ends("- with-part: {parts: {host-maintenance: {}}}\n") == {None: "maintenance"}


def test_a_part_that_does_not_apply_is_not_reported() -> None:
    """flow-end is reported where the part leaves the host in maintenance; a step
    activating it afterwards changes nothing where the part did not apply."""
    steps = "- with-part: {parts: {host-maintenance: {remote: true}}}\n- host-activate\n"
    found, _flows = check_project(project(steps, procedures=WITH_PART), FIXTURE_MODEL)
    # the activation is needed (remote) and is no repeat there; elsewhere it is a
    # step that changes nothing, which the model says (a warning)
    assert [(f.path, f.rule) for f in found] == [("procedures/host-activate.md", "flow-no-effect")]
    found, _flows = check_project(
        project("- with-part: {parts: {host-maintenance: {remote: true}}}\n", procedures=WITH_PART),
        FIXTURE_MODEL,
    )
    assert [(f.path, f.line, f.rule) for f in found] == [
        ("procedures/host-maintenance.md", 8, "flow-end")
    ]


def test_a_requirement_of_a_conditional_part_names_its_condition() -> None:
    def when(steps: str) -> dict[str, tuple[tuple[str, object], ...]]:
        proj = project(steps, procedures=WITH_PART)
        flow = check_guide(proj, FIXTURE_MODEL, proj.manifest.guides[0], set())
        return {r.state: r.when for r in start_requirements(FIXTURE_MODEL, flow)}

    # stopping the old engine relies on it running: only where the part applies
    assert when("- with-stop: {parts: {stop-old: {remote: true}}}\n") == {
        "engine": (("remote", True),)
    }
    assert when("- with-stop: {parts: {stop-old: {}}}\n") == {"engine": ()}


def test_the_remote_dwh_check_of_the_4_2_guide_is_conditional() -> None:
    """remote-db 4.2 to 4.3: the Data Warehouse machine is upgraded in a part of the
    Manager's upgrade that applies only with a separate Data Warehouse machine."""
    guide = REAL.manifest.by_id["remote-db-4.2-to-4.3"]
    flow = check_guide(REAL, REAL_MODEL, guide, set())
    found = {r.state: r for r in start_requirements(REAL_MODEL, flow)}
    assert found["dwh"].when == (("remote-dwh", True),)
    assert found["dwh"].condition_labels(REAL.manifest) == ["Data Warehouse on a separate machine"]
    assert found["engine"].when == ()


@pytest.mark.parametrize("remote_dwh", [True, False])
def test_the_remote_dwh_part_is_walked_only_where_it_applies(remote_dwh: bool) -> None:
    guide = REAL.manifest.by_id["remote-db-4.2-to-4.3"]
    (step,) = [s for s in guide.steps if s.procedure == "upgrade-manager-4.2-to-4.3"]
    events = GuideEvents(REAL, REAL_MODEL, guide).of_step(step)
    facts = {"topology": "remote-db", "remote-dwh": remote_dwh}
    kept = {Path(e.path).stem for e in applying(step, events, facts)}
    assert "upgrade-manager-4.2-to-4.3" in kept
    assert ("complete-remote-dwh-upgrade" in kept) is remote_dwh
    # the same step without the part's condition walks it everywhere
    (part,) = step.parts
    everywhere = replace(step, parts=(replace(part, when={}),))
    assert "complete-remote-dwh-upgrade" in {
        Path(e.path).stem for e in applying(everywhere, events, facts)
    }


def test_the_conditions_of_the_rules_are_walked_apart() -> None:
    """A rule that applies only with a separate Data Warehouse machine: a guide whose
    steps do not say whether there is one is walked both ways, in that topology only."""
    guide = REAL.manifest.by_id["minor-4.4"]
    walked = environments(guide, REAL.manifest.conditions, REAL_MODEL)
    assert {f.get("remote-dwh") for f in walked if f["topology"] == "remote-db"} == {True, False}
    assert {f.get("remote-dwh") for f in walked if f["topology"] != "remote-db"} == {None}
    # without the model, only the steps' conditions
    assert all("remote-dwh" not in f for f in environments(guide, REAL.manifest.conditions))


@pytest.mark.parametrize("remote", [True, False])
def test_a_rule_with_when_applies_where_it_holds(remote: bool) -> None:
    text = (
        "states:\n  host:\n    meaning: A host.\n    values: [active, maintenance]\n"
        "    start: active\n    end: restore\n    transitional: [maintenance]\n"
        "rules:\n  - command: ^park-host$\n    machine: manager\n"
        "    when: {remote: true}\n    sets: {host: maintenance}\n"
    )
    model = parse_states(text, "states.yaml")
    park = {
        "park": procedure(
            "park",
            ":::{steps}\n1. Park it:\n\n   ```{command} manager\n   # park-host\n   ```\n:::\n",
        )
    }
    proj = project("- park\n", procedures=park)
    flow = check_guide(proj, model, proj.manifest.guides[0], set())
    by_remote = {facts.get("remote"): end["host"] for facts, _steps, end in flow.ends}
    assert by_remote[remote] == ("maintenance" if remote else "active")
