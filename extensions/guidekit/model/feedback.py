"""The reader-feedback link of every page: ``guidekit_feedback_url`` in conf.py.

The setting is an address template, for instance a bug tracker's "new issue"
form with the summary filled in::

    https://tracker.example.com/new?summary={title}&page={path}

:func:`template_problem` says what is wrong with a template (checked once, when
the settings are read); :func:`feedback_url` fills one in for a page, each value
URL-encoded, so a title with ``&`` or Japanese text cannot break the address.
Pure: no Sphinx.
"""

from __future__ import annotations

import string
from urllib.parse import quote, urlsplit

#: The placeholders a template may use, and what each is filled with.
PLACEHOLDERS = {
    "title": "the page's title",
    "path": "the page's path in the published site, `en/guides/<guide>/<page>.html`",
    "guide": "the guide's id, empty outside a guide",
    "language": "the page's language code",
}
#: Characters an address cannot hold as they are: the template must encode them.
_UNSAFE = frozenset(' "<>\\^`|\t\n\r')


def placeholder_names() -> str:
    """``{title}, {path}, {guide}, {language}``: for messages and the reference."""
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def template_problem(template: str) -> str | None:
    """Why ``template`` is not a usable feedback address template, or None.

    Empty is fine (no link). Otherwise it must be an http or https address with a
    host, use only :data:`PLACEHOLDERS` (no format specs, ``{{``/``}}`` for a
    literal brace) and hold no character that an address must encode."""
    if not template:
        return None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return f"an address template with balanced braces (placeholders: {placeholder_names()})"
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return (
                f"an address template with only the placeholders {placeholder_names()}; "
                f"{{{name}}} is not one of them"
            )
        if spec or conversion:
            return f"an address template whose placeholders are plain ({{{name}}})"
    sample = feedback_url(template, title="t", path="p", guide="g", language="l")
    unsafe = sorted(_UNSAFE.intersection(sample))
    if unsafe:
        return f"an address with no {unsafe[0]!r} in it (write it URL-encoded, e.g. %20)"
    parts = urlsplit(sample)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "an http:// or https:// address with a host"
    return None


def feedback_url(template: str, *, title: str, path: str, guide: str, language: str) -> str:
    """``template`` with each placeholder replaced by its value, URL-encoded."""
    values = {"title": title, "path": path, "guide": guide, "language": language}
    return template.format_map({name: quote(value, safe="") for name, value in values.items()})
