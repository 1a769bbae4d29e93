"""Gettext catalogs: read, update from templates, fill mechanical entries, count.

Pure functions over Babel catalogs; the CLI (``guidekit i18n``) and the
Sphinx adapter (:mod:`guidekit.l10n.sphinx.hooks`) call them.

Two kinds of entries are filled automatically when a catalog is updated, so
translators never spend time on them:

* messages that are nothing but inline code (a repository id in a list item):
  code is never translated, so the translation is the message itself;
* messages that differ from an already translated message only by version
  numbers (``... from 4.2 to 4.3`` once ``... from 4.3 to 4.4`` is
  translated): the translation is reused with the versions substituted.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from guidekit.model.errors import GuideError, Kind, control_character, read_text

#: A dotted version number such as 4.4 or 4.4.10 (plain integers are not versions).
VERSION = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.]*\d)")
#: Inline code in MyST (one or more backticks), never translated.
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
TRANSLATOR = "guidekit translators <l10n@guidekit.invalid>"
TEAM = "l10n@guidekit.invalid"
_WIDTH = 0  # never re-wrap: long msgids stay on one line, diffs stay small


@dataclass(frozen=True)
class CatalogStats:
    """Entry counts of one catalog, as msgfmt --statistics counts them."""

    path: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int


_PO_LINE = re.compile(
    r"(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'"(?:[^"\\]|\\.)*"\s*'
)


def check_po_syntax(text: str, path: Path) -> None:
    """Reject what Babel would silently repair (an unterminated string, a stray word)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            raise GuideError(
                f"broken catalog: cannot read {stripped[:40]!r} (every line must "
                'be a comment, a keyword with a quoted "string", or a '
                "continued quoted string)",
                path,
                number,
                kind=Kind.CATALOG,
            )
        if "\\" in stripped and not stripped.startswith("#"):
            _refuse_numeric_escapes(stripped, path, number)


# An escape by number (\033, \x1b): gettext's msgfmt decodes it, Babel keeps it as text;
# either way it is a control character or a mistake, never a translation.
_ESCAPE = re.compile(r"\\(.)")


def _refuse_numeric_escapes(line: str, path: Path, number: int) -> None:
    for match in _ESCAPE.finditer(line):
        if match.group(1) in "01234567xXuUe":
            raise GuideError(
                f"broken catalog: the escape {match.group(0)!r} writes a control "
                "character by number; delete it",
                path,
                number,
                kind=Kind.CATALOG,
            )


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; syntax errors become a GuideError with the line."""
    text = read_text(path)
    check_po_syntax(text, path)
    _check_plural_forms(text, path)
    try:
        catalog = read_po(io.StringIO(text), locale=locale, abort_invalid=True)
        codecs.lookup(catalog.charset or "utf-8")  # compiling encodes with it
        _refuse_control_characters(catalog, path)
        return catalog
    except LookupError:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if "charset=" in row), None)
        raise GuideError(
            f"broken catalog: unknown charset {catalog.charset!r} in the "
            "header (use charset=UTF-8)",
            path,
            line,
            kind=Kind.CATALOG,
        ) from None
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise GuideError(f"broken catalog: {exc}", path, line, kind=Kind.CATALOG) from None
    except ValueError as exc:  # e.g. an unknown locale in the header
        raise GuideError(f"broken catalog: {exc}", path, None, kind=Kind.CATALOG) from None
    except AttributeError:
        # Babel reads a date header with a line break in it as no date at all
        # (babel.messages.catalog._parse_datetime_header: re.match(...) is None).
        line = next(
            (
                n
                for n, row in enumerate(text.splitlines(), 1)
                if row.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:'))
            ),
            None,
        )
        raise GuideError(
            "broken catalog: a date in the header cannot be read (write "
            "YYYY-MM-DD HH:MM+ZZZZ on one line)",
            path,
            line,
            kind=Kind.CATALOG,
        ) from None


_PLURAL_FORMS = re.compile(r'^"Plural-Forms:\s*(?P<value>.*?)(?:\\n)?"\s*$')


def _check_plural_forms(text: str, path: Path) -> None:
    """A broken Plural-Forms header (``nplurals=x``, ``plural=(n;``) is an error at
    its line: Babel would only warn, naming no file, and use a wrong form."""
    import gettext

    for number, line in enumerate(text.splitlines(), 1):
        found = _PLURAL_FORMS.match(line.strip())
        if found is None:
            continue
        value = found["value"]
        count = re.search(r"nplurals\s*=\s*(\d+)\s*;", value)
        expression = re.search(r"plural\s*=\s*(.+?);?\s*$", value)
        problem = None
        if count is None or not 1 <= int(count[1]) <= 6:
            problem = "nplurals must be a number from 1 to 6"
        elif expression is None:
            problem = "it has no plural= expression"
        else:
            try:
                gettext.c2py(expression[1])
            except (ValueError, SyntaxError, RecursionError):
                problem = f"the plural expression {expression[1][:60]!r} is not valid"
        if problem:
            raise GuideError(
                f'broken catalog: Plural-Forms: {problem} (for example "nplurals=1; plural=0;")',
                path,
                number,
                kind=Kind.CATALOG,
            )
        return


def _refuse_control_characters(catalog: Catalog, path: Path) -> None:
    """Escapes such as ``\\033`` or ``\\a`` in a msgstr reach pages and terminals."""
    for message in catalog:
        for part in (message.id, message.string):
            for value in part if isinstance(part, list | tuple) else (part,):
                problem = control_character(value) if isinstance(value, str) else None
                if problem:
                    raise GuideError(
                        f"broken catalog: {problem}", path, message.lineno, kind=Kind.CATALOG
                    )


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=_WIDTH, sort_output=False, ignore_obsolete=True, include_lineno=False
    )
    data = buffer.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def mo_outdated(po_path: Path) -> bool:
    """True when the compiled ``.mo`` next to ``po_path`` is missing or older."""
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def compile_catalog(catalog: Catalog, mo_path: Path) -> None:
    """Write ``mo_path`` from ``catalog`` (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    mo_path.write_bytes(buffer.getvalue())


def relocate(template: Catalog, template_dir: Path, root: Path) -> None:
    """Make source locations relative to the project root, without line numbers.

    Sphinx writes them relative to its output directory; the catalogs should
    not depend on where the templates were generated.
    """
    for message in template:
        if not message.id:
            continue
        seen: dict[str, None] = {}
        for filename, _line in message.locations:
            absolute = Path(os.path.normpath(template_dir / filename))
            try:
                seen[absolute.relative_to(root).as_posix()] = None
            except ValueError:
                seen[filename] = None
        message.locations = [(name, None) for name in seen]  # type: ignore[misc]


def code_only(msgid: str) -> bool:
    """True when a message is inline code and punctuation only, nothing to translate."""
    rest = CODE_SPAN.sub("", msgid)
    return rest != msgid and not re.search(r"[^\W\d_]", rest)


def version_key(msgid: str) -> str:
    return VERSION.sub("\x00", msgid)


def substitute_versions(source_id: str, source_str: str, target_id: str) -> str | None:
    """Adapt the translation of ``source_id`` to ``target_id`` (same text, other versions).

    Returns None when the versions cannot be mapped one to one, or when the
    translation does not carry every version of its message.
    """
    old = VERSION.findall(source_id)
    new = VERSION.findall(target_id)
    if len(old) != len(new) or version_key(source_id) != version_key(target_id):
        return None
    mapping: dict[str, str] = {}
    for before, after in zip(old, new, strict=True):
        if mapping.setdefault(before, after) != after:
            return None
    if any(before not in VERSION.findall(source_str) for before in mapping):
        return None
    return VERSION.sub(lambda m: mapping.get(m.group(0), m.group(0)), source_str)


def fill_mechanical(catalog: Catalog) -> list[str]:
    """Fill code-only and version-variant entries; return the message ids filled."""
    memory: dict[str, list[Message]] = {}
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            memory.setdefault(version_key(str(message.id)), []).append(message)
    filled = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if message.string and not message.fuzzy:
            continue
        string: str | None = None
        if code_only(message.id):
            string = message.id
        else:
            for known in sorted(memory.get(version_key(message.id), []), key=lambda m: m.id):
                string = substitute_versions(str(known.id), str(known.string), message.id)
                if string:
                    break
        if string:
            message.string = string
            message.flags.discard("fuzzy")
            filled.append(message.id)
    return filled


def update_catalog(template: Catalog, existing: Catalog | None, locale: str) -> Catalog:
    """The catalog for ``locale`` brought in line with ``template``.

    Changed messages keep their old translation marked fuzzy (for a translator
    to review), removed messages are dropped, mechanical entries are filled.
    """
    if existing is None:
        existing = Catalog(locale=locale, domain=template.domain, fuzzy=False)
        existing.project = template.project
        existing.version = template.version
    if "FIRST AUTHOR" in existing.header_comment:
        existing.header_comment = (
            f"# {existing.project}: {locale} translation.\n# Licensed like its source text.\n#"
        )
    existing.update(
        template, no_fuzzy_matching=False, update_header_comment=False, update_creation_date=False
    )
    existing.obsolete.clear()
    existing.fuzzy = False
    if not existing.last_translator or "FULL NAME" in existing.last_translator:
        existing.last_translator = TRANSLATOR
        existing.language_team = f"{locale} <{TEAM}>"
        existing.msgid_bugs_address = TEAM
    fill_mechanical(existing)
    return existing


def entries(catalog: Catalog) -> dict[tuple[object, object], tuple[object, bool]]:
    """What a catalog says, without header, source locations and order (for
    comparisons): an engine's moved source file changes no project's catalog."""
    return {(m.context, m.id): (m.string, m.fuzzy) for m in catalog if m.id}


def catalog_stats(catalog: Catalog, path: str) -> CatalogStats:
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    translated = sum(1 for m in messages if not m.fuzzy and _has_string(m))
    return CatalogStats(path, len(messages), translated, fuzzy, len(messages) - translated - fuzzy)


def _has_string(message: Message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


def extract_ui_messages(package_dir: Path, root: Path, project: str) -> Catalog:
    """The template of the extension's own strings: every ``_("...")`` call."""
    template = Catalog(project=project, domain="guidekit", fuzzy=False)
    found: Iterable[tuple[str, int, str | tuple[str, ...], list[str], str | None]]
    found = extract_from_dir(
        str(package_dir),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
        comment_tags=("TRANSLATORS:",),
    )
    for filename, _line, message, comments, context in found:
        location = (package_dir / filename).relative_to(root).as_posix()
        template.add(
            message,
            locations=[(location, None)],  # type: ignore[list-item]
            auto_comments=comments,
            context=context,
        )
    return template


def extract_theme_messages(package_dir: Path, project: str) -> Catalog:
    """The strings of an HTML theme's templates (``{{ _("Next") }}``), for themes
    that ship no translations; Sphinx reads them from a ``sphinx`` catalog."""
    template = Catalog(project=project, domain="sphinx", fuzzy=False)
    found = extract_from_dir(
        str(package_dir),
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    for filename, _line, message, _comments, context in found:
        if isinstance(message, str) and message.strip():
            location = f"{package_dir.name}/{filename}"
            template.add(
                message,
                locations=[(location, None)],  # type: ignore[list-item]
                context=context,
            )
    return template
