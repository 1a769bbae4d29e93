"""Block extraction, console sessions, classification and option specs."""

from __future__ import annotations

from cmdlint.blocks import extract_blocks, suppressions
from cmdlint.classify import classify
from cmdlint.engine import analyse
from cmdlint.model import Block, BlockKind
from cmdlint.specs import load_specs

MD = """# Title

```{command} manager
# engine-setup
```

Text:

    # indented-command --flag

1. A list item

    still the list item

~~~bash
$ echo hi
~~~
"""

RST = """Title
=====

Run::

    # engine-setup

.. code-block:: bash
   :caption: x

   # systemctl restart httpd
"""


def test_markdown_blocks_keep_file_lines() -> None:
    blocks = extract_blocks(MD, "a.md")
    assert [(b.line, b.kind, b.lines[0]) for b in blocks] == [
        (4, "command", "# engine-setup"),
        (9, "", "# indented-command --flag"),
        (16, "bash", "$ echo hi"),
    ]
    assert blocks[0].argument == "manager"


def test_rst_blocks() -> None:
    blocks = extract_blocks(RST, "a.rst")
    assert [(b.line, b.kind, b.lines[0]) for b in blocks] == [
        (6, "", "# engine-setup"),
        (11, "bash", "# systemctl restart httpd"),
    ]


def test_inline_suppression_applies_to_next_block() -> None:
    text = "<!-- cmdlint: disable=option -- new option -->\n```\n# engine-setup --x\n```\n"
    assert extract_blocks(text, "a.md")[0].suppress == {"option": "new option"}


def test_suppression_is_a_comment_line_of_its_own() -> None:
    """Each comment syntax suppresses; prose or inline code that shows it does not."""
    for comment in (
        "<!-- cmdlint: disable=option -- why -->",
        "% cmdlint: disable=option -- why",
        ".. cmdlint: disable=option -- why",
        "  // cmdlint: disable=option -- why",
    ):
        blocks = extract_blocks(f"{comment}\n```\n# engine-setup --x\n```\n", "a.md")
        assert blocks[0].suppress == {"option": "why"}, comment
    for prose in (
        "Write `<!-- cmdlint: disable=RULE -- reason -->` above a block.",
        "see cmdlint: disable=option -- why",
        "<!-- cmdlint: disable=option -- why --> and more text",
        "# cmdlint: disable=option -- why",
    ):
        assert suppressions([prose, "```", "# x", "```"]) == [], prose


def session(text: str) -> list[tuple[int, str]]:
    analysis = analyse(Block("a.md", 1, text.split("\n")))
    return [(sl.line, sl.role) for sl in analysis.session]


def test_session_roles() -> None:
    text = "# cat <<EOF > /tmp/f\n# not a prompt\nEOF\n# for x in a b; do\n  echo $x\ndone\nout"
    assert session(text) == [
        (1, "command"),
        (2, "heredoc"),
        (3, "heredoc"),
        (4, "command"),
        (5, "continuation"),
        (6, "continuation"),
        (7, "output"),
    ]


def test_continuations_by_quote_and_substitution() -> None:
    text = "# x=\"$(\n  date\n)\"\n# y='a\nb'\n[root@host ~]# ls \\\n  -l"
    roles = [role for _, role in session(text)]
    assert roles == [
        "command",
        "continuation",
        "continuation",
        "command",
        "continuation",
        "command",
        "continuation",
    ]


def test_placeholders_are_words() -> None:
    analysis = analyse(Block("a.md", 1, ["# vgdisplay <VG_NAME> | grep -i free"]))
    assert analysis.simple[0].words[1].placeholder
    assert analysis.parse_error is None


def test_classify_untagged() -> None:
    cases = {
        "# engine-setup": "shell",
        "Execution of setup completed successfully": "output",
        '{"health": "good"}': "json",
        "all:\n  hosts:\n    host1:": "yaml",
        "[repo]\nname = x": "ini",
        "listen_addresses='*'\nwork_mem = 8192": "conf",
        'UUID="a8" /data ext4 defaults 0 0': "fstab",
        "clearpart --all --drives=sda": "kickstart",
        "/etc/ansible/roles/x.yml": "path",
        "ansible-playbook -i inv.yml site.yml": "shell",
        '"he_bridge_if": "<eth0>",': "json-fragment",
    }
    for text, category in cases.items():
        assert classify(Block("a.md", 1, text.split("\n"))) == category, text


def test_specs_cover_the_guides_commands() -> None:
    specs = load_specs()
    wanted = [
        "engine-setup",
        "engine-backup",
        "engine-upgrade-check",
        "engine-config",
        "hosted-engine",
        "rhv-log-collector-analyzer",
        "rhv-image-discrepancies",
        "subscription-manager",
        "yum",
        "dnf",
        "systemctl",
        "openssl",
        "gluster",
        "scl",
        "postgresql-setup",
        "reposync",
        "rct",
        "ansible-playbook",
        "lvcreate",
        "mkfs.xfs",
        "semanage",
        "restorecon",
        "mount",
        "chown",
        "chmod",
        "tar",
        "scp",
    ]
    assert set(wanted) <= set(specs)
    assert "x509" in specs["openssl"].subcommands
    assert "volume" in specs["gluster"].subcommands
    assert "module" in specs["dnf"].subcommands


def test_block_kind_keeps_the_tag_as_written_and_folds_others() -> None:
    assert BlockKind.of("shell-session") is BlockKind.SHELL_SESSION
    assert BlockKind.of("") is BlockKind.UNTAGGED
    assert BlockKind.of("python") is BlockKind.OTHER
    assert BlockKind.of("Bash") is BlockKind.OTHER  # Sphinx keeps the case of a language
