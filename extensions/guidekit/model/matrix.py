"""The version matrix (procedures/versions.yaml): load, validate, look up."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.yamldata import parse_yaml, validate

VERSION = r"^[0-9]+\.[0-9]+(\.[0-9]+)?$"

#: The shape every matrix has: releases by number. What a release holds is the
#: project's: its own JSON Schema (``schemas/<matrix>.schema.json`` beside the
#: matrix, see ``schema_path``) says which facts each release has.
MATRIX_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "guidekit version matrix",
    "type": "object",
    "required": ["releases"],
    "properties": {
        "releases": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": r"^[0-9]+\.[0-9]+$"},
            "additionalProperties": {"type": "object"},
        }
    },
}
#: The project's template helpers (macros and named values), beside the matrix.
HELPERS = "macros.jinja"


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for dotted versions: '4.4.10' sorts after '4.4.9'."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


@dataclass(frozen=True)
class VersionMatrix:
    """Every version fact, by release ('4.2', '4.3', '4.4')."""

    releases: dict[str, dict[str, Any]]
    path: str = ""
    #: The project's template helpers (Jinja macros and ``{% set %}`` values that
    #: every procedure can use), and the file they come from.
    helpers: str = ""
    helpers_path: str = ""

    def release(self, version: str) -> dict[str, Any]:
        try:
            return self.releases[version]
        except KeyError:
            known = ", ".join(sorted(self.releases, key=version_key))
            raise GuideError(
                f"release {version!r} is not in the version matrix (known: {known})",
                self.path,
                kind=Kind.MATRIX,
            ) from None


def schema_path(matrix: Path) -> Path:
    """Where the project's schema of ``matrix`` is: ``schemas/versions.schema.json``
    beside ``versions.yaml`` (the file editors use too)."""
    return matrix.parent / "schemas" / f"{matrix.stem}.schema.json"


def parse_matrix(
    text: str, path: str | Path = "versions.yaml", schema: dict[str, Any] | None = None
) -> VersionMatrix:
    """Parse and validate the matrix text against the generic shape and the
    project's ``schema``; a schema error names the key and line."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError(
            "the version matrix must be a mapping with 'releases'", path, 1, Kind.SCHEMA
        )
    validate(data, MATRIX_SCHEMA, path)
    if schema is not None:
        validate(data, schema, path)
    return VersionMatrix(dict(data["releases"]), str(path))


def load_schema(path: Path) -> dict[str, Any] | None:
    """The project's JSON Schema of its matrix, if it has one."""
    if not path.is_file():
        return None
    try:
        schema = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise GuideError(f"not valid JSON: {exc.msg}", path, exc.lineno, Kind.SCHEMA) from None
    if not isinstance(schema, dict):
        raise GuideError("a JSON Schema must be an object", path, 1, Kind.SCHEMA)
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(top)"
        raise GuideError(
            f"not a valid JSON Schema at {where}: {exc.message}", path, 1, Kind.SCHEMA
        ) from None
    return schema


def load_matrix(path: Path) -> VersionMatrix:
    """The matrix at ``path``, checked against the project's schema beside it, with
    the project's template helpers (``macros.jinja`` beside it) if there are."""
    matrix = parse_matrix(read_text(path), path, load_schema(schema_path(path)))
    helpers = path.parent / HELPERS
    if helpers.is_file():
        return replace(matrix, helpers=read_text(helpers), helpers_path=str(helpers))
    return matrix
