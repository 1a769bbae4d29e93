"""Quality checks of translation catalogs: completeness, markup parity, glossary.

Each check takes a parsed catalog and returns :class:`Finding` objects that
name the catalog file and the line of the entry, like a compiler would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from guidekit.l10n.catalogs import CODE_SPAN, VERSION, substitute_versions, version_key
from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.yamldata import parse_yaml, validate


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message} [l10n.{self.code}]"


@dataclass(frozen=True)
class Term:
    #: The term in the source language and the translation the glossary requires.
    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    line: int = 0

    @property
    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.source.split())
        # A term written with capitals is a name ("Manager"): match its case, so
        # that "upgrade manager" or "Subscription Manager" can say otherwise.
        flags = 0 if any(c.isupper() for c in self.source) else re.IGNORECASE
        return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", flags)


@dataclass(frozen=True)
class StyleRule:
    """A way of writing that the translations avoid, with what to write instead."""

    pattern: str
    advice: str
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...] = field(default_factory=tuple)
    style: tuple[StyleRule, ...] = field(default_factory=tuple)

    def forbidden(self) -> list[tuple[re.Pattern[str], Term]]:
        return [(re.compile(f), t) for t in self.terms for f in t.forbidden]


def glossary_schema(source: str, target: str) -> dict[str, Any]:
    """A glossary of ``locales/<target>/glossary.yaml``: each term in the source
    language and the target language, under their language codes."""
    return {
        "type": "object",
        "required": ["terms"],
        "additionalProperties": False,
        "properties": {
            "terms": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [source, target],
                    "additionalProperties": False,
                    "properties": {
                        source: {"type": "string", "minLength": 1},
                        target: {"type": "string", "minLength": 1},
                        "forbidden": {"type": "array", "items": {"type": "string", "minLength": 1}},
                        "note": {"type": "string"},
                    },
                },
            },
            "style": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["forbidden", "advice"],
                    "additionalProperties": False,
                    "properties": {
                        "forbidden": {"type": "string", "minLength": 1},
                        "advice": {"type": "string", "minLength": 1},
                        "note": {"type": "string"},
                    },
                },
            },
        },
    }


def load_glossary(path: Path, source: str = "en", target: str | None = None) -> Glossary:
    """The glossary at ``path``: terms of the ``source`` language (conf.py's first
    language) and of ``target`` (by default the language folder it is in)."""
    target = target or path.parent.name
    data = parse_yaml(read_text(path), path)
    validate(data, glossary_schema(source, target), path, Kind.GLOSSARY)
    terms = []
    for item in data["terms"]:
        for pattern in item.get("forbidden", []):
            _compile(pattern, path, item)
        terms.append(
            Term(
                item[source],
                item[target],
                tuple(item.get("forbidden", [])),
                getattr(item, "line", 0) or 0,
            )
        )
    style = []
    for item in data.get("style", []):
        _compile(item["forbidden"], path, item)
        style.append(StyleRule(item["forbidden"], item["advice"], getattr(item, "line", 0) or 0))
    return Glossary(str(path), tuple(terms), tuple(style))


def _compile(pattern: str, path: Path, item: Any) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise GuideError(
            f"forbidden spelling {pattern!r} is not a valid regular expression: {exc}",
            path,
            getattr(item, "line", None),
            Kind.GLOSSARY,
        ) from None


# Inline markup of MyST that must survive translation unchanged (or in equal number).
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
# ](target), an autolink <scheme:...> (javascript: included) and a "[name]: target" definition.
_LINK_TARGET = re.compile(
    r"\]\(([^)\s]*)\)|<([A-Za-z][\w+.-]{0,31}:[^<>\s]*)>"
    r"|^[ \t]*\[[^\]\n]+\]:[ \t]*(\S+)",
    re.M,
)
# Raw HTML, which MyST publishes as is: a tag (with its attributes), a comment, a
# declaration or processing instruction.
_HTML = re.compile(r"</?[A-Za-z][\w-]*(?=[\s/>])[^<>]*>|<!--|<![A-Za-z\[]|<\?")
_SUBST = re.compile(r"\{\{.*?\}\}|%\([\w]+\)[sd]|\{[a-z_][\w]*\}|\|[\w-]+\|")
_STRONG = re.compile(r"\*\*")
_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~|:::)", re.M)


def _strip_code(text: str) -> str:
    return _ROLE.sub(" ", CODE_SPAN.sub(" ", text))


def markup_tokens(text: str) -> dict[str, Counter[str]]:
    """The tokens of ``text`` that a translation must reproduce."""
    prose = _strip_code(text)
    return {
        "inline code": Counter(m.group(0) for m in CODE_SPAN.finditer(_ROLE.sub(" ", text))),
        "role": Counter(m.group(0) for m in _ROLE.finditer(text)),
        "link target": Counter(a or b or c for a, b, c in _LINK_TARGET.findall(text)),
        # A translator adds no HTML (a <script>, an <img onerror=...>): what the
        # source has, the translation has, attributes and all.
        "HTML": Counter(_HTML.findall(prose)),
        "variable": Counter(_SUBST.findall(prose)),
        "bold": Counter({"**": len(_STRONG.findall(prose))}),
        "version": Counter(VERSION.findall(prose)),
        # A message is one paragraph, title or cell: a blank line or a fence in a
        # translation starts a block that the build would drop.
        "block": Counter({"blank line": text.count("\n\n")} if "\n\n" in text else {})
        + Counter(m.group(1) for m in _FENCE_LINE.finditer(text)),
    }


def _string(message: Message) -> str:
    value = message.string
    return "\n".join(value) if isinstance(value, (list, tuple)) else str(value or "")


def check_complete(catalog: Catalog, path: str) -> list[Finding]:
    findings = []
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        if message.fuzzy:
            findings.append(
                Finding(
                    path,
                    line,
                    "fuzzy",
                    f"fuzzy entry {_short(message)}: "
                    "review the translation and remove the fuzzy flag",
                )
            )
        elif not _string(message):
            findings.append(
                Finding(path, line, "untranslated", f"untranslated entry {_short(message)}")
            )
    return findings


def check_markup(catalog: Catalog, path: str) -> list[Finding]:
    findings = []
    for message in catalog:
        text = _string(message)
        if not message.id or not text:
            continue
        source, target = markup_tokens(str(message.id)), markup_tokens(text)
        for kind, expected in source.items():
            got = target[kind]
            if kind == "bold":
                if got["**"] % 2:
                    findings.append(
                        Finding(
                            path,
                            message.lineno or 0,
                            "markup",
                            f"unbalanced ** in the translation of {_short(message)}",
                        )
                    )
                continue
            if got != expected:
                missing = sorted((expected - got).elements())
                extra = sorted((got - expected).elements())
                detail = "; ".join(
                    part
                    for part in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"unexpected {', '.join(extra)}" if extra else "",
                    )
                    if part
                )
                findings.append(
                    Finding(
                        path,
                        message.lineno or 0,
                        "markup",
                        f"{kind} differs from the source text ({detail}) in {_short(message)}",
                    )
                )
    return findings


def check_variants(catalog: Catalog, path: str) -> list[Finding]:
    """Messages that differ only by version numbers are translated alike.

    ``guidekit i18n update`` fills such variants from one translation; when a
    reviewer later edits one of them, the others must follow.
    """
    groups: dict[str, list[Message]] = {}
    for message in catalog:
        if message.id and _string(message) and not message.fuzzy:
            groups.setdefault(version_key(str(message.id)), []).append(message)
    findings = []
    for group in groups.values():
        base, *others = sorted(group, key=lambda m: m.lineno or 0)
        for other in others:
            expected = substitute_versions(str(base.id), _string(base), str(other.id))
            if expected is not None and expected != _string(other):
                findings.append(
                    Finding(
                        path,
                        other.lineno or 0,
                        "variant",
                        f"translated differently from line {base.lineno}, a "
                        f"message that differs only by version numbers: "
                        f"expected {expected!r}",
                    )
                )
    return findings


def check_glossary(catalog: Catalog, path: str, glossary: Glossary) -> list[Finding]:
    """Glossary terms are translated as the glossary says; no forbidden spelling."""
    findings = []
    # Longest terms first, so "Red Hat Virtualization Host" is not checked as "host".
    terms = sorted(glossary.terms, key=lambda t: -len(t.source))
    forbidden = glossary.forbidden()
    for message in catalog:
        text = _string(message)
        if not message.id or not text or message.fuzzy:
            continue
        line = message.lineno or 0
        source = _strip_code(str(message.id))
        target = _strip_code(text)
        for term in terms:
            if term.pattern.search(source):
                source = term.pattern.sub(" ", source)
                if term.target not in target:
                    findings.append(
                        Finding(
                            path,
                            line,
                            "glossary",
                            f"{term.source!r} must be translated as "
                            f"{term.target!r} "
                            f"(glossary) in {_short(message)}",
                        )
                    )
        for pattern, term in forbidden:
            match = pattern.search(target)
            if match:
                findings.append(
                    Finding(
                        path,
                        line,
                        "forbidden",
                        f"{match.group(0)!r} is a forbidden spelling; write {term.target!r}",
                    )
                )
        for rule in glossary.style:
            # Style rules see the markup (how a title is cited), not only the words.
            match = re.search(rule.pattern, text)
            if match:
                findings.append(Finding(path, line, "style", f"{match.group(0)!r}: {rule.advice}"))
    return findings


def check_formats(catalog: Catalog, path: str) -> list[Finding]:
    """Babel's own checks (printf-style placeholders), for machines without msgfmt."""
    findings = []
    for message, errors in catalog.check():
        for error in errors:
            findings.append(Finding(path, message.lineno or 0, "format", str(error)))
    return findings


def check_msgfmt(path: Path, name: str | None = None) -> list[Finding]:
    """``msgfmt --check`` over the catalog (GNU gettext), findings mapped to lines;
    ``name`` is how findings call the file (default: ``path``)."""
    name = name or str(path)
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [
            Finding(
                name,
                0,
                "tool",
                "msgfmt not found: install GNU gettext "
                "(.ci/install-l10n-deps, or apt-get install gettext)",
            )
        ]
    proc = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = []
    for raw in proc.stderr.splitlines():
        match = re.match(r"(.+?):(\d+): (.*)", raw)
        if match:
            findings.append(Finding(name, int(match.group(2)), "msgfmt", match.group(3)))
        elif proc.returncode and raw.strip() and "fatal errors" not in raw:
            findings.append(Finding(name, 0, "msgfmt", raw.strip()))
    if proc.returncode and not findings:
        findings.append(Finding(name, 0, "msgfmt", "msgfmt --check failed"))
    return findings


def forbidden_in_text(text: str, glossary: Glossary) -> list[tuple[str, Term]]:
    """Forbidden spellings in running text (the built Japanese pages)."""
    return [(m.group(0), t) for p, t in glossary.forbidden() for m in p.finditer(text)]


def _short(message: Message) -> str:
    text = str(message.id)
    return repr(text if len(text) <= 60 else text[:57] + "...")
