"""Map the lines of a rendered block back to the template lines a writer edits.

A procedure is a Jinja template: ``{% if %}`` lines vanish when rendered, and one
``{{ enable_repos([...]) }}`` line can become four.  Sphinx gives a code block
the source line of its first line only; :func:`align` finds, for every rendered
line, the template line it came from, and the indentation it lost (MyST strips
the list indentation of a fenced block).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FENCES = ("```", "~~~", ":::")
EXPRESSION = re.compile(r"\{\{.*?\}\}")
WINDOW = 40  # how far the line Sphinx gives may be from the block


def align(rendered: Sequence[str], source: Sequence[str], first: int) -> list[tuple[int, int]]:
    """(1-based source line, column shift) for each rendered line of a block.

    ``source`` holds the file's lines, ``first`` the line Sphinx gives for the
    block (near its first line).  A rendered line maps to the next source line it
    matches, where ``{{ }}`` matches anything, skipping ``{% %}`` lines and false
    branches; the further lines of a multi-line ``{{ }}`` map to that line too.
    """
    if not rendered or not source:
        return []
    cursor = _anchor(rendered[0], source, first)
    result: list[tuple[int, int]] = []
    template: int | None = None
    for text in rendered:
        nxt = _next_content(source, cursor)
        found = nxt if nxt is not None and _matches(text, source[nxt - 1]) else None
        if found is None:
            found = _search(text, source, cursor, exact=True)
        if found is None and template is not None:
            result.append((template, 0))
            continue
        if found is None:
            found = _search(text, source, cursor, exact=False)
        if found is None:
            result.append((min(cursor, len(source)), 0))
            continue
        original = source[found - 1]
        template = found if "{{" in original else None
        shift = (len(original) - len(original.lstrip())) - (len(text) - len(text.lstrip()))
        result.append((found, max(shift, 0) if template is None else 0))
        cursor = found + 1
    return result


def _control(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("{%", "{#")) and stripped.endswith(("%}", "#}"))


def _matches(text: str, line: str) -> bool:
    wanted, stripped = text.strip(), line.strip()
    if "{{" not in stripped:
        return wanted == stripped
    parts = EXPRESSION.split(stripped)
    return re.fullmatch(".*?".join(map(re.escape, parts)), wanted) is not None


def _next_content(source: Sequence[str], start: int) -> int | None:
    line = start
    while line <= len(source) and _control(source[line - 1]):
        line += 1
    return line if line <= len(source) else None


def _anchor(text: str, source: Sequence[str], first: int) -> int:
    """The source line nearest to ``first`` that the block's first line matches."""
    for distance in range(WINDOW):
        for line in (first + distance, first - distance):
            if 1 <= line <= len(source) and _matches(text, source[line - 1]):
                return line
    return min(max(first, 1), len(source))


def _search(text: str, source: Sequence[str], start: int, exact: bool) -> int | None:
    """The first source line from ``start`` up to the closing fence that ``text`` matches."""
    for line in range(start, len(source) + 1):
        candidate = source[line - 1]
        if (candidate.strip() == text.strip()) if exact else _matches(text, candidate):
            return line
        if candidate.strip().startswith(FENCES):
            return None
    return None
