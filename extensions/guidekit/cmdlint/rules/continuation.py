"""Broken continuations: lines a PDF or an editor wrapped without a backslash."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from ..classify import first_word
from ..model import Analysis, SessionLine, Severity
from ..registry import Context, Hit, rule
from ..session import LexState, mask_line, scan_line

OPTION_LINE = re.compile(r"^\s*--?[A-Za-z][\w-]*(?:=\S*)?(?:\s|$)")
LS_MODE = re.compile(r"^\s*[-dlcbps][-rwxsStT.]{9}")
SPLIT_END = re.compile(r"(?:[\w.]-|[\w.-]/|\s-)$")


def split_token(prev: str, text: str) -> bool:
    """``prev`` ends inside a word that ``text`` completes (a wrap at '-' or '/')."""
    prev = prev.rstrip()
    if not SPLIT_END.search(prev) or LS_MODE.match(text):
        return False
    if prev.endswith("/"):
        return bool(re.match(r"^[\w.-]+(?:/|\.\w+\b)", text))
    return bool(re.match(r"^[A-Za-z0-9]", text))


EXECUTABLE = re.compile(r"(?:/s?bin/|\.sh$|\.py$)")


def _shape(token: str) -> str:
    return re.sub(r"\d+", "0", token.split("/")[0].split("=")[0])


@rule("backslash-space", "error")
def backslash_space(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A backslash followed by trailing whitespace: it escapes the space, not the line end.

    Bad (a space after the backslash)::

        # subscription-manager repos \\␠
        --enable=rhel-8-for-x86_64-baseos-eus-rpms

    Good::

        # subscription-manager repos \\
            --enable=rhel-8-for-x86_64-baseos-eus-rpms

    Only a warning when every line of the command ends with spaces (converter padding).
    """
    if analysis.category != "shell":
        return
    # When every line of a multi-line command ends with spaces, even its last
    # one, a converter (PDF, wiki) padded them: the page most likely shows a
    # correct command, so it is a warning. A lone space after one backslash is
    # a typo that breaks the command: an error.
    groups: list[list[SessionLine]] = []
    for sl in analysis.session:
        if sl.role == "command":
            groups.append([sl])
        elif sl.role == "continuation" and groups:
            groups[-1].append(sl)
    for group in groups:
        padded = len(group) > 1 and all(sl.text[-1:] in (" ", "\t") for sl in group)
        for sl in group:
            match = re.search(r"(?<!\\)\\[ \t]+$", sl.text)
            if match:
                yield Hit(
                    sl.line,
                    match.start() + 1,
                    "backslash followed by whitespace: the line does not continue; "
                    "delete the spaces after '\\'"
                    + (" (every line of this command ends with spaces)" if padded else ""),
                    severity=Severity.WARNING if padded else None,
                )


def _wrapped(
    prev: SessionLine, current: SessionLine, known: frozenset[str], unprompted: bool
) -> str | None:
    prev_text = prev.text.rstrip()
    text = current.text
    if prev_text.endswith("\\"):
        return None
    if split_token(prev_text, text):
        cut = prev_text.split()[-1] if prev_text.split() else "-"
        return (
            f"the word '{cut}' is split across lines; join the lines (or end the first with ' \\')"
        )
    if OPTION_LINE.match(text) and not LS_MODE.match(text):
        word = text.split()[0]
        return (
            f"option '{word}' is wrapped onto its own line without '\\'; bash runs it as a "
            "separate command"
        )
    word = first_word(text)
    tokens = prev_text.split()
    if word and any(_shape(word) == _shape(t) and re.search(r"[:/=]", t) for t in tokens[1:]):
        return (
            f"argument '{word}' is wrapped onto its own line without '\\'; bash runs it "
            "as a separate command"
        )
    if (
        unprompted
        and word not in known
        and re.match(r"^\s*[\w.~-]*/", text)
        and not (EXECUTABLE.search(word))
    ):
        return (
            f"argument '{word}' is wrapped onto its own line without '\\'; bash runs it "
            "as a separate command"
        )
    return None


@rule("wrapped-line", "error")
def wrapped_line(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """An option, an argument or part of a word wrapped onto the next line without ``\\``.

    Bad::

        # scl enable rh-postgresql10 -- postgresql-setup --upgrade-from=rh-postgresql95-postgresql
        --upgrade

    Good::

        # scl enable rh-postgresql10 -- postgresql-setup \\
            --upgrade-from=rh-postgresql95-postgresql --upgrade
    """
    if analysis.category in {"output", "path"}:
        lines = analysis.block.lines
        for offset, (prev, text) in enumerate(itertools.pairwise(lines)):
            if re.match(r"^\s*/\S*[-/]\s*$", prev) and split_token(prev, text.strip()):
                yield Hit(
                    analysis.block.line + offset + 1,
                    1,
                    f"the path '{prev.strip()}' is split across lines; join the lines",
                )
        return
    if analysis.category != "shell":
        return
    known = context.known_commands
    unprompted = not analysis.prompted
    previous: SessionLine | None = None
    for sl in analysis.session:
        if sl.role == "blank":
            previous = None
            continue
        candidate = sl.role == "output" or (unprompted and sl.role == "command")
        if candidate and previous is not None and previous.role in {"command", "continuation"}:
            message = _wrapped(previous, sl, known, unprompted)
            if message:
                yield Hit(sl.line, len(sl.text) - len(sl.text.lstrip()) + 1, message)
                continue
        previous = sl


@rule("split-substitution", "error")
def split_substitution(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A command substitution cut by a line wrap: the rest of it becomes a second command.

    Bad::

        # cp -p ca.pem ca.pem."$(date
        + "%Y%m%d%H%M%S")"

    Good::

        # cp -p ca.pem ca.pem."$(date +%Y%m%d%H%M%S)"
    """
    if analysis.category != "shell":
        return
    for command in analysis.commands:
        state = LexState()
        lines = command.lines
        for index, sl in enumerate(lines[:-1]):
            body = mask_line(sl.text[sl.body_column - 1 :], analysis.block.template)[0]
            scan_line(body, state)
            inside = any(frame[0] in {"$(", "`"} for frame in state.frames)
            if not inside or state.backslash or state.pipe_open:
                continue
            start = max(body.rfind("$("), body.rfind("`"))
            after = body[start + 2 :].strip() if start >= 0 else ""
            nxt = lines[index + 1].text.lstrip()
            if after and not after.endswith(("|", "&&", ";", "(")) and re.match(r"^[-+\"'%]", nxt):
                yield Hit(
                    lines[index + 1].line,
                    1,
                    "a command substitution is cut by a line wrap: the next line runs as "
                    "a separate command inside it; join the lines",
                )


@rule("split-block", "error", scope="corpus")
def split_block(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """One command split across two blocks (a page break), or a block that starts mid-command.

    Bad::

        ```
        # openssl x509 -signkey ca.pem -in ca.pem -
        ```
        ```
        out ca.pem.new -days 3650 -sha256
        ```

    Good::

        ```
        # openssl x509 -signkey ca.pem -in ca.pem -out ca.pem.new -days 3650 -sha256
        ```
    """
    by_path: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        if analysis.category not in {"prose", "empty"}:
            by_path.setdefault(analysis.block.path, []).append(analysis)
    for items in by_path.values():
        items.sort(key=lambda a: a.block.line)
        for index, analysis in enumerate(items):
            prev = items[index - 1] if index else None
            tail = _last_command_line(prev) if prev else None
            first = next((line for line in analysis.block.lines if line.strip()), "")
            offset = analysis.block.lines.index(first) if first else 0
            line = analysis.block.line + offset
            joined = (
                tail is not None
                and analysis.block.line - (prev.block.line + len(prev.block.lines) if prev else 0)
                < 8
            )
            continues = bool(tail) and (
                str(tail).rstrip().endswith("\\") or split_token(str(tail), first.strip())
            )
            starts_command = first.lstrip().startswith(("#", "$"))
            if joined and continues and first.strip() and not starts_command:
                yield Hit(
                    line,
                    1,
                    "this block continues the command of the previous block "
                    "(a page break split it); put the command in one block",
                    analysis.block.path,
                )
                continue
            if analysis.fragment:
                yield Hit(
                    line,
                    1,
                    "the block starts in the middle of a command; the start of "
                    "the command is missing",
                    analysis.block.path,
                )


def _last_command_line(analysis: Analysis | None) -> str | None:
    if analysis is None or analysis.category != "shell":
        return None
    content = [sl for sl in analysis.session if sl.role != "blank"]
    if content and content[-1].role in {"command", "continuation"}:
        return content[-1].text
    return None
