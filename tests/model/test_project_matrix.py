"""The version matrix holds the project's own facts, checked by the project's schema,
and the template helpers are the project's (macros.jinja beside the matrix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.manifest import guide_context, parse_manifest
from guidekit.model.matrix import load_matrix
from guidekit.model.templating import render_template

MATRIX = """\
releases:
  "1.0":
    app: {port: 8080, runtime: "3.11"}
  "2.0":
    app: {port: 8443, runtime: "3.12"}
"""
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "releases": {
            "additionalProperties": {
                "type": "object",
                "required": ["app"],
                "properties": {
                    "app": {
                        "type": "object",
                        "required": ["port"],
                        "properties": {"port": {"type": "integer"}},
                    }
                },
            }
        }
    },
}
HELPERS = """\
{%- macro url(release) -%}https://localhost:{{ releases[release].app.port }}{%- endmacro -%}
{%- set upgraded_runtime = dst.app.runtime -%}
"""
MANIFEST = """\
product: Shop
topologies: {single: One server}
guides:
  - {id: g, title: G, topology: single, from: "1.0", to: "2.0", steps: [a]}
"""


def _project(tmp_path: Path, matrix: str = MATRIX, helpers: str = HELPERS) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "versions.schema.json").write_text(json.dumps(SCHEMA))
    (tmp_path / "macros.jinja").write_text(helpers)
    path = tmp_path / "versions.yaml"
    path.write_text(matrix)
    return path


def test_any_facts_fit_and_the_projects_helpers_read_them(tmp_path: Path) -> None:
    matrix = load_matrix(_project(tmp_path))
    manifest = parse_manifest(MANIFEST, "guides.yaml")
    context = guide_context(manifest.guides[0], manifest, matrix)
    text = render_template("{{ url(guide.from) }} {{ upgraded_runtime }}", context, "p.md").text
    assert text == "https://localhost:8080 3.12"


def test_the_projects_schema_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as info:
        load_matrix(_project(tmp_path, MATRIX.replace("port: 8443", "port: high")))
    assert info.value.line == 5 and "'high' is not of type 'integer'" in info.value.message


def test_without_a_schema_any_release_mapping_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "versions.yaml"
    path.write_text(MATRIX)
    assert load_matrix(path).release("2.0")["app"]["port"] == 8443
    path.write_text('releases: {"2.0": [1, 2]}\n')
    with pytest.raises(GuideError, match="is not of type 'object'"):
        load_matrix(path)


def test_a_broken_helper_names_its_file_and_line(tmp_path: Path) -> None:
    matrix = load_matrix(_project(tmp_path, helpers="{% macro x() %}\n{% if %}\n"))
    manifest = parse_manifest(MANIFEST, "guides.yaml")
    with pytest.raises(GuideError) as info:
        guide_context(manifest.guides[0], manifest, matrix)
    assert info.value.path == str(tmp_path / "macros.jinja") and info.value.line == 2
