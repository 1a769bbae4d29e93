"""AsciiDoc inline substitutions, as Asciidoctor applies them to a listing block's text.

A listing or literal block gets the ``verbatim`` substitutions unless its ``subs``
attribute says otherwise; ``subs="normal"`` or ``"+quotes"`` or ``"attributes+"``
turn on the quote markup (``*bold*``, ``_placeholder_``, ``+literal+``) and the
attribute references (``{engine-name}``) that the reader sees.  cmdlint gives the
shell what the reader copies: the markup removed, an emphasised ``_word_`` as a
``<word>`` placeholder, attributes replaced, callouts (``<1>`` at the line end)
removed.  The patterns follow Asciidoctor's own (constrained and unconstrained).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

ALIASES = {
    "a": "attributes",
    "q": "quotes",
    "m": "macros",
    "r": "replacements",
    "p": "post_replacements",
    "c": "specialcharacters",
    "specialchars": "specialcharacters",
    "n": "normal",
    "v": "verbatim",
}
GROUPS = {
    "none": [],
    "normal": [
        "specialcharacters",
        "quotes",
        "attributes",
        "replacements",
        "macros",
        "post_replacements",
    ],
    "verbatim": ["specialcharacters", "callouts"],
}
KNOWN = {
    "specialcharacters",
    "quotes",
    "attributes",
    "replacements",
    "macros",
    "post_replacements",
    "callouts",
}

# A callout list at the end of a line, after an optional comment marker: <1>, <2> <3>, // <1>
CALLOUTS = re.compile(r"[ \t]*(?:(?://|#|--|;;) ?)?(?:\\?<!?(?:--)?(?:\d+|\.)(?:--)?>[ \t]*)+$")
ATTRIBUTE_REF = re.compile(r"(\\)?\{([A-Za-z0-9_][A-Za-z0-9_-]*)\}")
# Asciidoctor's inline passthroughs (+++x+++, ++x++, constrained +x+) and quotes.
PASS_TRIPLE = re.compile(r"\+\+\+(.+?)\+\+\+")
PASS_DOUBLE = re.compile(r"\+\+(.+?)\+\+")
PASS_SINGLE = re.compile(r"(^|[^\w;:\\\"'`}])\+(\S|\S.*?\S)\+(?!\w)")
PASS_MACRO = re.compile(r"pass:[a-z,]*\[(.*?)\]")
_C = r"(^|[^\w;:}])"  # what may precede constrained markup (a backslash escapes it)


def _placeholder(text: str) -> str:
    """Italic text in a command is a value to replace, ``<text>``; a placeholder that is
    written with its brackets already (``_<name>_``, ``__<token>__``) or a number
    (``_60_``) is shown as it is."""
    if re.fullmatch(r"[\d.,:]+", text) or ("<" in text and ">" in text):
        return text
    return f"<{text}>"


def _unconstrained(mark: str, placeholder: bool = False) -> QuoteSub:
    pattern = re.compile(r"(\\)?" + re.escape(mark) + r"(.+?)" + re.escape(mark))

    def replace(m: re.Match[str]) -> str:
        if m[1]:
            return m.group(0)[1:]  # escaped: the marks stay, the backslash goes
        return _placeholder(m[2]) if placeholder else m[2]

    return pattern, replace


def _constrained(
    mark: str, before: str = _C, after: str = r"(?!\w)", placeholder: bool = False
) -> QuoteSub:
    pattern = re.compile(
        before + r"(?:\[[^\]]+\])?" + re.escape(mark) + r"(\S|\S.*?\S)" + re.escape(mark) + after
    )

    def replace(m: re.Match[str]) -> str:
        if m[1] == "\\":
            return m.group(0)[1:]
        return m[1] + (_placeholder(m[2]) if placeholder else m[2])

    return pattern, replace


QuoteSub = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
QUOTES: list[QuoteSub] = [
    _unconstrained("**"),
    _constrained("*"),
    _unconstrained("``"),
    _constrained("`", r"(^|[^\w;:\"'`}])", r"(?![\w\"'`])"),
    _unconstrained("__", placeholder=True),
    _constrained("_", placeholder=True),
    _unconstrained("##"),
    _constrained("#", r"(^|[^\w&;:}])"),
]
# Attributes that Asciidoctor defines itself (characters and document facts).
BUILTIN = {
    "amp": "&",
    "apos": "'",
    "asterisk": "*",
    "backslash": "\\",
    "backtick": "`",
    "blank": "",
    "brvbar": "\u00a6",
    "caret": "^",
    "cpp": "C++",
    "deg": "\u00b0",
    "empty": "",
    "endsb": "]",
    "gt": ">",
    "ldquo": "\u201c",
    "lsquo": "\u2018",
    "lt": "<",
    "nbsp": "\u00a0",
    "plus": "+",
    "pp": "++",
    "quot": '"',
    "rdquo": "\u201d",
    "rsquo": "\u2019",
    "sp": " ",
    "startsb": "[",
    "tilde": "~",
    "two-colons": "::",
    "two-semicolons": ";;",
    "vbar": "|",
    "wj": "\u2060",
    "zwsp": "\u200b",
}
INTRINSIC = {
    "docdir",
    "docfile",
    "docfilesuffix",
    "docname",
    "doctitle",
    "doctype",
    "docdate",
    "doctime",
    "docyear",
    "localdate",
    "localtime",
    "localyear",
    "outfilesuffix",
    "backend",
    "basebackend",
    "filetype",
    "asciidoctor",
    "asciidoctor-version",
    "safe-mode-name",
    "safe-mode-level",
    "imagesdir",
    "includedir",
    "toc",
    "context",
    "leveloffset",
    "revnumber",
    "revdate",
    "author",
    "email",
    "firstname",
    "lastname",
}


def resolve_subs(value: str | None, default: Iterable[str] = GROUPS["verbatim"]) -> set[str]:
    """The substitutions a ``subs`` attribute value switches on."""
    steps = list(default)
    if value is None:
        return set(steps)
    items = [item.strip() for item in value.split(",") if item.strip()]
    incremental = any(item[0] in "+-" or item.endswith("+") for item in items)
    result: list[str] = list(steps) if incremental else []
    for item in items:
        sign = "+" if item.endswith("+") else item[0] if item[0] in "+-" else "="
        name = item.strip("+-")
        name = ALIASES.get(name, name)
        names = GROUPS.get(name, [name])
        if sign == "-":
            result = [step for step in result if step not in names]
        else:
            result.extend(step for step in names if step not in result)
    return set(result) & KNOWN


# Asciidoctor's replacements (subs "replacements", part of "normal"), on the text as written
REPLACEMENTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:^| )--(?: |$)"), "an em dash"),
    (re.compile(r"(?<=\w)--(?=\w)"), "an em dash"),
    (re.compile(r"(?<!\.)\.\.\.(?!\.)"), "an ellipsis"),
    (re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z])"), "a typographic apostrophe"),
    (re.compile(r"\((?:C|R|TM)\)"), "a symbol"),
    (re.compile(r"(?<!-)->|=>|<-(?!-)|<="), "an arrow"),
]


def replacements(line: str) -> list[tuple[int, str, str]]:
    """(1-based column, text, what it becomes) for each typographic replacement that the
    ``replacements`` substitution makes in a line (escaped ones, ``\\--``, and those in
    ``+passthroughs+`` excluded)."""
    for pattern in (PASS_MACRO, PASS_TRIPLE, PASS_DOUBLE, PASS_SINGLE):
        line = pattern.sub(lambda m: "x" * len(m.group(0)), line)
    found = []
    for pattern, becomes in REPLACEMENTS:
        for match in pattern.finditer(line):
            start = match.start() + (match.group(0)[:1] == " ")
            if line[start - 1 : start] == "\\":
                continue
            found.append((start + 1, match.group(0).strip(), becomes))
    return sorted(found)


def strip_callouts(line: str) -> str:
    """The line without the callout markers at its end (``cmd --opt \\ <1>`` keeps the
    backslash, so the continuation still holds)."""
    if "<" not in line:
        return line
    return CALLOUTS.sub("", line)


def apply_quotes(line: str) -> str:
    """Remove quote markup and passthrough marks; ``_word_`` becomes ``<word>``."""
    if not any(mark in line for mark in "*_`#+"):
        return line
    kept: list[str] = []

    def protect(match: re.Match[str], group: int = 1) -> str:
        kept.append(match[group])
        return f"\x00{len(kept) - 1}\x00"

    line = PASS_MACRO.sub(protect, line)
    line = PASS_TRIPLE.sub(protect, line)
    line = PASS_DOUBLE.sub(protect, line)
    line = PASS_SINGLE.sub(lambda m: m[1] + protect(m, 2), line)
    for pattern, replace in QUOTES:
        line = pattern.sub(replace, line)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], line)


def substitute_attributes(
    line: str, lookup: Callable[[str], str | None], missing: Callable[[str, int], None]
) -> str:
    """Replace ``{name}`` by its value; an unknown name calls ``missing(name, column)`` and
    stays as written, as Asciidoctor leaves it (so a lost ``$`` is still seen)."""
    if "{" not in line:
        return line

    def replace(match: re.Match[str]) -> str:
        if match[1]:
            return match.group(0)[1:]  # \{name} is written literally
        name = match[2]
        if name.lower() in BUILTIN:
            return BUILTIN[name.lower()]
        value = lookup(name)
        if value is not None:
            return value
        if name.lower() not in INTRINSIC and not _placeholder_braces(line, match):
            missing(name, match.start() + 1)
        return match.group(0)

    return ATTRIBUTE_REF.sub(replace, line)


def _placeholder_braces(line: str, match: re.Match[str]) -> bool:
    """Braces that are no attribute reference, though they read like one: a shell
    variable (``${var}``), a REST path (``/robots/{name}``), a pattern
    (``{instance-name}-tier-{tier}``), a name no attribute has (``{model_name}``,
    ``{NAMESPACE}``).  Asciidoctor leaves an undefined one as written."""
    before = line[match.start() - 1 : match.start()] if match.start() else ""
    after = line[match.end() : match.end() + 1]
    name = match[2]
    return (
        before in {"$", "/", "-", ".", "{"}
        or after in {"-", "/", ".", "}"}
        or "_" in name
        or name != name.lower()
    )


def attribute_names(line: str) -> list[tuple[str, int]]:
    """The attribute references of a line (name, 1-based column), escaped ones left out."""
    return [(m[2], m.start() + 1) for m in ATTRIBUTE_REF.finditer(line) if not m[1]]
