"""Long commands broken for paper (guidekit.pdf.wrap)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from guidekit.pdf.wrap import break_commands, break_line, break_points

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
