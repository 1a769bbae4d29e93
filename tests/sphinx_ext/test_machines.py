"""Machines of {command} blocks are the manifest's: caption and prompt."""

from __future__ import annotations

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.manifest import parse_manifest
from guidekit.sphinx_ext.blocks import command_problems

MANIFEST = """\
product: Shop
machines:
  app: {caption: On the application server, prompt: "$"}
  db: {caption: On the database server, prompt: "#"}
topologies:
  single: One server
guides:
  - id: g
    title: G
    topology: single
    from: "1.0"
    to: "2.0"
    steps: [first]
"""


def test_machines_have_a_caption_a_prompt_and_a_line() -> None:
    machines = parse_manifest(MANIFEST, "guides.yaml").machines
    assert [(m.name, m.caption, m.prompt, m.line) for m in machines.values()] == [
        ("app", "On the application server", "$", 3),
        ("db", "On the database server", "#", 4),
    ]


def test_a_prompt_is_root_or_user() -> None:
    with pytest.raises(GuideError) as info:
        parse_manifest(MANIFEST.replace('prompt: "$"', 'prompt: "%"'), "guides.yaml")
    assert info.value.line == 3 and "'%' is not one of ['#', '$']" in info.value.message


def test_command_lines_start_with_the_machines_prompt() -> None:
    user = ["$ sudo systemctl restart shop", "$ curl -fsS \\", "    http://localhost/health"]
    assert command_problems(user, "$") == []
    assert [i for i, _m in command_problems(user, "#")] == [0, 1]
    root = ["# systemctl restart shop"]
    assert command_problems(root, "#") == []
    ((index, message),) = command_problems(root, "$")
    assert index == 0 and "must start with the user prompt '$ '" in message
