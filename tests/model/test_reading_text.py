"""The reader without a build (guidekit.model.flow.reading_text) parses procedures
with MyST's own block parser: what a directive holds, at any depth, is read as
the built page holds it; literal content is not."""

from __future__ import annotations

from tests.model.test_flow import MODEL, procedure, project

from guidekit.model.flow.reading import FlowItem
from guidekit.model.flow.reading_text import GuideEvents, directive_of, markdown_parser

NESTED = procedure(
    "nested",
    """\
    Intro text.

    % needs: global-maintenance = enabled

    :::{steps}
    1. Look first:

       ````{note}
       Inside a note, in a step:

       ```{command} she-node
       # hosted-engine --vm-status
       ```
       ````

    2. Stop it:
       % sets: engine = stopped

       ```{command} she-node
       # hosted-engine --vm-shutdown \\
           --force
       ```

       ```{output}
       # not a command: output of the step above
       ```
    :::
    """,
)


def _items() -> list[FlowItem]:
    proj = project("- nested\n", procedures={"nested": NESTED})
    reader = GuideEvents(proj, MODEL, proj.manifest.guides[0])
    return reader.of_procedure("nested", {}, [], ())


def test_directive_names_and_arguments() -> None:
    (fence,) = markdown_parser().parse("```{command} manager\n# ls\n```\n")
    assert directive_of(fence) == ("command", "manager")
    (plain,) = markdown_parser().parse("```bash\nls\n```\n")
    assert directive_of(plain) == ("", "")


def test_commands_and_annotations_at_any_depth_with_their_lines() -> None:
    items = _items()
    assert [(i.kind, i.text or i.lines[0][0]) for i in items] == [
        ("annotation", "needs: global-maintenance = enabled"),
        ("command", "# hosted-engine --vm-status"),
        ("annotation", "sets: engine = stopped"),
        ("command", "# hosted-engine --vm-shutdown \\"),
    ]
    text = NESTED.split("\n")
    for item in items:  # each at its line of the procedure's file (from 1)
        shown = item.lines[0] if item.kind == "command" else (item.text, item.line)
        assert shown[0].strip() in text[shown[1] - 1].replace("% ", ""), item
    needs, note_command, sets, command = items
    assert not needs.in_step and sets.in_step
    assert note_command.machine == "she-node" and command.lines[1][0].strip() == "--force"
    assert command.lines[1][1] == command.lines[0][1] + 1


def test_a_step_reads_the_commands_of_a_block_as_one_console_session() -> None:
    proj = project("- nested\n", procedures={"nested": NESTED})
    events = GuideEvents(proj, MODEL, proj.manifest.guides[0]).of_step(
        proj.manifest.guides[0].steps[0]
    )
    commands = [e.command for e in events if e.kind == "command"]
    assert commands == ["hosted-engine --vm-status", "hosted-engine --vm-shutdown --force"]
