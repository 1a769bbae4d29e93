"""The bash grammar, through tree-sitter-bash: simple commands and their words.

tree-sitter parses in-process and tolerates errors, so every command of a block
is found (inside pipelines, loops and ``$( )``) even when the block is broken.
Nothing is ever executed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib.util import find_spec
from typing import Any

from cmdlint.model import Analysis, SimpleCommand, Word

# tree-sitter loads on the first shell block, not with the module (start-up time)
HAVE_TREE_SITTER = all(find_spec(name) for name in ("tree_sitter", "tree_sitter_bash"))


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_bash.language()))


_NON_ASCII = re.compile(r"[^\x01-\x7f]")


def fold_ascii(script: str) -> str:
    """The script with every non-ASCII character (and NUL) replaced by one ASCII letter.

    tree-sitter-bash's external scanner passes the lookahead code point to the C
    ``isalpha``/``isdigit`` family, which index a 384-entry table: a code point
    such as U+72D3B makes it read far outside that table and, depending on the
    memory layout, segfault (found by fuzzing; reproducer in tests/cmdlint).
    Bash itself treats non-ASCII characters as word characters, and so does a
    letter, so the parse is the same.  One byte per character also makes tree-
    sitter's byte offsets equal to offsets into the original ``str``.
    """
    return _NON_ASCII.sub(lambda m: "_" if m.group(0) == "\x00" else "a", script)


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


def word_value(node: Any, source: str) -> str | None:
    """The literal value of an argument node, or None when it holds an expansion.

    ``source`` is the original script: node offsets index it (see :func:`fold_ascii`).
    """
    text = source[node.start_byte : node.end_byte]
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
            parts.append(source[child.start_byte : child.end_byte])
        return _unescape("".join(parts), True)
    if kind == "ansi_c_string":
        return text[2:-1]
    if kind == "concatenation":
        values = [word_value(child, source) for child in node.children]
        if any(value is None for value in values):
            return None
        return "".join(v for v in values if v is not None)
    return None


def analyse_script(analysis: Analysis) -> None:
    """Fill ``analysis.simple`` and ``analysis.parse_error`` from the block's script."""
    if not analysis.script.strip() or not HAVE_TREE_SITTER:
        return
    script = analysis.script
    tree = _parser().parse(fold_ascii(script).encode("ascii"))
    starts = [0]
    for row_text in script.split("\n"):
        starts.append(starts[-1] + len(row_text) + 1)
    spans = analysis.placeholder_spans

    def row_col(offset: int) -> tuple[int, int]:
        row = bisect_right(starts, offset) - 1
        return row, offset - starts[row]

    def is_placeholder(node: Any) -> bool:
        row, start = row_col(node.start_byte)
        end_row, end = row_col(node.end_byte)
        end = end if end_row == row else 10**6
        return any(r == row and s < end and e > start for r, s, e in spans)

    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if analysis.parse_error is None and (node.is_missing or node.type == "ERROR"):
            analysis.parse_error = analysis.file_pos(*row_col(node.start_byte))
        if node.type == "command":
            words: list[Word] = []
            for child in node.children:
                target = child.children[0] if child.type == "command_name" else child
                if child.type in {"variable_assignment", "file_redirect", "herestring_redirect"}:
                    continue
                if target.type in {"comment"}:
                    continue
                line, column = analysis.file_pos(*row_col(target.start_byte))
                raw = script[target.start_byte : target.end_byte]
                words.append(
                    Word(raw, word_value(target, script), line, column, is_placeholder(target))
                )
            if words:
                analysis.simple.append(SimpleCommand(words, words[0].line, words[0].column))
        stack.extend(reversed(node.children))
    analysis.simple.sort(key=lambda c: (c.line, c.column))


def assignments(analysis: Analysis) -> set[str]:
    """Variable names a block defines (``x=``, ``for x in``, ``read x``, ``export x=``)."""
    names = set(re.findall(r"(?:^|[\s;(])([A-Za-z_]\w*)\+?=", analysis.script))
    names |= set(re.findall(r"\bfor\s+([A-Za-z_]\w*)\s+in\b", analysis.script))
    names |= set(re.findall(r"\bread\s+(?:-\w+\s+)*([A-Za-z_]\w*)", analysis.script))
    return names
