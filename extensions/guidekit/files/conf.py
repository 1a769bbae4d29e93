"""Find a project and read its ``conf.py`` (as Sphinx does: by running it)."""

from __future__ import annotations

import runpy
from pathlib import Path

from guidekit.model.errors import GuideError, Kind
from guidekit.model.paths import CONF, ProjectPaths


def load_paths(root: Path) -> ProjectPaths:
    """The paths of the project whose conf.py is ``root/conf.py``."""
    conf = root / CONF
    if not conf.is_file():
        raise GuideError(
            f"no {CONF} in {root}; say where the project is with --root", kind=Kind.CONFIG
        )
    try:
        values = runpy.run_path(str(conf))
    except Exception as exc:  # conf.py is Python: any error is the file's
        raise GuideError(
            f"{CONF} failed to run: {type(exc).__name__}: {exc}", conf, kind=Kind.CONFIG
        ) from None
    return ProjectPaths.from_values(root, values)


def find_paths(start: Path) -> ProjectPaths:
    """The project whose conf.py is in ``start`` or the nearest folder above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONF).is_file():
            return load_paths(folder)
    raise GuideError(
        f"no {CONF} in {start} or above; say where the project is with --root", kind=Kind.CONFIG
    )


def project_paths(root: Path | None) -> ProjectPaths:
    """The project at ``root`` (``--root``), or the nearest one at or above the
    current folder, or the one this package was installed from (editable)."""
    if root is not None:
        return load_paths(root)
    try:
        return find_paths(Path.cwd())
    except GuideError:
        source_tree = Path(__file__).resolve().parents[3]  # an editable install
        if (source_tree / CONF).is_file():
            return load_paths(source_tree)
        raise
