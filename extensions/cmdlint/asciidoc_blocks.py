"""The block structure of an AsciiDoc file: delimited and paragraph blocks, block
attribute lines, conditional directives inside blocks and their variants.

Pure functions over a file's lines; :mod:`cmdlint.asciidoc` adds attributes,
includes and substitutions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cmdlint.blocks import suppressions

ATTRIBUTE_ENTRY = re.compile(r"^:(!?)([A-Za-z0-9_][A-Za-z0-9_-]*)(!?):(?:[ \t]+(.*?))?[ \t]*$")
INCLUDE = re.compile(r"^include::([^\[\s][^\[]*)\[(.*)\][ \t]*$")
CONDITIONAL = re.compile(r"^(ifdef|ifndef|ifeval|endif)::([^\[]*)\[(.*)\][ \t]*$")
BLOCK_ATTRIBUTES = re.compile(r"^\[(?!\[)(.*)\][ \t]*$")
ANCHOR = re.compile(r"^\[\[[^\]]*\]\][ \t]*$")
TITLE = re.compile(r"^\.[^.\s]")
# an indented list item is a list item, not a literal paragraph
LIST_ITEM = re.compile(
    r"^\s+(?:[*-]+|\.+|\d+\.|[a-zA-Z]\.|[ivx]+\))\s+\S"  # * item, . item, 1. item
    r"|^\s+[^\s#$].*?(?::{2,4}|;;)(?:\s|$)"  # Term:: definition
)
DELIMITERS = {"-": "listing", ".": "literal", "/": "comment", "+": "pass"}
DELIMITER = re.compile(r"^(-{4,}|\.{4,}|/{4,}|\+{4,})[ \t]*$")
NAMED = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,\s\]]*))""")
SHELL_LANGUAGES = {
    "terminal": "console",
    "shell-session": "console",
    "shell": "bash",
    "none": "",
    "plaintext": "",
    "text": "",
}
ESCAPED_REPLACEMENT = re.compile(r"\\(--|\.\.\.|->|=>|<-|<=|\((?:C|R|TM)\))")
MAX_VARIANT_CONDITIONS = 4  # 16 variants of a block at most


@dataclass
class Attrs:
    """A block attribute line: ``[source,bash,subs="attributes+"]``."""

    style: str = ""
    language: str = ""
    named: dict[str, str] = field(default_factory=dict)


def parse_attrlist(text: str) -> Attrs:
    named = {m[1]: next(g for g in m.groups()[1:] if g is not None) for m in NAMED.finditer(text)}
    positional = [p.strip() for p in NAMED.sub("", text).split(",")]
    positional = [p for p in positional if p and not p.startswith(("#", ".", "%"))]
    style = re.split(r"[%#.]", positional[0])[0].strip().lower() if positional else ""
    language = positional[1].lower() if len(positional) > 1 else named.get("language", "")
    return Attrs(style, language, named)


@dataclass
class Source:
    """A line of a block and where it is: file and 1-based line."""

    text: str
    path: str
    line: int
    conditions: tuple[tuple[str, str], ...] = ()  # open (directive, target) inside the block


def flow(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """(1-based line, text, inside a delimited listing/literal/comment/pass block)."""
    closing: str | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.rstrip()
        if closing is not None:
            if stripped == closing:
                closing = None
            yield number, line, True
            continue
        if DELIMITER.match(line):
            closing = stripped
            yield number, line, True
            continue
        yield number, line, False


@dataclass
class Listing:
    """A listing or literal block: its opening line, attributes and content lines."""

    opening: int
    attrs: Attrs
    content: list[Source]


Item = tuple[int, str] | Listing


def structure(lines: list[str]) -> Iterator[Item]:
    """Prose lines (line, text) and blocks (opening line, attributes, content)."""
    reader = _StructureReader(lines)
    while reader.index < len(lines):
        item = reader.read()
        if item is not None:
            yield item


LISTING_STYLES = {"source", "listing", "literal"}


class _StructureReader:
    """Where :func:`structure` is in the lines, the attribute line that applies to the
    next block, and whether the previous line was blank (before a literal paragraph)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.index = 0
        self.attrs: Attrs | None = None
        self.previous_blank = True

    def read(self) -> Item | None:
        """The item that starts at the current line, if any; move past what was read."""
        line = self.lines[self.index]
        stripped = line.rstrip()
        if DELIMITER.match(line):
            return self._delimited_block(stripped)
        if not stripped:
            self.index, self.previous_blank = self.index + 1, True
            return None
        if stripped == "+" and self.attrs is not None:
            self.index += 1  # a list continuation: the attribute line applies to the next block
            return None
        if stripped == "--" and self.attrs is not None and self.attrs.style in LISTING_STYLES:
            return self._open_block(self.attrs)
        if is_markup(stripped):
            self._markup(stripped)
            return None
        if self._starts_literal_paragraph(line):
            return self._literal_paragraph()
        prose = (self.index + 1, line)
        self.attrs, self.previous_blank = None, False
        self.index += 1
        return prose

    def _delimited_block(self, delimiter: str) -> Listing | None:
        """A ``----`` or ``....`` block (or a comment or passthrough block: skipped)."""
        kind = DELIMITERS[delimiter[0]]
        end = self._closing(self.index + 1, delimiter)
        listing = None
        if kind in {"listing", "literal"}:
            content = block_content(self.lines, self.index + 1, end)
            listing = Listing(self.index + 1, self._listing_attrs(kind), content)
        self._past_block(end + 1)
        return listing

    def _listing_attrs(self, kind: str) -> Attrs:
        style = self.attrs.style if self.attrs else ""
        if kind == "listing" or style in {"source", "listing"}:
            return self.attrs or Attrs()
        return self.attrs or Attrs(style="literal")

    def _open_block(self, attrs: Attrs) -> Listing:
        """An open block (``--``) styled as a listing."""
        end = self._closing(self.index + 1, "--")
        listing = Listing(self.index + 1, attrs, block_content(self.lines, self.index + 1, end))
        self._past_block(end + 1)
        return listing

    def _markup(self, stripped: str) -> None:
        """A markup line; a block attribute line applies to the next block."""
        block_attrs = BLOCK_ATTRIBUTES.match(stripped)
        if block_attrs and not ANCHOR.match(stripped):
            self.attrs = parse_attrlist(block_attrs[1])
        self.index += 1

    def _starts_literal_paragraph(self, line: str) -> bool:
        """A paragraph styled as a listing, or indented after a blank line (no list item)."""
        paragraph_style = self.attrs.style if self.attrs else ""
        return paragraph_style in LISTING_STYLES or (
            self.previous_blank and line[:1] in {" ", "\t"} and not LIST_ITEM.match(line)
        )

    def _literal_paragraph(self) -> Listing:
        end = self.index
        while end < len(self.lines) and self.lines[end].strip():
            end += 1
        content = block_content(self.lines, self.index, end)
        listing = Listing(self.index + 1, self.attrs or Attrs(style="literal"), content)
        self._past_block(end)
        return listing

    def _closing(self, start: int, delimiter: str) -> int:
        """The index of the line that closes a block (or the end of the lines)."""
        end = start
        while end < len(self.lines) and self.lines[end].rstrip() != delimiter:
            end += 1
        return end

    def _past_block(self, index: int) -> None:
        self.index, self.attrs, self.previous_blank = index, None, False


def is_markup(stripped: str) -> bool:
    """A line that is AsciiDoc markup rather than text: comments, attributes, directives."""
    return bool(
        stripped.startswith("//")
        or ATTRIBUTE_ENTRY.match(stripped)
        or INCLUDE.match(stripped)
        or CONDITIONAL.match(stripped)
        or BLOCK_ATTRIBUTES.match(stripped)
        or TITLE.match(stripped)
    )


def block_content(lines: list[str], start: int, end: int) -> list[Source]:
    """The lines of a block, conditional directives taken out and remembered per line.

    An indented literal paragraph loses its common indentation, as Asciidoctor does."""
    content: list[Source] = []
    open_conditions: list[tuple[str, str]] = []
    for index in range(start, min(end, len(lines))):
        text = lines[index]
        directive = CONDITIONAL.match(text.strip())
        if directive:
            name, target, inline = directive[1], directive[2], directive[3]
            if name == "endif":
                if open_conditions:
                    open_conditions.pop()
            elif inline and name != "ifeval":
                content.append(Source(inline, "", index + 1, (*open_conditions, (name, target))))
            else:
                open_conditions.append((name, target or inline))
            continue
        content.append(Source(text, "", index + 1, tuple(open_conditions)))
    indents = [len(s.text) - len(s.text.lstrip()) for s in content if s.text.strip()]
    cut = min(indents) if indents else 0
    return [Source(s.text[cut:], s.path, s.line, s.conditions) for s in content]


def variants(content: list[Source]) -> list[list[Source]]:
    """The block's lines for each combination of the conditions inside it (one list when
    it has none; all lines as written when it has too many conditions)."""
    conditions = sorted({target for s in content for _d, target in s.conditions})
    if not conditions or len(conditions) > MAX_VARIANT_CONDITIONS:
        return [content]
    variants: list[list[Source]] = []
    for values in itertools.product((True, False), repeat=len(conditions)):
        truth = dict(zip(conditions, values, strict=True))
        chosen = [
            s
            for s in content
            if all(truth[target] == (directive != "ifndef") for directive, target in s.conditions)
        ]
        if chosen and chosen not in variants:
            variants.append(chosen)
    return variants


def suppressed(lines: list[str], opening: int) -> dict[str, str]:
    """Inline suppressions in the comment lines just above a block and its attribute lines."""
    reasons: dict[str, str] = {}
    start = opening - 1
    while start > 0 and lines[start - 1].strip() and is_markup(lines[start - 1].strip()):
        start -= 1
    for mark in suppressions(lines[start : opening - 1]):
        reasons.update(dict.fromkeys(mark.rules, mark.reason))
    for mark in suppressions(lines):
        if mark.whole_file:
            reasons.update(dict.fromkeys(mark.rules, mark.reason))
    return reasons
