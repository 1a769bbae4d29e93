"""The documents the guides refer to: one table, a title and an address per language.

A procedure names another document by its id (``{document}`administration-guide```);
the page shows the document's title in the reader's language, linked to the
document in that language. The table is data (``source/references.yaml`` by
default, the ``guidekit_references`` setting)::

    documents:
      administration-guide:
        en:
          title: Administration Guide
          url: https://docs.example.com/en/{version}/administration/
        ja:
          title: 管理ガイド
          url: https://docs.example.com/ja/{version}/administration/

``{version}`` in an address is the release the guide leads to. Every document
has an entry for every language of the guides, so that no reader meets a dead
or foreign-language link; the check names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from guidekit.model.errors import GuideError, Kind, quote
from guidekit.model.yamldata import line_of, parse_yaml, validate

#: The JSON Schema of the references table.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["documents"],
    "properties": {
        "documents": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z0-9][a-z0-9-]*$"},
            "additionalProperties": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title", "url"],
                    "properties": {
                        "title": {"type": "string", "minLength": 1, "maxLength": 200},
                        "url": {"type": "string", "minLength": 1, "maxLength": 2000},
                    },
                },
            },
        },
    },
}

#: The placeholders an address may contain.
PLACEHOLDERS = ("{version}",)


@dataclass(frozen=True)
class Citation:
    """One document in one language."""

    title: str
    url: str


@dataclass(frozen=True)
class Document:
    id: str
    line: int
    languages: dict[str, Citation]


@dataclass(frozen=True)
class References:
    path: Path
    documents: dict[str, Document]

    def cite(self, document: str, language: str, version: str) -> Citation:
        """The title and address of ``document`` for a reader of ``language``."""
        entry = self.documents[document].languages[language]
        return Citation(entry.title, entry.url.replace("{version}", version))

    def titles(self, language: str) -> dict[str, str]:
        """Title -> document id, for the titles in ``language``."""
        return {
            d.languages[language].title: d.id
            for d in self.documents.values()
            if language in d.languages
        }


def _checked_url(url: str, path: Path, line: int) -> str:
    bare = url
    for placeholder in PLACEHOLDERS:
        bare = bare.replace(placeholder, "x")
    parts = urlsplit(bare)
    if parts.scheme != "https" or not parts.netloc or any(c in bare for c in "{} \"'<>"):
        raise GuideError(
            f"{quote(url)} is not an https:// address (the only placeholder is "
            f"{', '.join(PLACEHOLDERS)})",
            path,
            line,
            Kind.REFERENCE,
        )
    return url


def parse_references(text: str, path: Path, languages: tuple[str, ...]) -> References:
    """The table in ``text`` (pure); every document in every one of ``languages``."""
    data = parse_yaml(text, path)
    validate(data, SCHEMA, path)
    documents: dict[str, Document] = {}
    for doc_id, entries in data["documents"].items():
        line = line_of(data["documents"], doc_id)
        missing = [lang for lang in languages if lang not in entries]
        if missing:
            raise GuideError(
                f"document {quote(doc_id)} has no {', '.join(missing)} entry "
                f"(the guides are in {', '.join(languages)})",
                path,
                line,
                Kind.REFERENCE,
            )
        citations = {
            lang: Citation(
                entry["title"],
                _checked_url(
                    entry["url"], path, line_of(entry, "url", line_of(entries, lang, line))
                ),
            )
            for lang, entry in entries.items()
        }
        documents[doc_id] = Document(doc_id, line, citations)
    return References(path, documents)


def load_references(path: Path, languages: tuple[str, ...]) -> References | None:
    """The table at ``path``, or None where the project has none."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GuideError(
            f"cannot read the references table: {exc}", path, None, Kind.FILE
        ) from None
    return parse_references(text, path, languages)
