"""Where a guidekit project keeps its files, from the values of its ``conf.py``.

The Sphinx extension and every ``guidekit`` subcommand take their paths and
languages from here, so moving the manifest (or adding a language) is one
change in ``conf.py``. Running conf.py is project I/O (guidekit.files.conf).
The settings are declared once, in :class:`guidekit.model.settings.Settings`:
the extension registers them with Sphinx from the same table.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError
from guidekit.model.settings import SETTINGS as SETTINGS  # the table, re-exported
from guidekit.model.settings import Settings

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
        settings = Settings.from_values(values, root / CONF)

        def get(name: str) -> Any:
            return getattr(settings, name.removeprefix("guidekit_"))

        languages = settings.languages

        def path(name: str) -> Path:
            return Path(root, get(name)).resolve()

        def output(name: str) -> Path:
            # Inside the project the build folder keeps its links unresolved, so that
            # guidekit.files.publish can refuse one (nothing is written through a link).
            real = root.resolve()
            folder = Path(os.path.normpath(real / get(name)))
            return folder if folder.is_relative_to(real) else folder.resolve()

        return cls(
            root=root.resolve(),
            source=path("guidekit_source"),
            manifest=path("guidekit_manifest"),
            procedures=path("guidekit_procedures"),
            versions=path("guidekit_versions"),
            locales=path("guidekit_locales"),
            states=path("guidekit_states"),
            build=output("guidekit_build"),
            languages=tuple(languages),
            conf_values=dict(values),
        )


def languages_of(paths: ProjectPaths, wanted: Sequence[str] | None) -> list[str]:
    """The languages asked for (all of conf.py when none), each one of the project's,
    each once (``--lang ja --lang ja`` builds Japanese once)."""
    unknown = [lang for lang in wanted or [] if lang not in paths.languages]
    if unknown:
        raise GuideError(
            f"--lang {', '.join(unknown)}: the guides are in "
            f"{', '.join(paths.languages)} (guidekit_languages in conf.py)"
        )
    return list(dict.fromkeys(wanted or paths.languages))
