"""Long commands for paper: broken at argument boundaries with a backslash.

Someone who types a command from a printed page must know exactly what to
type. A mark that LaTeX adds where it wraps a long line is ambiguous inside a
command (is it a space? nothing?), while `` \\`` at the end of a line is what
the shell itself reads as "the command goes on". So a command line that does
not fit is broken between two arguments, outside quotes, with `` \\`` and an
indented next line; only a single word longer than the line is left for LaTeX
to wrap with its mark. Heredoc bodies are text, not shell words, and are kept.

The lines of a file are its contents: nothing may be added to them. A line
too long for the page is cut into parts that the PDF sets with LaTeX's own
marks (a part that continues the line above starts with the wrap mark; one
cut at a blank ends with the mark of a blank), but at a place chosen here: a
blank, else after a comma, else at the edge of a ``<placeholder>`` or after
``:`` or ``=``; never inside a placeholder or a host name (LaTeX would cut
``<host3.`` / ``example.com>`` at its dot).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cmdlint.session import PLACEHOLDER

_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
CONTINUATION_INDENT = "    "


def break_points(line: str) -> list[int]:
    """Positions of the blanks between shell words of ``line`` (outside quotes)."""
    points = []
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == " " and index > 0 and line[index - 1] != " ":
            points.append(index)
    return points


def break_line(line: str, width: int) -> list[str]:
    """``line`` as lines of at most ``width`` characters where the words allow it."""
    if len(line) <= width:
        return [line]
    tail = ""
    if line.endswith(" \\"):  # an existing continuation stays at the very end
        line, tail = line[:-2], " \\"
    lines = []
    rest = line
    prefix = ""
    while len(prefix) + len(rest) + len(tail) > width:
        limit = width - len(prefix) - 2  # room for " \"
        # Never break right after the prompt: the command name stays with it.
        first = 2 if not prefix and rest.startswith("# ") else 0
        points = [p for p in break_points(rest) if first < p <= limit]
        if not points:
            longer = [p for p in break_points(rest) if p > max(limit, first)]
            if not longer:
                break
            point = longer[0]  # one word is too long: break after it, LaTeX wraps it
        else:
            # Prefer to break before an option, so that it stays with its value.
            options = [p for p in points if rest[p + 1 : p + 2] == "-" and p >= limit // 2]
            point = options[-1] if options else points[-1]
        lines.append(prefix + rest[:point] + " \\")
        rest = rest[point:].lstrip(" ")
        prefix = CONTINUATION_INDENT
    lines.append(prefix + rest + tail)
    return lines


def break_commands(text: str, width: int) -> str:
    """Every too-long command line of a ``{command}`` block, broken (pure)."""
    out: list[str] = []
    heredoc: str | None = None
    for line in text.split("\n"):
        if heredoc is not None:
            out.append(line)
            if line.strip() == heredoc:
                heredoc = None
            continue
        match = _HEREDOC.search(line)
        if match:
            heredoc = match.group(2)
            out.append(line)  # the heredoc operator stays on its line
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent and len(line) > width:
            broken = break_line(line[indent:], width - indent)
            out.extend(" " * indent + part for part in broken)
        else:
            out.extend(break_line(line, width))
    return "\n".join(out)


class FilePart(NamedTuple):
    """One printed line of a file block: ``text``; whether it ``continues`` the
    line above (the wrap mark before it) and whether the line was cut at a
    blank after it (``at_blank``: the blank is left out, its mark shown)."""

    text: str
    continues: bool = False
    at_blank: bool = False


#: How many characters the wrap mark takes at the start of a continued part.
MARK_WIDTH = 2


def file_break(line: str, limit: int) -> tuple[int, int] | None:
    """Where to cut ``line`` so that its first part has at most ``limit``
    characters: (end of the first part, start of the rest), or None."""
    floor = len(line) - len(line.lstrip(" "))  # never inside the indentation
    spans = [m.span() for m in PLACEHOLDER.finditer(line)]

    def allowed(point: int) -> bool:
        return floor < point <= limit and not any(a < point < b for a, b in spans)

    blanks = [
        i
        for i, char in enumerate(line)
        if char == " "
        and allowed(i + 1)  # the part and the mark of the blank
        and line[i - 1] != " "
        and line[i + 1 : i + 2] not in ("", " ")
    ]
    if blanks:
        return blanks[-1], blanks[-1] + 1
    commas = [i + 1 for i, char in enumerate(line) if char in ",;" and allowed(i + 1)]
    if commas:
        return commas[-1], commas[-1]
    edges = [
        i for i in range(1, len(line)) if allowed(i) and (line[i] == "<" or line[i - 1] in ">:=")
    ]
    if edges:
        return edges[-1], edges[-1]
    return None


def break_file_line(line: str, width: int) -> list[FilePart]:
    """The printed parts of one line of a file: the line itself when it fits in
    ``width`` characters or has no place to cut, else its parts."""
    parts: list[FilePart] = []
    rest = line
    continues = False
    while len(rest) + (MARK_WIDTH if continues else 0) > width:
        cut = file_break(rest, width - (MARK_WIDTH if continues else 0))
        if cut is None:
            break  # LaTeX wraps what is left, with its marks
        end, start = cut
        parts.append(FilePart(rest[:end], continues, at_blank=start > end))
        rest = rest[start:]
        continues = True
    parts.append(FilePart(rest, continues))
    return parts


def break_file(text: str, width: int) -> list[FilePart]:
    """Every line of a ``{file}`` block as printed (pure)."""
    return [part for line in text.split("\n") for part in break_file_line(line, width)]
