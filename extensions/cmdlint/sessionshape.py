"""The shape of a shell block: a script or a session, which ``#`` lines are comments
and which are root prompts, which unprompted lines are program output.

Documentation nobody here wrote shows commands in many ways: scripts whose ``#``
lines are comments, sessions with ``$`` or ``#`` prompts, ``>`` prompts, output
after the commands of a script.  These functions decide from the block's content
and its language tag; when they are unsure, a line is taken as output, which draws
no error (issue 18: an error must be a mistake a reader would hit).
"""

from __future__ import annotations

import re

from cmdlint.command_words import first_word
from cmdlint.model import Block, BlockKind
from cmdlint.session import GT_PROMPT, HEREDOC, PROMPT

SESSION_TAGS = frozenset(
    {
        BlockKind.CONSOLE,
        BlockKind.TERMINAL,
        BlockKind.SHELL_SESSION,
        BlockKind.SH_SESSION,
        BlockKind.COMMAND,
    }
)
ROOT_COMMAND = re.compile(r"^(?:\./|/|\.\s|[A-Za-z_]\w*=|(?:for|if|while|until|case)\s|\$\(|\(|\[)")
ENGLISH = frozenset(
    {
        "the",
        "a",
        "an",
        "to",
        "your",
        "this",
        "that",
        "is",
        "are",
        "will",
        "you",
        "we",
        "should",
        "must",
        "can",
        "which",
        "when",
        "if",
        "not",
        "it",
        "these",
        "those",
        "our",
    }
)
KEYWORDS = frozenset(
    {
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "for",
        "while",
        "until",
        "do",
        "done",
        "case",
        "esac",
        "function",
        "select",
        "time",
    }
)
# "deployment.apps/web scaled", "virtualmachine.kubevirt.io/vm created"
RESULT = re.compile(
    r"^\S+/\S+ (?:created|configured|unchanged|deleted|scaled|patched|labeled|annotated"
    r"|restarted|serverside-applied|condition met|rolled back|exposed|tagged)\b"
)
METRIC = re.compile(r"^[a-z_:][\w:]*\{(?:\s*$|[\w]+=)")
TABLE_HEADER = re.compile(r"^[A-Z][A-Z0-9_()-]+(?:\s{2,}[A-Z][A-Z0-9_()%-]*(?: [A-Z]+)?)+\s*$")


def _prompt_lines(block: Block, prompt: re.Pattern[str]) -> list[tuple[int, str, str]]:
    """(offset, prompt, body) of the prompt lines outside heredoc bodies."""
    found = []
    closing = ""
    for offset, line in enumerate(block.lines):
        if closing:  # a heredoc body: its '#' lines are data
            closing = "" if line.strip() == closing else closing
            continue
        heredoc = HEREDOC.search(line)
        closing = heredoc.group(3) if heredoc else ""
        match = prompt.match(line)
        if match is not None:
            found.append((offset, match["prompt"], line[match.end() :].strip()))
    return found


def is_script(block: Block, known: frozenset[str], prompt: re.Pattern[str] = PROMPT) -> bool:
    """A shell block without prompts is a script, whose ``# ...`` lines are comments;
    a block with prompts is a session.  A ``#`` line is a root prompt only where every
    ``#`` line of the block starts with a command: one that reads as prose
    (``# Create the namespace``) makes them all comments.  A session tag (``console``)
    or any other prompt (``$``, ``user@host$``, ``%``) makes the block a session."""
    if block.kind in SESSION_TAGS:
        return False
    roots = []
    for _offset, shown, body in _prompt_lines(block, prompt):
        if shown != "#":
            return False
        roots.append(body)
    return not roots or any(body and not root_command(body, known) for body in roots)


def comment_lines(
    block: Block, known: frozenset[str], script: bool, prompt: re.Pattern[str] = PROMPT
) -> frozenset[int]:
    """Offsets of the ``#`` lines that are comments: all of them in a script; in a
    session with other prompts, those that read as prose (``# --vm, to name the VM``)."""
    return frozenset(
        offset
        for offset, shown, body in _prompt_lines(block, prompt)
        if shown == "#" and (script or (body and not root_command(body, known)))
    )


def gt_prompts(block: Block, known: frozenset[str], prompt: re.Pattern[str] = PROMPT) -> bool:
    """``> kubectl get pods``: a block without other prompts whose ``>`` lines start
    with commands uses ``>`` as its prompt."""
    lines = _prompt_lines(block, prompt)
    if any(shown != "#" or root_command(body, known) for _o, shown, body in lines):
        return False
    bodies = [line[2:].strip() for line in block.lines if GT_PROMPT.match(line)]
    first = next((line for line in block.lines if line.strip() and line[:1] != "#"), "")
    return (
        bool(bodies)
        and GT_PROMPT.match(first) is not None
        and all(re.match(r"^[a-z][\w.-]*(?:\s|$)", body) for body in bodies)
        and any(first_word(body) in known or " -" in body for body in bodies)
    )


def root_command(body: str, known: frozenset[str]) -> bool:
    """The text after a ``#`` reads as a command, not as a comment in prose."""
    if ROOT_COMMAND.match(body):
        return True
    tokens = body.split()
    word = first_word(body)
    if re.match(r"^\S+[,:;](?:\s|$)", body):
        return False  # "# first, install", "# --vm, to specify"
    if word not in known and (
        re.match(r"^[A-Z][a-z]+\b", body)
        or (len(tokens) >= 3 and not re.search(r"(?:^|\s)[-/$<.]|[=|>]", body))
    ):
        return False  # "# Create the namespace", "# then install the chart"
    return not (
        any(token.lower() in ENGLISH for token in tokens[1:])
        and not re.search(r"(?:^|\s)-|=", body)
    )


def output_line(text: str, known: frozenset[str], after_output: bool = False) -> bool:
    """An unprompted line of a script that reads as a program's output: a table row,
    ``NAME  READY  STATUS``, ``deployment.apps/web scaled``, ``curl: (35) ...``, a
    Prometheus metric; after output, any line that does not start with a command."""
    stripped = text.strip()
    word = first_word(stripped)
    if (word in known or word in KEYWORDS) and stripped[len(word) : len(word) + 1] != "=":
        return False
    if after_output:
        return not re.match(r"^(?:\./|/\S|\$\()", stripped)
    if ROOT_COMMAND.match(stripped):
        return False
    return output_shape(stripped) or bool(
        re.match(r"^[\w.-]+: ", stripped) and not re.search(r"[|;&]|\s-", stripped)
    )


def output_shape(text: str) -> bool:
    """A line shaped as a program's output whatever precedes it: a table header or row
    (columns apart by two spaces or more), a kubectl result, a Prometheus metric."""
    stripped = text.strip()
    return bool(
        RESULT.match(stripped)
        or re.match(r"^\d[\d.]*\s", stripped)  # "0 B / 193.89 MiB [----]", "3 pods"
        or METRIC.match(stripped)
        or TABLE_HEADER.match(stripped)
        or len(re.findall(r"\S {2,}\S", stripped)) >= 2
        or len(re.findall(r"(?:^|\s)[\w.:-]+=\S", stripped)) >= 3  # a log line: k=v k=v k=v
    )
