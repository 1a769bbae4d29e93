"""Data blocks (JSON, YAML, INI and .repo files) must parse."""

from __future__ import annotations

import configparser
import json
import re
from collections.abc import Iterator
from dataclasses import replace

from cmdlint.model import Analysis, BlockKind, Severity
from cmdlint.registry import Context, Hit, rule
from cmdlint.session import mask_line

# What writers put in data to say "more here" or "your value here": a line of its own
# ("...", "[...]", "# ...", "// optional"), or a value ("{...}", "…", "*****").
ELISION_LINE = re.compile(
    r"^\s*(?:[-#/]+\s*)?(?:\.{2,}|…|\[\s*(?:\.{2,}|…)\s*\]|\(\s*(?:\.{2,}|…)\s*\)"
    r"|\{\s*(?:\.{2,}|…)\s*\}|<\s*(?:\.{2,}|…)\s*>)\s*,?\s*$"
)
ELISION = re.compile(
    r"\.{3}|…|\*{4,}|(?:^|\s)//\s*\w|/\*.*?\*/|:\s*\([^()\"]*\s[^()\"]*\)"  # "a": (a note)
)
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>")


def _text(analysis: Analysis) -> str:
    """The block's data with elision lines blanked and templates masked (as a string of
    the same length), so that what is left is what a reader would paste."""
    block = analysis.block
    lines = []
    for line in block.lines:
        if block.template:
            line = mask_line(line, True)[0]
        if ELISION_LINE.match(line):
            line = ""
        lines.append(TEMPLATE.sub(lambda m: "x" * len(m.group(0)), line))
    return "\n".join(lines)


def _next_to_elision(analysis: Analysis, line: int) -> bool:
    """The parse error is on an elided line or on one of the two lines after one."""
    offset = line - analysis.block.line
    lines = analysis.block.lines
    near = lines[max(offset - 2, 0) : offset + 1]
    return any(ELISION_LINE.match(text) for text in near) or (
        0 <= offset < len(lines) and ELISION.search(lines[offset]) is not None
    )


def _elided(analysis: Analysis) -> bool:
    """The block leaves parts out or annotates them: a parse error may be the elision's."""
    return any(ELISION.search(line) for line in analysis.block.lines)


@rule("data-syntax", "error")
def data_syntax(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A JSON, YAML or INI block that does not parse (a JSON trailing comma is reported
    at the comma; keys before the first INI section, as in ``engine.conf.d``, are fine).
    Several YAML documents (``---``) are fine; lines that elide content (``...``,
    ``[...]``, ``# ...``) are left out, and a block that elides or annotates in a value
    (``{...}``, ``…``, ``// optional``, ``*****``) gets a warning, not an error.

    Bad::

        - name: Deploy oVirt hosted engine
        hosts: localhost

    Good::

        - name: Deploy oVirt hosted engine
          hosts: localhost
    """
    doubtful = _elided(analysis)
    # members found by their shape (not a {file} block of a guide) may go on
    excerpt = analysis.category == "json-fragment" and analysis.block.kind != BlockKind.FILE
    for hit in _data_errors(analysis):
        if excerpt or _next_to_elision(analysis, hit.line):
            yield replace(hit, severity=Severity.INFO)  # the elision's doing, most likely
        else:
            yield replace(hit, severity=Severity.WARNING) if doubtful else hit


def _data_errors(analysis: Analysis) -> Iterator[Hit]:
    block = analysis.block
    text = _text(analysis)
    if analysis.category in ("json", "json-fragment"):
        # A fragment holds the members to add to an object: it must parse inside
        # braces (no trailing comma), and no key may come twice.
        fragment = analysis.category == "json-fragment"
        if not fragment and _json_lines(text):
            return
        try:
            json.loads("{" + text + "}" if fragment else text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            yield _json_hit(
                block.line, "{" + text + "}" if fragment else text, exc, 1 if fragment else 0
            )
        except _DuplicateKey as exc:
            lines = [i for i, ln in enumerate(text.split("\n")) if f'"{exc.key}"' in ln]
            line = lines[1] if len(lines) > 1 else 0  # the repeat
            yield Hit(block.line + line, 1, f"invalid JSON: key {exc.key!r} appears twice")
    elif analysis.category == "yaml":
        import yaml  # only for YAML blocks (start-up time)

        try:
            for _document in yaml.safe_load_all(text):  # "---" separates documents
                pass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = block.line + (mark.line if mark else 0)
            yield Hit(line, (mark.column + 1) if mark else 1, f"invalid YAML: {exc.problem}")
        except yaml.YAMLError as exc:
            yield Hit(block.line, 1, f"invalid YAML: {exc}")
    elif analysis.category == "ini":
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        # keys before the first [section] (engine.conf.d, /etc/sysconfig) are allowed:
        # they go to a section of their own, and line numbers shift by one
        top = bool(text.strip()) and not INI_HEAD.match(text)
        try:
            parser.read_string("[__top__]\n" + text if top else text)
        except configparser.Error as exc:
            number = getattr(exc, "lineno", None)
            if number is None:
                match = re.search(r"\[line\s+(\d+)\]", str(exc))
                number = int(match[1]) if match else 1
            message = str(exc).splitlines()[0]
            number = int(number) - (1 if top else 0)
            yield Hit(block.line + max(number, 1) - 1, 1, f"invalid INI: {message}")


def _json_lines(text: str) -> bool:
    """JSON Lines (one object per line, as in logs and training data), or several JSON
    values one after the other (the output of a command run on several objects)."""
    decoder = json.JSONDecoder()
    position, values = 0, 0
    stripped = text.strip()
    try:
        while position < len(stripped):
            _value, position = decoder.raw_decode(stripped, position)
            values += 1
            while position < len(stripped) and stripped[position].isspace():
                position += 1
    except ValueError:
        pass
    else:
        if values > 1:
            return True
    rows = [row for row in text.split("\n") if row.strip()]
    if len(rows) < 2 or not all(row.lstrip().startswith("{") for row in rows):
        return False
    try:
        for row in rows:
            json.loads(row)
    except ValueError:
        return False
    return True


INI_HEAD = re.compile(r"^(?:\s*(?:[#;].*)?\n)*\s*\[")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _json_hit(first_line: int, text: str, exc: json.JSONDecodeError, shift: int = 0) -> Hit:
    """Where a JSON error is; a trailing comma is reported at the comma. ``shift``:
    characters added before the block's first line (the brace around a fragment)."""
    before = text[: exc.pos].rstrip()
    if before.endswith(",") and text[exc.pos : exc.pos + 1] in "]}":
        comma = len(before) - 1
        line = text.count("\n", 0, comma)
        column = comma - (text.rfind("\n", 0, comma) + 1) + 1 - (shift if line == 0 else 0)
        message = "invalid JSON: trailing comma before the closing bracket"
        if shift:
            message = "invalid JSON: the lines to add end with a comma"
        return Hit(first_line + line, column, message)
    column = exc.colno - (shift if exc.lineno == 1 else 0)
    return Hit(first_line + exc.lineno - 1, max(column, 1), f"invalid JSON: {exc.msg}")
