"""The ``guidekit_*`` values of a project's ``conf.py``: one table, one dataclass.

:class:`Settings` declares every value once (its default, type and meaning);
the Sphinx extension registers them from it, ``config-inited`` validates them
through it (one error naming conf.py), the subcommands read the paths through
:mod:`guidekit.model.paths`, and ``guidekit settings`` prints the reference
page (``extensions/guidekit/SETTINGS.md``, tested to be current).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind
from guidekit.model.feedback import PLACEHOLDERS, template_problem

PREFIX = "guidekit_"


def _setting(default: Any, doc: str, *, kind: str = "path") -> Any:
    """A field of :class:`Settings`: ``kind`` is ``path`` (a non-empty relative
    path), ``text`` (any text), ``address-template`` (empty, or an address with
    placeholders, :mod:`guidekit.model.feedback`), ``languages`` (a list of codes)
    or ``flag``."""
    return field(default=default, metadata={"doc": doc, "kind": kind})


@dataclass(frozen=True)
class Settings:
    """Every ``guidekit_<name>`` value of conf.py; paths are relative to its folder."""

    source: str = _setting("source", "the Sphinx source folder")
    manifest: str = _setting(
        "source/guides.yaml",
        "the guide manifest: product, machines, topologies, conditions, guides and their steps",
    )
    procedures: str = _setting("procedures", "the folder of procedure files")
    versions: str = _setting(
        "procedures/versions.yaml",
        "the version matrix; its JSON Schema "
        "is `schemas/versions.schema.json` and its template helpers "
        "`macros.jinja` beside it",
    )
    states: str = _setting(
        "procedures/states.yaml",
        "the state model that the sequence of every guide is checked against (optional)",
    )
    locales: str = _setting("locales", "the translation catalogs")
    references: str = _setting(
        "source/references.yaml", "the documents that {document} links to, per language (optional)"
    )
    build: str = _setting("_build", "where `guidekit build`/`pdf` write")
    languages: list[str] = field(
        default_factory=lambda: ["en"],
        metadata={
            "doc": "the languages of the guides; the first is the source language",
            "kind": "languages",
        },
    )
    pdf_url: str = _setting(
        "../pdf/{language}/{guide}.pdf",
        "where a guide's front page links "
        "to its PDF, relative to the language's HTML root ({language} "
        "and {guide} are filled in); empty: no link",
        kind="text",
    )
    feedback_url: str = _setting(
        "",
        "where readers report a problem: an http(s) address template; every page "
        'shows a "Report a problem with this page" link in its footer (the one-page '
        "edition too) to it, with "
        + ", ".join(f"`{{{name}}}` ({what})" for name, what in PLACEHOLDERS.items())
        + " filled in, URL-encoded; empty: no link",
        kind="address-template",
    )
    latex: bool = _setting(
        True,
        "fill latex_documents and the LaTeX layout (title page, "
        "wrapped commands, Japanese fonts) from the manifest",
        kind="flag",
    )

    @classmethod
    def from_values(cls, values: dict[str, Any], conf: Path | str = "conf.py") -> Settings:
        """The settings conf.py gives (defaults for the others); a value of the
        wrong type is one GuideError naming conf.py."""
        given = {}
        for item in fields(cls):
            name = PREFIX + item.name
            if name in values:
                kind = item.metadata["kind"]
                problem = _problem(kind, values[name])
                if problem:
                    # A template's problem says what it needs; its long doc would bury it.
                    about = "" if kind == "address-template" else f" ({item.metadata['doc']})"
                    raise GuideError(
                        f"{name} must be {problem}{about}, not {values[name]!r}",
                        conf,
                        kind=Kind.CONFIG,
                    )
                given[item.name] = values[name]
        return cls(**given)


def _problem(kind: str, value: Any) -> str | None:
    """What ``value`` should be, if it is not a value of this kind."""
    if kind == "path":
        return None if isinstance(value, str) and value else "a path"
    if kind == "text":
        return None if isinstance(value, str) else "text"
    if kind == "address-template":
        return template_problem(value) if isinstance(value, str) else "text"
    if kind == "flag":
        return None if isinstance(value, bool) else "True or False"
    if isinstance(value, list) and value and all(isinstance(x, str) and x for x in value):
        return None
    return "a list of language codes, e.g. ['en', 'ja']"


@dataclass(frozen=True)
class Setting:
    """One ``guidekit_*`` value of conf.py: its default, type and meaning."""

    default: Any
    type: type
    doc: str


_TYPES = {"path": str, "text": str, "address-template": str, "flag": bool, "languages": list}


def _default(item: Any) -> Any:
    return item.default_factory() if item.default is MISSING else item.default


#: The table of settings by their conf.py name, made from :class:`Settings`.
SETTINGS: dict[str, Setting] = {
    PREFIX + item.name: Setting(_default(item), _TYPES[item.metadata["kind"]], item.metadata["doc"])
    for item in fields(Settings)
}


def reference() -> str:
    """The settings reference page (Markdown), from the same table."""
    lines = [
        "# guidekit settings (conf.py)",
        "",
        "<!-- Generated by `guidekit settings` from guidekit/model/settings.py; do not edit. -->",
        "",
        "Every value is optional; paths are relative to the folder of `conf.py`. A value "
        "of the wrong type stops the build with one error naming `conf.py` "
        "(`guidekit.config`).",
        "",
        "| setting | default | meaning |",
        "| --- | --- | --- |",
    ]
    for name, setting in SETTINGS.items():
        doc = setting.doc.replace("|", "\\|")
        lines.append(f"| `{name}` | `{setting.default!r}` | {doc} |")
    return "\n".join(lines) + "\n"
