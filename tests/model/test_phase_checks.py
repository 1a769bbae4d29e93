"""Verification and rollback declarations in a procedure's front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.manifest import check_manifest, parse_manifest
from guidekit.model.matrix import load_matrix
from guidekit.model.phase_checks import verify_markdown
from guidekit.model.procedures import Library, parse_procedure

REPO = Path(__file__).resolve().parents[2]

HEAD = "---\nid: demo\ntitle: Demo\nsummary: A demo.\n"
BODY = "---\n\nText.\n"

DECLARED = (
    HEAD
    + """verify:
  - check: The Manager virtual machine is up.
    command: hosted-engine --vm-status
    machine: she-node
    expect: '{"health": "good"}'
  - check: The hosts are `Up` in the Administration Portal.
rollback:
  way-back: Start the old Manager again.
  point-of-no-return: engine-setup on the new machine.
downtime:
  manager: From the backup until engine-setup completes.
"""
    + BODY
)


def test_declarations_are_read_with_their_lines() -> None:
    checks = parse_procedure(DECLARED, "procedures/demo.md").checks
    assert bool(checks)
    assert [c.text for c in checks.verify] == [
        "The Manager virtual machine is up.",
        "The hosts are `Up` in the Administration Portal.",
    ]
    first = checks.verify[0]
    assert (first.command, first.machine, first.expect) == (
        "hosted-engine --vm-status",
        "she-node",
        '{"health": "good"}',
    )
    assert first.line == 6 and checks.verify[1].line == 10
    assert checks.way_back == "Start the old Manager again."
    assert checks.no_return == "engine-setup on the new machine."
    assert checks.downtime == (("manager", "From the backup until engine-setup completes."),)


def test_a_procedure_without_declarations_has_none() -> None:
    checks = parse_procedure(HEAD + BODY, "procedures/demo.md").checks
    assert not checks
    assert checks.verify == ()


def test_verify_markdown_gives_command_and_output_blocks() -> None:
    text = verify_markdown(parse_procedure(DECLARED, "procedures/demo.md").checks)
    assert text == (
        "- The Manager virtual machine is up.\n\n"
        "  ```{command} she-node\n  # hosted-engine --vm-status\n  ```\n\n"
        '  ```{output}\n  {"health": "good"}\n  ```\n\n'
        "- The hosts are `Up` in the Administration Portal.\n"
    )


@pytest.mark.parametrize(
    ("fragment", "line", "message"),
    [
        # A command without the machine it runs on.
        ("verify:\n  - check: Up.\n    command: hosted-engine --vm-status\n", 6, "machine"),
        # Output without a command.
        ("verify:\n  - check: Up.\n    expect: x\n", 6, "command"),
        # A misspelt key.
        ("rollback:\n  way_back: Start it again.\n", 5, "way_back"),
        # Two commands in one check.
        (
            "verify:\n  - check: Up.\n    command: |\n      a\n      b\n    machine: manager\n",
            7,
            "one command",
        ),
    ],
)
def test_bad_declarations_name_file_and_line(fragment: str, line: int, message: str) -> None:
    with pytest.raises(GuideError) as caught:
        parse_procedure(HEAD + fragment + BODY, "procedures/demo.md")
    assert caught.value.path.endswith("demo.md")
    assert message in str(caught.value)
    assert caught.value.line == line


MANIFEST = """topologies:
  self-hosted: Self-hosted
guides:
  - id: g
    title: G
    topology: self-hosted
    from: "4.3"
    to: "4.4"
    steps:
      - first
      - demo: {phase: upgrade}
product: Demo
downtime: {manager: Nothing works.}
"""


@pytest.mark.parametrize("declared", [True, False])
def test_an_upgrade_step_must_say_how_to_check_it(declared: bool) -> None:
    """A step that moves the environment to the new release without a 'verify:' stops
    the build at its manifest line."""
    demo = DECLARED if declared else HEAD + BODY
    library = Library(
        {
            "demo": parse_procedure(demo, "procedures/demo.md"),
            "first": parse_procedure(HEAD.replace("demo", "first") + BODY, "procedures/first.md"),
        },
        "procedures",
    )
    matrix = load_matrix(REPO / "procedures" / "versions.yaml")
    manifest = parse_manifest(MANIFEST, "guides.yaml")
    if declared:
        check_manifest(manifest, library, matrix)  # the first step needs none
        return
    with pytest.raises(GuideError) as caught:
        check_manifest(manifest, library, matrix)
    assert (caught.value.path, caught.value.line) == ("guides.yaml", 11)
    assert "declares no 'verify:'" in str(caught.value)
