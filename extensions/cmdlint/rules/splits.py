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
    by_path: dict[str, list[Analysis]] = {}
    text_lines: dict[str, set[int]] = {}  # lines of prose: no page break between blocks
    for analysis in analyses:
        if analysis.category not in {"prose", "empty"}:
            by_path.setdefault(analysis.block.path, []).append(analysis)
        elif analysis.category == "prose":
            block = analysis.block
            text_lines.setdefault(block.path, set()).update(
                block.line + i for i, text in enumerate(block.lines) if re.search(r"\w", text)
            )
    for items in by_path.values():
        items.sort(key=lambda a: a.block.line)
        for index, analysis in enumerate(items):
            prev = items[index - 1] if index else None
            tail = _last_command_line(prev) if prev else None
            first = next((line for line in analysis.block.lines if line.strip()), "")
            offset = analysis.block.lines.index(first) if first else 0
            line = analysis.block.line + offset
            end = prev.block.line + len(prev.block.lines) if prev else 0
            near = (
                prev is not None
                and analysis.block.line - end < 8
                and not any(
                    end <= n < analysis.block.line for n in text_lines.get(analysis.block.path, ())
                )
            )
            joined = tail is not None and near
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
                    # with text before it, the block may show options to add on purpose
                    severity=None if near else Severity.INFO,
                )


def _last_command_line(analysis: Analysis | None) -> str | None:
    if analysis is None or analysis.category != "shell":
        return None
    content = [sl for sl in analysis.session if sl.role != "blank"]
    if content and content[-1].role in {"command", "continuation"}:
        return content[-1].text
    return None
