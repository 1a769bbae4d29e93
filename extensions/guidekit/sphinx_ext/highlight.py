"""Highlighting of command blocks: prompt, command words, placeholders.

Pygments' shell-session lexer marks ``enable`` in ``dnf module -y enable``
as a shell builtin, as it would ``echo`` or ``cd`` anywhere on a line. Here a
builtin counts only where a command starts (after the prompt, ``;``, ``&&``,
``||``, ``|``, ``(``); elsewhere it is an argument like any other word.

Placeholders are written ``<name>`` in the procedures (the notation cmdlint
reads); they become one ``Generic.Emph`` token, which the HTML themes and the
PDF set in italics (guidekit.css, the LaTeX Pygments style).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pygments.lexers.shell import BashLexer, BashSessionLexer
from pygments.lexers.special import TextLexer
from pygments.token import Generic, Name, Text, _TokenType
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The placeholder notation of the procedures, as cmdlint's session reader has it.
PLACEHOLDER = re.compile(r"(?<![<\w$&>])<(?![<(&=])(?:[^\s<>]|[^\s<>][^<>\n]{0,60}?[^\s<>])>(?!>)")
_COMMAND_START = {";", "&&", "||", "|", "(", "&", "!", "{", "then", "do", "else"}

Tokens = Iterator[tuple[int, _TokenType, str]]


def builtins_only_as_commands(tokens: Tokens) -> Tokens:
    """A builtin word that does not start a command is plain text."""
    at_start = True
    for index, kind, value in tokens:
        if kind is Name.Builtin and not at_start:
            kind = Text
        word = value.strip()
        if word:  # whitespace keeps the position
            at_start = kind is Generic.Prompt or word in _COMMAND_START
        if value.endswith("\n"):
            at_start = True
        yield index, kind, value


def mark_placeholders(tokens: Tokens) -> Tokens:
    """Split the token stream so that every ``<name>`` is one ``Generic.Emph`` token."""
    items = list(tokens)
    text = "".join(value for _index, _kind, value in items)
    spans = [m.span() for m in PLACEHOLDER.finditer(text)]
    if not spans:
        yield from items
        return
    span = 0
    for index, kind, value in items:
        end = index + len(value)
        cursor = index
        while span < len(spans) and spans[span][0] < end:
            start, stop = spans[span]
            if start > cursor:
                yield cursor, kind, text[cursor:start]
            if start >= cursor:
                yield start, Generic.Emph, text[start:stop]
            cursor = max(cursor, stop)
            if stop > end:
                break
            span += 1
        if cursor < end:
            yield cursor, kind, text[cursor:end]


class GuidekitBashLexer(BashLexer):
    name = "Bash (guidekit)"
    aliases: list[str] = []  # noqa: RUF012

    def get_tokens_unprocessed(self, text: str, stack: tuple[str, ...] = ("root",)) -> Tokens:
        return builtins_only_as_commands(super().get_tokens_unprocessed(text, stack))


class GuidekitConsoleLexer(BashSessionLexer):
    """Root shell sessions of the procedures (``{command}`` blocks)."""

    name = "Console (guidekit)"
    aliases: list[str] = []  # noqa: RUF012
    _innerLexerCls = GuidekitBashLexer

    def get_tokens_unprocessed(self, text: str) -> Tokens:
        return mark_placeholders(super().get_tokens_unprocessed(text))


class PlaceholderTextLexer(TextLexer):
    """Output and file contents: plain, but with their placeholders marked."""

    name = "Text with placeholders (guidekit)"
    aliases: list[str] = []  # noqa: RUF012

    def get_tokens_unprocessed(self, text: str) -> Tokens:
        return mark_placeholders(super().get_tokens_unprocessed(text))


class InlinePlaceholders(SphinxPostTransform):
    """``<name>`` in inline code is a placeholder too: italic, as in the blocks."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        for literal in list(self.document.findall(nodes.literal)):
            text = literal.astext()
            if (
                len(literal.children) != 1
                or not isinstance(literal[0], nodes.Text)
                or not PLACEHOLDER.search(text)
            ):
                continue
            parts: list[nodes.Node] = []
            position = 0
            for match in PLACEHOLDER.finditer(text):
                if match.start() > position:
                    parts.append(nodes.Text(text[position : match.start()]))
                parts.append(
                    nodes.emphasis(match.group(), match.group(), classes=["guidekit-placeholder"])
                )
                position = match.end()
            if position < len(text):
                parts.append(nodes.Text(text[position:]))
            literal.children = []
            literal.extend(parts)


def setup_highlighting(app: Sphinx) -> None:
    app.add_lexer("console", GuidekitConsoleLexer)
    app.add_lexer("guidekit-text", PlaceholderTextLexer)
    app.add_post_transform(InlinePlaceholders)
