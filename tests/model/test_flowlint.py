"""The flow rules are cmdlint rules: registered in cmdlint's registry as the ``flow``
family, selected, refused and graded like every rule, for ``-b cmdlint`` and
``guidekit flow`` alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.building import copy_project, trim_guides
from tests.model.test_flow import CAPTIONS, FIXTURES, project

from cmdlint.engine import Selection
from cmdlint.model import Severity
from cmdlint.registry import RULES as CMDLINT_RULES
from cmdlint.registry import Scope, UnknownRule
from guidekit.model import flowlint
from guidekit.model.flow import RULES

STATES = FIXTURES / "states.yaml"
BAD = "- setup\n- start-new\n"  # flow-requires and flow-never


def test_flow_rules_are_registered_as_one_family() -> None:
    flowlint.register_rules()
    flowlint.register_rules()  # again: no change, no error
    for rule_id, flow_rule in RULES.items():
        rule = CMDLINT_RULES[rule_id]
        assert rule.family == "flow" and rule.scope is Scope.EXTERNAL
        assert rule.severity is flow_rule.severity
        assert "Bad" in rule.explanation and "Good" in rule.explanation
    assert Selection.of(select=["flow"]).select == set(RULES)
    with pytest.raises(UnknownRule, match="flow-typo"):
        Selection.of(ignore=["flow-typo"])


def test_check_gives_cmdlint_findings_selected_and_graded() -> None:
    machines = sorted(CAPTIONS)  # the captions the fixture model addresses
    found, _flows = flowlint.check(project(BAD), STATES, machines)
    assert {f.rule for f in found} == {"flow-requires", "flow-never"}
    assert {f.severity for f in found} == {Severity.ERROR}
    flowlint.register_rules()
    chosen = Selection.of(ignore=["flow-never"], severity={"flow-requires": "warning"})
    found, _flows = flowlint.check(project(BAD), STATES, machines, chosen)
    assert [(f.rule, f.severity) for f in found] == [("flow-requires", Severity.WARNING)]


def test_unreadable_state_model_is_one_flow_data_finding(tmp_path: Path) -> None:
    states = tmp_path / "states.yaml"
    states.write_text("states: [\n", "utf-8")
    found, flows = flowlint.check(project(BAD), states, ["manager"])
    assert [(f.path, f.rule) for f in found] == [(str(states), "flow-data")] and flows == []


@pytest.mark.slow  # guidekit flow over a copy of the whole project, three times
def test_guidekit_flow_reads_conf_py_selection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``guidekit flow`` takes conf.py's cmdlint_* values like ``-b cmdlint``: a bad
    state model is a flow-data error, unless conf.py ignores it; an unknown id in
    conf.py is one error."""
    from guidekit.cli import main

    # one guide: the state model and conf.py are read once for any number of guides
    root = trim_guides(
        copy_project(tmp_path / "project", ("conf.py", "source", "procedures")), ("minor-4.4",)
    )
    states = root / "procedures" / "states.yaml"
    text = states.read_text("utf-8")
    assert "    sets: {engine: stopped}\n" in text
    states.write_text(text.replace("    sets: {engine: stopped}\n", "    sets: {engine: x}\n", 1))
    assert main(["flow", "--quiet", "--root", str(root)]) == 1
    assert "[flow-data]" in capsys.readouterr().out
    conf = root / "conf.py"
    original = conf.read_text("utf-8")
    conf.write_text(original + '\ncmdlint_ignore = ["flow-data"]\n', "utf-8")
    assert main(["flow", "--quiet", "--root", str(root)]) == 0
    conf.write_text(original + '\ncmdlint_ignore = ["flow-dta"]\n', "utf-8")
    assert main(["flow", "--quiet", "--root", str(root)]) == 2
    assert "unknown rule(s) flow-dta" in capsys.readouterr().err
