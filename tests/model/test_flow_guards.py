"""A bound rule binds only where its guards hold: ``if:`` (states) and ``with:``
(the step of the guide also runs a matching command), e.g. ``tmux`` on the
deployment host only in the step that runs ``hosted-engine --deploy``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.model.test_flow import CAPTIONS, FIXTURES, REAL, _walk_real, findings, procedure

from guidekit.model.errors import GuideError
from guidekit.model.states import parse_states

GUARDED_RULES = """\
  - command: ^keep-session$
    machine: first-node
    with: ^install-deploy-tool$
    bound: true
  - command: ^stop-agent$
    machine: first-node
    if: {engine: stopped}
    bound: true
"""
MODEL = parse_states(
    (FIXTURES / "states.yaml").read_text("utf-8") + GUARDED_RULES, "states.yaml", CAPTIONS
)


def block(caption: str, command: str) -> str:
    return f"   ```{{command}} {caption}\n   # {command}\n   ```\n"


def steps_of(*blocks: str) -> str:
    return ":::{steps}\n" + "".join(f"1. Run it:\n\n{b}\n" for b in blocks) + ":::\n"


def wrong(steps: str, procedures: dict[str, str]) -> list[tuple[str, int]]:
    return [(p, n) for p, n, r in findings(steps, MODEL, procedures=procedures) if r == RULE]


RULE = "flow-wrong-machine"


@pytest.mark.parametrize(
    ("caption", "deploys", "reported"),
    [
        # in the step that deploys, the session belongs on the deployment host
        ("she-node", True, True),
        ("first-node", True, False),
        # in a step that deploys nothing, a session runs anywhere
        ("she-node", False, False),
        ("manager", False, False),
    ],
)
def test_a_rule_bound_with_a_command_binds_only_in_its_step(
    caption: str, deploys: bool, reported: bool
) -> None:
    blocks = [block(caption, "keep-session")]
    if deploys:
        blocks.append(block("first-node", "install-deploy-tool"))
    procedures = {"session": procedure("session", steps_of(*blocks))}
    assert wrong("- session\n", procedures) == ([("procedures/session.md", 10)] if reported else [])


def test_with_looks_at_the_same_step_only() -> None:
    """The deployment in the next step of the guide does not bind the session."""
    procedures = {
        "session": procedure("session", steps_of(block("she-node", "keep-session"))),
        "tool": procedure("tool", steps_of(block("first-node", "install-deploy-tool"))),
    }
    assert wrong("- session\n- tool\n", procedures) == []


@pytest.mark.parametrize(
    ("steps", "reported"), [("- agent\n", False), ("- stop-old\n- agent\n", True)]
)
def test_a_rule_bound_if_a_state_binds_only_in_that_state(steps: str, reported: bool) -> None:
    procedures = {"agent": procedure("agent", steps_of(block("she-node", "stop-agent")))}
    assert wrong(steps, procedures) == ([("procedures/agent.md", 10)] if reported else [])


def test_a_with_pattern_that_does_not_compile_is_an_error_at_its_line() -> None:
    text = (FIXTURES / "states.yaml").read_text("utf-8") + GUARDED_RULES.replace(
        "^install-deploy-tool$", "(unclosed"
    )
    with pytest.raises(GuideError) as caught:
        parse_states(text, "states.yaml", CAPTIONS)
    assert "with:" in caught.value.message
    assert text.splitlines()[caught.value.line - 1].strip().startswith("with:")


# --- the real guides: tmux for the self-hosted engine deployment ---

TMUX_BLOCK = "   ```{command} deployment-host\n   # tmux\n   ```\n"


def _she_upgrade() -> tuple[str, str]:
    proc = REAL.library.procedures["upgrade-she-4.3-to-4.4"]
    text = Path(proc.path).read_text("utf-8")
    assert text.count(TMUX_BLOCK) == 1
    return proc.path, text


def test_tmux_on_any_node_in_the_deployment_step_is_found() -> None:
    path, text = _she_upgrade()
    moved = text.replace(TMUX_BLOCK, TMUX_BLOCK.replace("deployment-host", "she-node"))
    found = _walk_real(**{"upgrade-she-4.3-to-4.4": moved})
    line = moved.split("\n").index("   # tmux") + 1
    assert [(p, n, r) for p, n, r, _m in found] == [(path, line, RULE)]
    assert "`tmux` runs on she-node (one of deployment-host, other-she-nodes)" in found[0][3]


def test_tmux_elsewhere_is_not_bound() -> None:
    """The same block on a node in a step that deploys nothing (update-manager, in
    both self-hosted engine guides) is no finding."""
    proc = REAL.library.procedures["update-manager"]
    text = Path(proc.path).read_text("utf-8")
    anchor = "::::{steps}\n"
    assert anchor in text
    session = "1. Start a session:\n\n" + TMUX_BLOCK.replace("deployment-host", "she-node") + "\n"
    found = _walk_real(**{"update-manager": text.replace(anchor, anchor + session, 1)})
    assert found == []
