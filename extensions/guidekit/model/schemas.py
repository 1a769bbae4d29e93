"""The JSON Schemas of the writer's files, exported for editors.

The schemas that validate a build (manifest, front matter, state model) are the
only source (the version matrix's schema is the project's own file,
``schemas/versions.schema.json``, see guidekit.model.matrix); ``guidekit
schemas`` writes them (guidekit.files.schemas) to ``procedures/schemas/`` so
that editors with the YAML language server complete and check the files as
they are typed (each YAML file names its schema in a
``# yaml-language-server: $schema=...`` comment). The export of the manifest
schema carries the condition names and values the manifest declares.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guidekit.model.errors import read_text
from guidekit.model.manifest import front_matter_schema, guide_kinds, manifest_schema, vocabulary
from guidekit.model.states import STATES_SCHEMA
from guidekit.model.yamldata import parse_yaml

#: Where the schemas go, relative to the procedures folder.
SCHEMA_DIR = "schemas"


def schemas(manifest: Path | None) -> dict[str, dict[str, Any]]:
    """File name -> schema. ``manifest``: the manifest whose conditions to include."""
    conditions = None
    kinds = None
    if manifest is not None:
        data = parse_yaml(read_text(manifest), manifest)
        if isinstance(data, dict):
            conditions, kinds = vocabulary(data)[0], tuple(guide_kinds(data))
    return {
        "manifest.schema.json": manifest_schema(conditions, kinds),
        "front-matter.schema.json": front_matter_schema(
            tuple(str(t) for t in conditions["topology"]) if conditions else None
        ),
        "states.schema.json": STATES_SCHEMA,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
