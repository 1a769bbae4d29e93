"""The translations of the guides' paragraphs, as cmdlint prose blocks located at their
catalog line (for the prose-version rule of ``-b cmdlint``).

Sphinx translates a paragraph by its message id (``extract_messages``); the same ids
find the ``msgstr`` in each language's catalogs (``locale_dirs``), so a translated
paragraph is linted with the versions of the guide whose page holds the English one.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import extract_messages

from cmdlint.model import Block, BlockKind

Entry = tuple[str, int, str]  # catalog path, msgstr line, translation


def catalog_entries(folder: Path) -> dict[str, list[Entry]]:
    """msgid -> (catalog, line of its msgstr, msgstr) for the ``*.po`` files of a folder."""
    from babel.messages.pofile import read_po

    found: dict[str, list[Entry]] = {}
    for path in sorted(folder.glob("*.po")):
        try:
            text = path.read_text(encoding="utf-8")
            with path.open("rb") as handle:
                catalog = read_po(handle)
        except (OSError, UnicodeDecodeError, ValueError):
            continue  # the l10n gate reports broken catalogs
        lines = text.split("\n")
        for message in catalog:
            if not message.id or not isinstance(message.id, str) or not message.string:
                continue
            line = _msgstr_line(lines, int(message.lineno or 1))
            where = os.path.normpath(path)
            found.setdefault(message.id, []).append((where, line, str(message.string)))
    return found


def _msgstr_line(lines: list[str], msgid_line: int) -> int:
    for number in range(max(msgid_line - 1, 0), min(len(lines), msgid_line + 50)):
        if lines[number].startswith("msgstr"):
            return number + 1
    return msgid_line


def translations(app: Sphinx) -> dict[str, list[Entry]]:
    """Every other language's catalog entries (read once per build)."""
    cached: dict[str, list[Entry]] | None = getattr(app, "_cmdlint_translations", None)
    if cached is not None:
        return cached
    config = app.config
    languages = [
        lang for lang in getattr(config, "guidekit_languages", []) if lang != config.language
    ]
    found: dict[str, list[Entry]] = {}
    for folder in config.locale_dirs:
        for language in languages:
            for msgid, entries in catalog_entries(
                Path(app.srcdir, folder, language, "LC_MESSAGES")
            ).items():
                found.setdefault(msgid, []).extend(entries)
    app._cmdlint_translations = found  # type: ignore[attr-defined]
    return found


def translated_blocks(app: Sphinx, doctree: nodes.document) -> list[Block]:
    """The translations of a doctree's paragraphs, each at its catalog line."""
    catalogs = translations(app)
    found = []
    for node, msgid in extract_messages(doctree):
        if isinstance(node, nodes.paragraph):
            for path, line, text in catalogs.get(msgid, []):
                found.append(Block(path, line, text.split("\n"), BlockKind.PROSE))
    return found
