"""The bash grammar, through tree-sitter-bash: simple commands and their words.

tree-sitter parses in-process and tolerates errors, so every command of a block
is found (inside pipelines, loops and ``$( )``) even when the block is broken.
Nothing is ever executed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .model import Analysis, SimpleCommand, Word

try:  # pragma: no cover - import guard
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    HAVE_TREE_SITTER = True
except ImportError:  # pragma: no cover
    HAVE_TREE_SITTER = False


@lru_cache(maxsize=1)
def _parser() -> Any:
    return Parser(Language(tree_sitter_bash.language()))


def _unescape(text: str, in_double: bool) -> str:
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if not in_double or nxt in '"\\$`':
                out.append(nxt)
                i += 2
                continue
            if nxt == "\n":
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def word_value(node: Any, source: bytes) -> str | None:
    """The literal value of an argument node, or None when it holds an expansion."""
    text = source[node.start_byte : node.end_byte].decode("utf-8", "replace")
    kind = node.type
    if kind in {"word", "number"}:
        return _unescape(text, False)
    if kind == "raw_string":
        return text[1:-1]
    if kind == "string":
        parts = []
        for child in node.children:
            if child.type == '"':
                continue
            if child.type != "string_content":
                return None
            parts.append(source[child.start_byte : child.end_byte].decode("utf-8", "replace"))
        return _unescape("".join(parts), True)
    if kind == "ansi_c_string":
        return text[2:-1]
    if kind == "concatenation":
        values = [word_value(child, source) for child in node.children]
        if any(value is None for value in values):
            return None
        return "".join(v for v in values if v is not None)
    return None


def _char_column(source_lines: list[bytes], row: int, byte_col: int) -> int:
    if row >= len(source_lines):
        return byte_col
    return len(source_lines[row][:byte_col].decode("utf-8", "replace"))


def analyse_script(analysis: Analysis) -> None:
    """Fill ``analysis.simple`` and ``analysis.parse_error`` from the block's script."""
    if not analysis.script.strip() or not HAVE_TREE_SITTER:
        return
    source = analysis.script.encode("utf-8", "replace")
    tree = _parser().parse(source)
    lines = source.split(b"\n")
    spans = analysis.placeholder_spans

    def position(point: Any) -> tuple[int, int]:
        row, col = point
        return analysis.file_pos(row, _char_column(lines, row, col))

    def is_placeholder(node: Any) -> bool:
        row = node.start_point[0]
        start = _char_column(lines, row, node.start_point[1])
        end = _char_column(lines, row, node.end_point[1]) if node.end_point[0] == row else 10**6
        return any(r == row and s < end and e > start for r, s, e in spans)

    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if analysis.parse_error is None and (node.is_missing or node.type == "ERROR"):
            analysis.parse_error = position(node.start_point)
        if node.type == "command":
            words: list[Word] = []
            for child in node.children:
                target = child.children[0] if child.type == "command_name" else child
                if child.type in {"variable_assignment", "file_redirect", "herestring_redirect"}:
                    continue
                if target.type in {"comment"}:
                    continue
                line, column = position(target.start_point)
                raw = source[target.start_byte : target.end_byte].decode("utf-8", "replace")
                words.append(
                    Word(raw, word_value(target, source), line, column, is_placeholder(target))
                )
            if words:
                analysis.simple.append(SimpleCommand(words, words[0].line, words[0].column))
        stack.extend(reversed(node.children))
    analysis.simple.sort(key=lambda c: (c.line, c.column))


def assignments(analysis: Analysis) -> set[str]:
    """Variable names a block defines (``x=``, ``for x in``, ``read x``, ``export x=``)."""
    import re

    names = set(re.findall(r"(?:^|[\s;(])([A-Za-z_]\w*)\+?=", analysis.script))
    names |= set(re.findall(r"\bfor\s+([A-Za-z_]\w*)\s+in\b", analysis.script))
    names |= set(re.findall(r"\bread\s+(?:-\w+\s+)*([A-Za-z_]\w*)", analysis.script))
    return names
