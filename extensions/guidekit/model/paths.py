"""Where a guidekit project keeps its files, read from its ``conf.py``.

The Sphinx extension and every ``guidekit`` subcommand take their paths and
languages from here, so moving the manifest (or adding a language) is one
change in ``conf.py``. The settings are declared once, in :data:`SETTINGS`:
the extension registers them with Sphinx from the same table.
"""

from __future__ import annotations

import argparse
import runpy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind


@dataclass(frozen=True)
class Setting:
    """One ``guidekit_*`` value of conf.py: its default, type and meaning."""

    default: Any
    type: type
    doc: str


#: The guidekit settings of conf.py (paths relative to the folder of conf.py).
SETTINGS: dict[str, Setting] = {
    "guidekit_source": Setting("source", str, "the Sphinx source folder"),
    "guidekit_manifest": Setting("source/guides.yaml", str, "the guide manifest"),
    "guidekit_procedures": Setting("procedures", str, "the folder of procedure files"),
    "guidekit_versions": Setting("procedures/versions.yaml", str, "the version matrix"),
    "guidekit_states": Setting("procedures/states.yaml", str, "the state model that the "
                               "sequence of every guide is checked against (optional)"),
    "guidekit_locales": Setting("locales", str, "the translation catalogs"),
    "guidekit_references": Setting("source/references.yaml", str, "the documents that "
                                   "{document} links to, per language (optional)"),
    "guidekit_build": Setting("_build", str, "where `guidekit build`/`pdf` write"),
    "guidekit_languages": Setting(["en"], list, "the languages of the guides; the first "
                                  "is the source language"),
}

CONF = "conf.py"


@dataclass(frozen=True)
class ProjectPaths:
    """The absolute paths and the languages of one project."""

    root: Path
    source: Path
    manifest: Path
    procedures: Path
    versions: Path
    locales: Path
    states: Path
    build: Path
    languages: tuple[str, ...]
    #: Every value conf.py sets (html_theme, ...), read once with the paths.
    conf_values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def conf(self) -> Path:
        return self.root / CONF

    @property
    def site(self) -> Path:
        """The published site: ``<lang>/`` per language and ``pdf/<lang>/`` beside them,
        so that every link between them works wherever the folder is served."""
        return self.build / "html"

    def pdf_folder(self, language: str) -> Path:
        return self.site / "pdf" / language

    @property
    def templates(self) -> Path:
        """The project's own HTML templates (``templates_path`` of the source)."""
        return self.source / "_templates"

    @classmethod
    def from_values(cls, root: Path, values: dict[str, Any]) -> ProjectPaths:
        """Paths from conf.py's values (defaults for the ones it does not set)."""
        def get(name: str) -> Any:
            value = values.get(name, SETTINGS[name].default)
            expected = SETTINGS[name].type
            if not isinstance(value, expected) or (expected is str and not value):
                raise GuideError(f"{name} must be {'a path' if expected is str else 'a list'}"
                                 f" ({SETTINGS[name].doc}), not {value!r}", root / CONF,
                                 kind=Kind.CONFIG)
            return value

        languages = get("guidekit_languages")
        if not languages or not all(isinstance(x, str) and x for x in languages):
            raise GuideError("guidekit_languages must list language codes, e.g. ['en', 'ja']",
                             root / CONF, kind=Kind.CONFIG)

        def path(name: str) -> Path:
            return Path(root, get(name)).resolve()

        return cls(root=root.resolve(), source=path("guidekit_source"),
                   manifest=path("guidekit_manifest"), procedures=path("guidekit_procedures"),
                   versions=path("guidekit_versions"), locales=path("guidekit_locales"),
                   states=path("guidekit_states"),
                   build=path("guidekit_build"), languages=tuple(languages),
                   conf_values=dict(values))

    @classmethod
    def load(cls, root: Path) -> ProjectPaths:
        """Read ``root/conf.py`` (as Sphinx does: by running it)."""
        conf = root / CONF
        if not conf.is_file():
            raise GuideError(f"no {CONF} in {root}; say where the project is with --root",
                             kind=Kind.CONFIG)
        try:
            values = runpy.run_path(str(conf))
        except Exception as exc:  # conf.py is Python: any error is the file's
            raise GuideError(f"{CONF} failed to run: {type(exc).__name__}: {exc}", conf,
                             kind=Kind.CONFIG) from None
        return cls.from_values(root, values)

    @classmethod
    def find(cls, start: Path) -> ProjectPaths:
        """The project whose conf.py is in ``start`` or the nearest folder above it."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / CONF).is_file():
                return cls.load(folder)
        raise GuideError(f"no {CONF} in {start} or above; say where the project is with --root",
                         kind=Kind.CONFIG)


def project_paths(root: Path | None) -> ProjectPaths:
    """The project at ``root`` (``--root``), or the nearest one at or above the
    current folder, or the one this package was installed from (editable)."""
    if root is not None:
        return ProjectPaths.load(root)
    try:
        return ProjectPaths.find(Path.cwd())
    except GuideError:
        source_tree = Path(__file__).resolve().parents[3]  # an editable install
        if (source_tree / CONF).is_file():
            return ProjectPaths.load(source_tree)
        raise


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--root`` option every ``guidekit`` subcommand shares."""
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder, with conf.py (default: the nearest one above)")


def languages_of(paths: ProjectPaths, wanted: Sequence[str] | None) -> list[str]:
    """The languages asked for (all of conf.py when none), each one of the project's."""
    unknown = [lang for lang in wanted or [] if lang not in paths.languages]
    if unknown:
        raise GuideError(f"--lang {', '.join(unknown)}: the guides are in "
                         f"{', '.join(paths.languages)} (guidekit_languages in conf.py)")
    return list(wanted or paths.languages)
