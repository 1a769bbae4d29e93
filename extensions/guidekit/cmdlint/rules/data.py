"""Data blocks (JSON, YAML, INI and .repo files) must parse."""

from __future__ import annotations

import configparser
import json
import re
from collections.abc import Iterator

import yaml

from ..model import Analysis
from ..registry import Context, Hit, rule
from ..session import mask_line


def _text(analysis: Analysis) -> str:
    block = analysis.block
    if not block.template:
        return block.text
    return "\n".join(mask_line(line, True)[0] for line in block.lines)


@rule("data-syntax", "error")
def data_syntax(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A JSON, YAML or INI block that does not parse.

    Bad::

        - name: Deploy oVirt hosted engine
        hosts: localhost

    Good::

        - name: Deploy oVirt hosted engine
          hosts: localhost
    """
    block = analysis.block
    text = _text(analysis)
    if analysis.category == "json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            yield Hit(block.line + exc.lineno - 1, exc.colno, f"invalid JSON: {exc.msg}")
    elif analysis.category == "yaml":
        try:
            yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = block.line + (mark.line if mark else 0)
            yield Hit(line, (mark.column + 1) if mark else 1, f"invalid YAML: {exc.problem}")
        except yaml.YAMLError as exc:
            yield Hit(block.line, 1, f"invalid YAML: {exc}")
    elif analysis.category == "ini":
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        try:
            parser.read_string(text)
        except configparser.Error as exc:
            number = getattr(exc, "lineno", None)
            if number is None:
                match = re.search(r"\[line\s+(\d+)\]", str(exc))
                number = int(match[1]) if match else 1
            message = str(exc).splitlines()[0]
            yield Hit(block.line + int(number) - 1, 1, f"invalid INI: {message}")
