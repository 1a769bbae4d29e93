"""The translation workflow: generate templates, update catalogs, run the gate.

Layout (``locales/``)::

    ja/LC_MESSAGES/guides.po           every sentence of every guide, once
    ja/LC_MESSAGES/guidekit.po         the extension's own strings
    ja/glossary.yaml                   terminology the gate enforces

Templates (``guides.pot``, ``guidekit.pot``) are build products, written to
``_build/gettext/``. All guides share the ``guides`` catalog (``gettext_compact``), so a
procedure used in seven guides is translated once.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from guidekit.l10n.catalogs import (
    CatalogStats,
    catalog_stats,
    entries,
    extract_theme_messages,
    extract_ui_messages,
    read_catalog,
    relocate,
    update_catalog,
    write_catalog,
)
from guidekit.l10n.checks import (
    Finding,
    check_complete,
    check_formats,
    check_glossary,
    check_markup,
    check_msgfmt,
    check_variants,
    load_glossary,
)
from guidekit.l10n.messages import TEMPLATES
from guidekit.l10n.sphinx.theme import CONFIG_VALUES, chrome_messages
from guidekit.model.errors import GuideError, Kind
from guidekit.model.paths import ProjectPaths

CONTENT_DOMAIN = "guides"
UI_DOMAIN = "guidekit"
#: The HTML theme's own strings; Sphinx merges a ``sphinx`` catalog found in
#: locale_dirs with its built-in one (which wins where both translate).
THEME_DOMAIN = "sphinx"
DOMAINS = (CONTENT_DOMAIN, UI_DOMAIN, THEME_DOMAIN)


def theme_package(name: str | None) -> Path | None:
    """The package directory of the HTML theme ``name`` (conf.py's html_theme),
    if it is a plugin."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="sphinx.html_themes"):
        if entry.name == name:
            module = importlib.import_module(entry.value.split(":")[0])
            return Path(module.__file__ or "").resolve().parent
    return None


@dataclass(frozen=True)
class Layout:
    """Where the catalogs of a project are (paths from its conf.py)."""

    paths: ProjectPaths

    @property
    def root(self) -> Path:
        return self.paths.root

    @property
    def locales(self) -> Path:
        return self.paths.locales

    def template(self, domain: str) -> Path:
        return self.paths.build / "gettext" / f"{domain}.pot"

    def catalog(self, language: str, domain: str) -> Path:
        return self.locales / language / "LC_MESSAGES" / f"{domain}.po"

    def glossary(self, language: str) -> Path:
        return self.locales / language / "glossary.yaml"


def build_templates(layout: Layout, outdir: Path) -> dict[str, Path]:
    """Run Sphinx's gettext builder and extract the UI strings; return domain -> .pot."""
    from sphinx.cmd.build import build_main

    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        status = build_main(
            [
                "-q",
                "-W",
                "--keep-going",
                "-b",
                "gettext",
                "-c",
                str(layout.root),
                "-D",
                f"language={layout.paths.languages[0]}",
                str(layout.paths.source),
                str(outdir),
            ]
        )
    if status:
        raise GuideError("the gettext build failed:\n" + log.getvalue().strip(), kind=Kind.GETTEXT)
    content = outdir / f"{CONTENT_DOMAIN}.pot"
    template = read_catalog(content)
    relocate(template, outdir, layout.root)
    write_catalog(template, content)
    # The extension's own strings come from the installed package (the one
    # that built the guides), named as in the source tree: extensions/guidekit/...
    package = Path(__file__).resolve().parents[2]  # the guidekit package
    ui = extract_ui_messages(package, package.parent.parent, template.project or "guidekit")
    write_catalog(ui, outdir / f"{UI_DOMAIN}.pot")
    templates = {CONTENT_DOMAIN: content, UI_DOMAIN: outdir / f"{UI_DOMAIN}.pot"}
    # Template strings: the theme's, and the project's own (source/_templates).
    theme = extract_theme_messages(layout.paths.templates, template.project or "guidekit")
    for message in extract_theme_messages(TEMPLATES, template.project or "guidekit"):
        if message.id and message.id not in theme:
            theme.add(message.id, locations=message.locations, context=message.context)
    conf = layout.paths.conf_values
    theme_dir = theme_package(conf.get("html_theme"))
    if theme_dir is not None:
        for message in extract_theme_messages(theme_dir, template.project or "guidekit"):
            if message.id:
                theme.add(message.id, locations=message.locations, context=message.context)
    # The chrome that no template translates (guidekit.l10n.sphinx.theme).
    for text in chrome_messages({key: conf.get(key, "") for key in CONFIG_VALUES}):
        theme.add(text, locations=[("guidekit/l10n/sphinx/theme.py", None)])  # type: ignore[list-item]
    write_catalog(theme, outdir / f"{THEME_DOMAIN}.pot")
    templates[THEME_DOMAIN] = outdir / f"{THEME_DOMAIN}.pot"
    return templates


def updated_catalogs(
    layout: Layout, templates: dict[str, Path], languages: list[str]
) -> Iterator[tuple[Path, dict[tuple[object, object], tuple[object, bool]] | None, Catalog]]:
    """Yield (path, current entries or None, updated catalog) for every catalog."""
    for language in languages:
        for domain, pot in templates.items():
            path = layout.catalog(language, domain)
            existing = read_catalog(path, language) if path.exists() else None
            before = entries(existing) if existing is not None else None
            catalog = update_catalog(read_catalog(pot), existing, language)
            if domain == THEME_DOMAIN:
                fill_from_sphinx(catalog, language)
            yield path, before, catalog


def update(layout: Layout, languages: list[str]) -> list[tuple[Path, CatalogStats]]:
    """Regenerate templates into ``locales/`` and bring every catalog up to date."""
    with tempfile.TemporaryDirectory(prefix="guidekit-pot-") as tmp:
        templates = build_templates(layout, Path(tmp))
        result = []
        for domain, pot in templates.items():
            write_catalog(read_catalog(pot), layout.template(domain))
        for path, before, catalog in updated_catalogs(layout, templates, languages):
            if before != entries(catalog) or not isinstance(catalog.revision_date, datetime):
                catalog.revision_date = datetime.now(UTC)
            write_catalog(catalog, path)
            result.append((path, catalog_stats(catalog, _rel(layout, path))))
    return result


def stale_catalogs(layout: Layout, languages: list[str]) -> list[Finding]:
    """Catalogs that an update would change (templates regenerated in a temp dir)."""
    findings = []
    with tempfile.TemporaryDirectory(prefix="guidekit-pot-") as tmp:
        templates = build_templates(layout, Path(tmp))
        for path, before, catalog in updated_catalogs(layout, templates, languages):
            if before != entries(catalog):
                findings.append(
                    Finding(
                        _rel(layout, path),
                        1,
                        "stale",
                        "catalog is not up to date with the sources: run "
                        "'tox -e i18n' and translate the new entries",
                    )
                )
    return findings


def check_catalogs(
    layout: Layout, languages: list[str]
) -> tuple[list[Finding], list[CatalogStats], list[str]]:
    """The catalog half of the gate: complete, msgfmt-clean, markup and glossary.

    Returns the findings, the counts, and notes on checks that could not run
    as configured (no msgfmt on this machine; CI sets GUIDEKIT_REQUIRE_GETTEXT).
    """
    findings: list[Finding] = []
    notes: list[str] = []
    stats = []
    for language in languages:
        glossary_path = layout.glossary(language)
        glossary = (
            load_glossary(glossary_path, layout.paths.languages[0])
            if glossary_path.exists()
            else None
        )
        for domain in DOMAINS:
            path = layout.catalog(language, domain)
            name = _rel(layout, path)
            if not path.exists():
                findings.append(Finding(name, 0, "missing", "catalog missing: run 'tox -e i18n'"))
                continue
            catalog = read_catalog(path, language)
            stats.append(catalog_stats(catalog, name))
            if shutil.which("msgfmt") or os.environ.get("GUIDEKIT_REQUIRE_GETTEXT"):
                findings += check_msgfmt(path, name)
            else:
                notes.append(
                    f"{name}: msgfmt not found, so Babel's checks ran instead of "
                    "'msgfmt --check' (install GNU gettext: .ci/install-l10n-deps)"
                )
                findings += check_formats(catalog, name)
            findings += check_complete(catalog, name)
            findings += check_markup(catalog, name)
            findings += check_variants(catalog, name)
            if glossary is not None:
                findings += check_glossary(catalog, name, glossary)
    return findings, stats, notes


def _rel(layout: Layout, path: Path) -> str:
    try:
        return path.relative_to(layout.root).as_posix()
    except ValueError:
        return str(path)


def fill_from_sphinx(catalog: Catalog, language: str) -> list[str]:
    """Fill entries that Sphinx's own catalog for ``language`` already translates."""
    import gettext

    import sphinx

    try:
        upstream = gettext.translation(
            "sphinx", str(Path(sphinx.__file__).parent / "locale"), languages=[language]
        )
    except OSError:
        return []
    filled = []
    for message in catalog:
        if isinstance(message.id, str) and message.id and not message.string:
            translated = upstream.gettext(message.id)
            if translated != message.id:
                message.string = translated
                filled.append(message.id)
    return filled
