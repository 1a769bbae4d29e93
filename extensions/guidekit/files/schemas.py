"""Write the JSON Schemas of the writer's files into the project (``guidekit schemas``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from guidekit.model.schemas import SCHEMA_DIR as SCHEMA_DIR
from guidekit.model.schemas import render, schemas


def stale(folder: Path, manifest: Path | None) -> list[str]:
    """The schema files of ``folder`` that are missing or differ from the source."""
    return [
        name
        for name, schema in schemas(manifest).items()
        if not (folder / name).is_file()
        or (folder / name).read_text(encoding="utf-8") != render(schema)
    ]


def write(
    folder: Path, manifest: Path | None, report: Callable[[str], None] = lambda _name: None
) -> list[str]:
    """Write the schemas that changed; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder, manifest)
    for name in changed:
        (folder / name).write_text(render(schemas(manifest)[name]), encoding="utf-8")
        report(name)
    return changed
