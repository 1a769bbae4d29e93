"""Long commands broken for paper (guidekit.pdf.wrap)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from guidekit.pdf.wrap import break_commands, break_file, break_file_line, break_line, break_points

LONG = (
    "# ansible-playbook -i archive_config_inventory.yml archive_config.yml "
    '--tags backupfiles -e "nbde_setup=false upgrade=true" --extra-vars=foo'
)


def test_breaks_between_arguments_outside_quotes() -> None:
    lines = break_line(LONG, 50)
    assert all(len(line) <= 50 for line in lines)
    assert all(line.endswith(" \\") for line in lines[:-1])
    assert all(line.startswith("    ") for line in lines[1:])
    assert '"nbde_setup=false upgrade=true"' in "\n".join(lines)  # the quotes stay whole
    # Joined as the shell joins them, it is the same command.
    assert " ".join(line.removesuffix(" \\").strip() for line in lines) == LONG


def test_prefers_to_keep_an_option_with_its_value() -> None:
    lines = break_line(
        "# engine-backup --scope=all --mode=backup --file=backup.bck --log=backup.log", 50
    )
    assert lines[1].lstrip().startswith("--")


def test_short_lines_heredocs_and_long_words_are_kept() -> None:
    text = "# short\n# cat <<EOF > /etc/x\n" + "word " * 30 + "\nEOF"
    assert break_commands(text, 40) == text
    url = "https://example.com/" + "x" * 80
    # A word longer than a line gets a line of its own, whole (LaTeX marks its wrap).
    assert break_line(f"# curl {url}", 40) == ["# curl \\", f"    {url}"]
    assert break_line(f"# {url}", 40) == [f"# {url}"]
    assert break_points("a 'b c' \"d e\" f\\ g h") == [1, 7, 13, 18]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash")
def test_broken_commands_are_still_valid_shell() -> None:
    broken = break_commands(LONG + "\n# echo a b c d e f g h i j k l m n o p q r s t u v", 30)
    script = "\n".join(line.removeprefix("# ") for line in broken.splitlines())
    assert subprocess.run(["bash", "-n"], input=script, text=True, check=False).returncode == 0


HOSTS = '  "he_mount_options": "backup-volfile-servers=<host2.example.com>:<host3.example.com>",'


@pytest.mark.parametrize("width", [40, 50, 60, 72, 84])
def test_file_lines_are_cut_whole_placeholders_first_at_blanks(width: int) -> None:
    parts = break_file_line(HOSTS, width)
    assert all(len(p.text) + (2 if p.continues else 0) + p.at_blank <= width for p in parts)
    for host in ("<host2.example.com>", "<host3.example.com>"):
        assert sum(host in p.text for p in parts) == 1  # never "<host3." / "example.com>"
    assert "".join(p.text + (" " if p.at_blank else "") for p in parts) == HOSTS
    assert [p.continues for p in parts] == [False] + [True] * (len(parts) - 1)
    # A blank first: the key on one line, its value on the next.
    assert parts[0].text == '  "he_mount_options":' and parts[0].at_blank


def test_file_lines_after_a_comma_and_short_or_uncuttable_lines_kept() -> None:
    line = "servers=" + ",".join(f"node{n}.example.com" for n in range(6))
    parts = break_file_line(line, 40)
    assert parts[0].text.endswith(",") and not parts[0].at_blank
    assert "".join(p.text for p in parts) == line
    assert break_file_line("short: line", 40) == [("short: line", False, False)]
    word = "x" * 100
    assert break_file_line(word, 40) == [(word, False, False)]  # left to LaTeX
    assert [p.text for p in break_file("a\n\n  b", 40)] == ["a", "", "  b"]
