"""The one diagnostic type of guidekit: a problem in a file a writer edits.

Every problem guidekit finds is a :class:`GuideError` with a :class:`Kind`.
Sphinx logs it as ``guidekit.<kind>``, so ``suppress_warnings`` can target one
family of problems; the README lists the kinds. Reading files goes through
:func:`read_text`, which turns every way a file can be unreadable into one
GuideError and accepts what editors write (a byte order mark, CRLF or CR line
ends) without moving line numbers.
"""

from __future__ import annotations

import errno
import re
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Kind(StrEnum):
    """The kinds of problems (warning subtypes ``guidekit.<kind>``)."""

    CONFIG = "config"  #: a guidekit_* value in conf.py
    COMPAT = "compat"  #: an upstream (Sphinx, MyST, Furo...) outside the tested versions
    FILE = "file"  #: a file or folder that cannot be read or written
    ENCODING = "encoding"  #: not UTF-8, or control characters in text
    LIMIT = "limit"  #: an input above a size or resource limit
    YAML = "yaml"  #: YAML syntax, duplicate keys, aliases
    SCHEMA = "schema"  #: a data file that does not fit its schema
    MATRIX = "matrix"  #: the version matrix (versions.yaml)
    MANIFEST = "manifest"  #: the guide manifest (guides.yaml)
    FRONT_MATTER = "front-matter"  #: a procedure's front matter
    PARAMS = "params"  #: procedure parameters
    UNKNOWN_PROCEDURE = "unknown-procedure"  #: a procedure id with no file
    FACETS = "facets"  #: a procedure used in a guide it does not apply to
    CYCLE = "cycle"  #: procedures that include each other
    STATES = "states"  #: the state model of the sequence checks
    FLOW_ANNOTATION = "flow-annotation"  #: a step's state annotation
    TEMPLATE = "template"  #: Jinja syntax and runtime errors
    UNDEFINED = "undefined"  #: an undefined template variable
    ASSEMBLY = "assembly"  #: a guidekit directive used in the wrong place
    STUBS = "stubs"  #: the generated pages folder
    MACHINE = "machine"  #: an unknown machine in {command}
    COMMAND = "command"  #: a malformed {command} block
    TABS = "tabs"  #: misnested tabs
    PROCREF = "procref"  #: a {procref} with no target
    REFERENCE = "reference"  #: the references table, or a {document} it does not list
    CATALOG = "catalog"  #: a broken translation catalog
    TRANSLATION = "translation"  #: a translation that would render wrongly
    GLOSSARY = "glossary"  #: the translation glossary
    GETTEXT = "gettext"  #: the gettext (i18n update) build
    CHECKLIST = "checklist"  #: the upgrade helper and checklists
    PDF = "pdf"  #: the PDF build
    CONTENT = "content"  #: anything else in the content


#: Longest excerpt of a writer's value quoted in a message.
QUOTE_LIMIT = 80
#: Longest message: a message never grows with the input.
MESSAGE_LIMIT = 2000


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages about big inputs."""
    if isinstance(value, str) and len(value) > limit * 4:
        value = value[: limit * 4]  # repr of a huge string is itself huge
    text = _bounded_repr(value, limit)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded_repr(value: Any, limit: int) -> str:
    if isinstance(value, dict):
        parts = []
        for key, item in list(value.items())[:8]:
            parts.append(f"{_bounded_repr(key, limit)}: {_bounded_repr(item, limit)}")
            if sum(map(len, parts)) > limit:
                break
        return "{" + ", ".join(parts) + ("…}" if len(value) > len(parts) else "}")
    if isinstance(value, list | tuple):
        parts = []
        for item in list(value[:8]):
            parts.append(_bounded_repr(item, limit))
            if sum(map(len, parts)) > limit:
                break
        return "[" + ", ".join(parts) + ("…]" if len(value) > len(parts) else "]")
    if isinstance(value, str) and len(value) > limit * 4:
        value = value[: limit * 4]
    return repr(value)


@dataclass
class GuideError(Exception):
    """A problem that names the file and (1-based) line to fix.

    ``kind`` is one of :class:`Kind`, nothing else: a string is refused here (and
    by mypy), so that a misspelt kind cannot turn silently into another one.
    """

    message: str
    path: str | Path | None = None
    line: int | None = None
    kind: Kind = Kind.CONTENT

    def __post_init__(self) -> None:
        if not isinstance(self.kind, Kind):
            raise TypeError(f"GuideError kind must be a Kind, not {self.kind!r}")
        if len(self.message) > MESSAGE_LIMIT:
            self.message = self.message[: MESSAGE_LIMIT - 1] + "…"
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Parallel builds pickle errors between processes: keep every field.
        return (type(self), (self.message, self.path, self.line, self.kind))

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message


#: Largest text file guidekit reads (a procedure is a few KB; the manifest ~10 KB).
MAX_FILE_BYTES = 1_000_000

# C0 but tab and line ends, DEL, C1 (U+009B is a terminal's escape too), lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# In a value written with escapes ("\e", "\r", "\0"), a carriage return is one too.
_VALUE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(value: str) -> str | None:
    """What is wrong with a value (a YAML or catalog string, escapes decoded)
    that holds a control character, or None: such characters reach pages and
    terminals (``guidekit checklist``) as escape sequences."""
    bad = _VALUE_CONTROL.search(value)
    if bad is None:
        return None
    return (
        f"control character U+{ord(bad.group()):04X} in a value (written as an escape "
        "such as \\e, \\a or \\0?); delete it"
    )


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file as text with ``\\n`` line ends.

    A byte order mark is dropped and CRLF or CR line ends become ``\\n`` (line
    numbers stay those an editor shows). Anything else a writer must fix is a
    GuideError naming the file, and the line where there is one: a missing
    or unreadable file, a folder, a file above ``limit`` bytes, invalid UTF-8,
    control characters (a NUL byte, ...).
    """
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink():
            what = (
                "a link to a file that does not exist"
                if exc.errno == errno.ENOENT
                else f"a link that cannot be followed ({exc.strerror})"
            )
        else:
            what = "missing" if exc.errno == errno.ENOENT else str(exc.strerror)
        raise GuideError(f"cannot read this file: it is {what}", path, kind=Kind.FILE) from None
    if stat.S_ISDIR(info.st_mode):
        raise GuideError("cannot read this file: it is a folder", path, kind=Kind.FILE)
    if not stat.S_ISREG(info.st_mode):
        raise GuideError(
            "cannot read this file: it is not a regular file (a device or a pipe)",
            path,
            kind=Kind.FILE,
        )
    if info.st_size > limit:
        raise GuideError(
            f"the file is too large ({info.st_size:,} bytes; the limit is {limit:,})",
            path,
            kind=Kind.LIMIT,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GuideError(
            f"cannot read this file: {exc.strerror or exc}", path, kind=Kind.FILE
        ) from None
    return decode_text(data, path)


def decode_text(data: bytes, path: str | Path | None) -> str:
    """Decode UTF-8 bytes as :func:`read_text` does (BOM, line ends, control characters)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if b"\n" not in data[: exc.start]:
            line = data.count(b"\r", 0, exc.start) + 1
        raise GuideError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
            kind=Kind.ENCODING,
        ) from None
    return clean_text(text, path)


def clean_text(text: str, path: str | Path | None) -> str:
    """Text as a file's reader sees it: no byte order mark, ``\\n`` line ends.

    Control characters (a NUL byte, ...) are a GuideError naming the line: they
    would vanish from the page or turn into a replacement character.
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise GuideError(
            f"control character U+{ord(bad.group()):04X} in the text; delete it (editors "
            "often show it as a box or not at all)",
            path,
            line,
            kind=Kind.ENCODING,
        )
    return text
