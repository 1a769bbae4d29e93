"""YAML loading that keeps line numbers, so data errors can name file and line,
and schema validation that names the key and line of the first problem.

Aliases (``*name``) are refused: nothing in the project needs them, and nine
levels of nine aliases turn a 7 KB file into gigabytes. Keys must be text: an
unquoted ``4.10:`` would silently become the number 4.1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from guidekit.model.errors import (
    GuideError,
    Kind,
    clean_text,
    control_character,
    quote,
    shorten,
)


class LineDict(dict[str, Any]):
    """A mapping that remembers the 1-based line where it started."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (LibYAML's when installed) with line-keeping containers."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:  # e.g. an int of 5,000 digits
            raise GuideError(
                f"invalid YAML value: {shorten(str(exc), 120)}",
                None,
                node.start_mark.line + 1,
                Kind.YAML,
            ) from None
        problem = control_character(value) if isinstance(value, str) else None
        if problem:
            raise GuideError(problem, None, node.start_mark.line + 1, Kind.ENCODING)
        return value


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise GuideError(
                _key_problem(key, key_node), None, key_node.start_mark.line + 1, Kind.YAML
            )
        if key in result:
            raise GuideError(
                f"duplicate key {quote(key)}", None, key_node.start_mark.line + 1, Kind.YAML
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _key_problem(key: Any, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        what = (
            "true/false"
            if isinstance(key, bool)
            else "empty"
            if key is None
            else f"the number {shorten(str(node.value), 40)}"
        )
        return f'keys must be text, not {what}; quote it: "{shorten(str(node.value), 40)}"'
    # {{ x }} unquoted is a mapping inside a mapping: the usual cause.
    return (
        "keys must be text, not a mapping or a list; a value that starts with '{' or "
        "'[' must be quoted, e.g. title: \"{{ params.name }}\""
    )


class LineList(list[Any]):
    """A sequence that remembers the 1-based line of each item."""

    item_lines: list[int]


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, path: str | Path | None = None, first_line: int = 1) -> Any:
    """Parse YAML text; errors become GuideError with the file's line number.

    ``first_line`` is where ``text`` starts inside ``path`` (front matter).
    """
    text = clean_text(text, path)
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            _refuse_aliases(node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except GuideError as exc:
        exc.path = path
        exc.line = (exc.line or 1) + first_line - 1
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        problem = exc.problem or "invalid YAML"
        raise GuideError(f"invalid YAML: {problem}", path, line, Kind.YAML) from None
    except yaml.YAMLError as exc:
        raise GuideError(f"invalid YAML: {exc}", path, first_line, Kind.YAML) from None
    except RecursionError:
        raise GuideError("invalid YAML: nested too deeply", path, first_line, Kind.YAML) from None
    _shift_lines(data, first_line - 1)
    return data


def _refuse_aliases(root: yaml.Node | None) -> None:
    """An alias makes the composer reuse a node: a node met twice is an alias."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, line = stack.pop()
        if id(node) in seen:
            raise GuideError(
                "YAML aliases (*name) are not supported here; write the value out",
                None,
                line + 1,
                Kind.YAML,
            )
        seen.add(id(node))
        # Children pushed last to first: nodes are met in document order, so the
        # anchor comes before its aliases and the error names the alias's line.
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, key.start_mark.line))
                stack.append((key, key.start_mark.line))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node.start_mark.line) for item in reversed(node.value))


def _shift_lines(data: Any, offset: int) -> None:
    if not offset:
        return
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        if isinstance(data, LineList):
            data.item_lines = [line + offset for line in data.item_lines]
        for item in data:
            _shift_lines(item, offset)


def line_of(data: Any, key: str | None = None, default: int = 1) -> int:
    """Line of ``data`` (a LineDict) or of one of its keys."""
    if isinstance(data, LineDict):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line or default
    return default


def item_line(data: Any, index: int, default: int = 1) -> int:
    """Line of item ``index`` of a LineList."""
    lines = getattr(data, "item_lines", None)
    return lines[index] if lines is not None and index < len(lines) else default


def validate(data: Any, schema: dict[str, Any], path: str | Path, kind: Kind = Kind.SCHEMA) -> None:
    """Check ``data`` against a JSON Schema; the first problem (in key order)
    becomes a GuideError naming the key and its line."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        # An if/then failure reports on the whole item; its own errors are precise.
        while first.context:
            first = sorted(first.context, key=lambda e: len(e.absolute_path))[-1]
        error = schema_error(first, data, path)
        error.kind = Kind(kind)
        raise error


def schema_error(exc: Any, data: Any, path: str | Path) -> GuideError:
    """Turn a jsonschema ValidationError into a GuideError naming key and line."""
    keys = [str(p) for p in exc.absolute_path]
    node: Any = data
    line = line_of(data)
    for part in exc.absolute_path:
        if isinstance(node, dict) and part in node:
            line = line_of(node, str(part), line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = line_of(node, None, line)
        else:
            break
    where = ".".join(keys) if keys else "(top level)"
    message = exc.message
    if (
        exc.validator == "type"
        and exc.validator_value == "string"
        and isinstance(exc.instance, int | float)
        and not isinstance(exc.instance, bool)
    ):
        # "from: 4.10" unquoted is the number 4.1: say what to write, not "4.1 is not text".
        message = (
            f"write this value in quotes: YAML reads it as the number {exc.instance!r} "
            '(a version such as 4.10 must be written "4.10")'
        )
    if len(message) > 300:  # jsonschema quotes the whole value
        message = (
            f"{quote(exc.instance)} is not valid here ({exc.validator}: "
            f"{quote(exc.validator_value)})"
        )
    return GuideError(f"{shorten(where, 120)}: {message}", path, line, Kind.SCHEMA)
