"""Long commands for paper: broken at argument boundaries with a backslash.

Someone who types a command from a printed page must know exactly what to
type. A mark that LaTeX adds where it wraps a long line is ambiguous inside a
command (is it a space? nothing?), while `` \\`` at the end of a line is what
the shell itself reads as "the command goes on". So a command line that does
not fit is broken between two arguments, outside quotes, with `` \\`` and an
indented next line; only a single word longer than the line is left for LaTeX
to wrap with its mark. Heredoc bodies are text, not shell words, and are kept.
"""

from __future__ import annotations

import re

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
