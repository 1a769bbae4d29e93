"""The build's {command} block check is cmdlint's console reader: here-documents,
continuations and output lines are the same lines for both."""

from __future__ import annotations

import pytest

from cmdlint.engine import analyse
from cmdlint.model import Block
from cmdlint.session import heredoc_closes, heredoc_opened
from guidekit.sphinx_ext.blocks import command_problems

BLOCKS = {
    # a delimiter with a hyphen (guidekit's own pattern used to stop at "END")
    "hyphen": ["# cat > /tmp/a.conf <<'END-OF-FILE'", "key = value", "END-OF-FILE"],
    # "<<EOF" inside quotes opens no here-document: the next line is output
    "quoted": ['# echo "<<EOF"', "EOF"],
    # <<- strips leading tabs from the closing line
    "tabs": ["# cat <<-EOF > /tmp/b", "\tline", "\tEOF", "# ls /tmp/b"],
    "plain": ["# cat <<EOF", "a", "EOF", "# true"],
    # a compound command and an open quote go on without a backslash
    "loop": ["# for h in a b; do", "    echo $h", "  done"],
    "quote": ['# echo "one', 'two"', "# true"],
    # after a complete command, an unprompted line is output
    "output": ["# hostname", "manager.example.com"],
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_build_check_and_cmdlint_agree(name: str) -> None:
    lines = BLOCKS[name]
    flagged = {index for index, _message in command_problems(lines)}
    analysis = analyse(Block("x.md", 1, lines, "command"))
    output = {sl.line - 1 for sl in analysis.session if sl.role == "output"}
    assert flagged == output


def test_heredoc_helpers() -> None:
    assert heredoc_opened("cat <<'END-OF-FILE'") == ("END-OF-FILE", False)
    assert heredoc_opened('echo "<<EOF"') is None
    assert heredoc_opened("cat <<-EOF") == ("EOF", True)
    assert heredoc_closes("\tEOF", ("EOF", True))
    assert not heredoc_closes("\tEOF", ("EOF", False))
