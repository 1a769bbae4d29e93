"""Commands split apart: a command substitution cut by a wrap, a command split across
two blocks by a page break, a block that starts in the middle of a command."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cmdlint.command_words import first_word
from cmdlint.model import Analysis, Severity
from cmdlint.registry import Context, Hit, rule
from cmdlint.rules.continuation import split_token
from cmdlint.session import LexState, mask_line, scan_line

KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do"}
    | {"done", "in", "function", "select", "time"}
)


def _argument_like(text: str, context: Context) -> bool:
    """A line that reads as the rest of the previous command, not as a command of its own:
    an option, a format, a quoted word, or a word that is no command (a package, a file)."""
    if re.match(r"^[-+\"'%]", text):
        return True
    word = first_word(text)
    return bool(
        re.match(r"^[\w./@:-]+", text)
        and ")" in text
        and word not in context.known_commands
        and word not in KEYWORDS
    )


@rule("split-substitution", "error", applies=["shell"])
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
            if after and not after.endswith(("|", "&&", ";", "(")) and _argument_like(nxt, context):
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
    by_path, prose_lines = _blocks_by_path(analyses)
    for path, items in by_path.items():
        items.sort(key=lambda a: a.block.line)
        for previous, analysis in zip([None, *items], items, strict=False):
            if hit := _split_hit(previous, analysis, prose_lines.get(path, set())):
                yield hit


def _blocks_by_path(
    analyses: Sequence[Analysis],
) -> tuple[dict[str, list[Analysis]], dict[str, set[int]]]:
    """The code blocks of each file, and its lines of prose (text between two blocks
    means no page break split them)."""
    by_path: dict[str, list[Analysis]] = {}
    prose_lines: dict[str, set[int]] = {}
    for analysis in analyses:
        if analysis.category not in {"prose", "empty"}:
            by_path.setdefault(analysis.block.path, []).append(analysis)
        elif analysis.category == "prose":
            block = analysis.block
            prose_lines.setdefault(block.path, set()).update(
                block.line + i for i, text in enumerate(block.lines) if re.search(r"\w", text)
            )
    return by_path, prose_lines


def _split_hit(previous: Analysis | None, analysis: Analysis, prose_lines: set[int]) -> Hit | None:
    """The block goes on with the previous block's command, or starts mid-command."""
    block = analysis.block
    first = next((line for line in block.lines if line.strip()), "")
    line = block.line + (block.lines.index(first) if first else 0)
    near = _near_previous(previous, analysis, prose_lines)
    starts_command = first.lstrip().startswith(("#", "$"))
    if near and first.strip() and not starts_command and _continues(previous, first):
        return Hit(
            line,
            1,
            "this block continues the command of the previous block "
            "(a page break split it); put the command in one block",
            block.path,
        )
    if analysis.fragment:
        return Hit(
            line,
            1,
            "the block starts in the middle of a command; the start of the command is missing",
            block.path,
            # with text before it, the block may show options to add on purpose
            severity=None if near else Severity.INFO,
        )
    return None


def _near_previous(previous: Analysis | None, analysis: Analysis, prose_lines: set[int]) -> bool:
    """Close below the previous block with no text between: a page break may lie there."""
    if previous is None:
        return False
    end = previous.block.line + len(previous.block.lines)
    start = analysis.block.line
    return start - end < 8 and not any(end <= n < start for n in prose_lines)


def _continues(previous: Analysis | None, first: str) -> bool:
    """The previous block's last command line goes on into ``first``."""
    tail = _last_command_line(previous)
    return bool(tail) and (
        str(tail).rstrip().endswith("\\") or split_token(str(tail), first.strip())
    )


def _last_command_line(analysis: Analysis | None) -> str | None:
    if analysis is None or analysis.category != "shell":
        return None
    content = [sl for sl in analysis.session if sl.role != "blank"]
    if content and content[-1].role in {"command", "continuation"}:
        return content[-1].text
    return None
