"""The sequence check in ``sphinx-build -b cmdlint``: a hazard injected into a copy of
the project (as a new user would: the manifest, a procedure, the state model) fails
the build, named by procedure file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.building import Linted, trim_guides


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_an_injected_hazard_fails_the_build_at_its_line(
    tmp_path: Path, project_copy: Callable[..., Path], lint_build: Callable[..., Any]
) -> None:
    # the guides that run the two changed places (the other guides read neither)
    root = trim_guides(project_copy(), ("she-4.3-to-4.4", "local-db-4.3-to-4.4"))
    # A step removed from the manifest: the she-4.3 guide no longer enables global
    # maintenance before the Manager is updated.
    _replace(
        root / "source" / "guides.yaml",
        "      - global-maintenance: {with: {mode: enable}}\n"
        "      - update-manager: {with: {self_hosted: true, vm_replaced: true}}\n",
        "      - update-manager: {with: {self_hosted: true, vm_replaced: true}}\n",
    )
    # A step moved in a procedure: the Manager is backed up before it is stopped.
    upgrade = root / "procedures" / "upgrade-manager-4.3-to-4.4.md"
    text = upgrade.read_text(encoding="utf-8")
    stop = "   ```{procedure} stop-disable-engine\n   ```\n"
    backup = (
        "   ```{command} manager\n"
        "   # engine-backup --scope=all --mode=backup --file=backup.bck --log=backuplog.log\n"
        "   ```\n"
    )
    assert stop in text and backup in text
    upgrade.write_text(
        text.replace(stop, "@@").replace(backup, stop).replace("@@", backup), encoding="utf-8"
    )
    status, report, output = lint_build(root, tmp_path / "out")
    assert status == 1
    found = {(f["path"], f["line"], f["rule"]) for f in report if f["severity"] == "error"}
    setup = root / "procedures" / "update-manager.md"
    assert (str(setup), line_of(setup, "   # engine-setup"), "flow-requires") in found
    restore = "   # engine-backup --mode=restore --file=backup.bck --provision-all-databases"
    assert (str(upgrade), line_of(upgrade, restore), "flow-requires") in found
    assert f"{setup}:{line_of(setup, '   # engine-setup')}" in output


@pytest.mark.slow
def test_bad_state_data_is_one_error_with_file_and_line(
    tmp_path: Path, project_copy: Callable[..., Path], lint_build: Callable[..., Any]
) -> None:
    # the state model is read once for any guide: one guide is enough
    root = trim_guides(project_copy(), ("minor-4.4",))
    states = root / "procedures" / "states.yaml"
    _replace(states, "    sets: {engine: stopped}\n", "    sets: {engine: halted}\n")
    status, report, _output = lint_build(root, tmp_path / "out")
    assert status == 1
    errors = [f for f in report if f["severity"] == "error"]
    assert [(f["path"], f["line"], f["rule"]) for f in errors] == [
        (str(states), line_of(states, "    sets: {engine: halted}"), "flow-data")
    ]
    assert "has no value 'halted'" in str(errors[0]["message"])


#: The only guide that runs upgrade-she-4.3-to-4.4.md (revert_item_1 changes it).
ITEM_1_GUIDES = ("she-4.3-to-4.4",)


def revert_item_1(root: Path) -> None:
    """Undo the fix of issue 16 item 1 in a copy: global maintenance enabled and
    disabled after ``hosted-engine --deploy`` on "one of the self-hosted engine
    nodes" again (the text before the fix; tests/model/fixtures/flow/issue-16-item-1
    keeps that text as it was)."""
    upgrade = root / "procedures" / "upgrade-she-4.3-to-4.4.md"
    text = upgrade.read_text(encoding="utf-8")
    assert text.count("   node: deployment-host\n") == 2
    upgrade.write_text(text.replace("   node: deployment-host\n", ""), encoding="utf-8")


@pytest.mark.sphinx
def test_issue_16_item_1_unfixed_fails_the_build_at_its_lines(
    tmp_path: Path, project_copy: Callable[..., Path], lint_build: Callable[..., Any]
) -> None:
    """Global maintenance enabled and disabled "on one of the self-hosted engine nodes"
    after ``hosted-engine --deploy`` (the fix reverted in a copy): the nodes belong
    to two self-hosted engines, so ``guidekit lint`` fails there, and only there."""
    root = trim_guides(project_copy(), ITEM_1_GUIDES)
    revert_item_1(root)
    status, report, output = lint_build(root, tmp_path / "out")
    assert status == 1
    found = {(f["path"], f["line"], f["rule"]) for f in report if f["severity"] == "error"}
    assert {rule for _path, _line, rule in found} == {"flow-one-of"}  # and nothing else
    maintenance = root / "procedures" / "global-maintenance.md"
    for command in ("--mode=global", "--mode=none"):
        line = line_of(maintenance, f"   # hosted-engine --set-maintenance {command}")
        assert (str(maintenance), line, "flow-one-of") in found
        assert f"{maintenance}:{line}" in output


@pytest.mark.sphinx
def test_the_build_reads_the_events_the_procedures_say(linted: Linted) -> None:
    """The sequence check reads the assembled pages (flow items collected in the
    domain while the build reads them); for every step of every guide they give
    the same events as the procedures' text, includes and annotations included,
    and the same pre-flight list."""
    from guidekit.model.flow import check_guide
    from guidekit.model.flow.guides import page_events
    from guidekit.model.flow.preflight import start_requirements
    from guidekit.model.flow.reading_text import GuideEvents
    from guidekit.model.states import load_states
    from guidekit.sphinx_ext.context import loaded_project

    # every guide, read by the cmdlint build shared in this run
    root, app = linted.root, linted.app
    project = loaded_project(app.env)
    model = load_states(
        root / "procedures" / "states.yaml",
        frozenset(project.manifest.machines),
        project.manifest.conditions["topology"],
    )
    built = page_events(
        app.env.get_domain("guidekit").flow,  # type: ignore[attr-defined]
        project,
        model,
    )
    compared = extra = 0
    for guide in project.manifest.guides:
        text = GuideEvents(project, model, guide)
        for step in guide.steps:
            events, written = built(guide, step), text.of_step(step)
            # in the same order; the page may hold more (commands the assembly adds,
            # such as a phase's verification from the front matter), never fewer
            remaining = iter(events)
            assert all(any(e == w for e in remaining) for w in written), (guide.id, step.slug)
            compared += len(written)
            extra += len(events) - len(written)
            assert all(e.kind == "command" for e in events if e not in written)
        # what `guidekit checklist` lists before step 1 is what the front page lists
        assert start_requirements(
            model, check_guide(project, model, guide, set(), built)
        ) == start_requirements(
            model, check_guide(project, model, guide, set(), text.of_guide_step)
        )
    assert compared > 200 and extra < compared / 10
    # the guides as built walk clean (the model's tests read the procedures' text only)
    from guidekit.model.flow import check_project

    found, _flows = check_project(project, model, built)
    assert [
        f"{f.path}:{f.line}: [{f.rule}] {f.message}" for f in found if f.severity == "error"
    ] == []
    # an included procedure's events say where it was included
    she = project.manifest.guide("she-4.3-to-4.4")
    step = next(s for s in she.steps if s.procedure == "upgrade-she-4.3-to-4.4")
    assert any(
        e.via and e.via[0][0].endswith("upgrade-she-4.3-to-4.4.md") for e in built(she, step)
    )


@pytest.mark.sphinx
def test_guidekit_flow_walks_the_assembled_guides(
    tmp_path: Path, project_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from guidekit.cli import main

    root = trim_guides(project_copy(), ITEM_1_GUIDES)
    revert_item_1(root)
    assert main(["flow", "--quiet", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    maintenance = root / "procedures" / "global-maintenance.md"
    line = line_of(maintenance, "   # hosted-engine --set-maintenance --mode=global")
    assert f"{maintenance}:{line}: error: [flow-one-of]" in out
