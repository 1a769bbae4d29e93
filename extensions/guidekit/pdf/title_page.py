"""The facts on each guide's title page: topology, upgrade path, language, date,
the note on wrapped code lines and the links to the web edition, as LaTeX macros
that fill in the title page of the preamble (guidekit.pdf.preamble)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import PurePosixPath

from babel import UnknownLocaleError
from babel.dates import format_date

from guidekit.l10n.messages import N_, _, language_name
from guidekit.model.manifest import Guide
from guidekit.pdf.preamble import tex_escape


def build_date() -> date:
    """The day of the build: ``SOURCE_DATE_EPOCH`` (UTC) for a reproducible build,
    else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(float(epoch), tz=UTC).date()
    return date.today()


def pdf_date(language: str, day: date) -> str:
    """The title page's date as LaTeX: the language's long form (CLDR, through
    Babel), unpadded: ``December 5, 2026``, ``2026年12月5日`` (in Japanese without
    the space upLaTeX would add between digits and 年月日)."""
    try:
        text = format_date(day, "long", locale=language)
    except (UnknownLocaleError, ValueError):
        text = format_date(day, "long", locale="en")
    text = tex_escape(text, "uplatex" if language == "ja" else "pdflatex")
    if language == "ja":
        return rf"\mbox{{\noautoxspacing {text}}}"
    return text


def path_text(guide: Guide, product: str) -> str:
    """The upgrade path as the title page shows it: ``<product> 4.3 → 4.4``,
    ``<product> 4.4.z`` (``product``: the manifest's product name)."""
    if guide.from_version == guide.to_version:
        return f"{product} {guide.to_version}.z"
    return f"{product} {guide.from_version} \u2192 {guide.to_version}"


#: The note on the title page that explains the mark of a wrapped code line
#: (there, it moves no page of the guide).
WRAP_MARK = N_(
    "A line of a code block that starts with {mark} continues the line above it: "
    "the page was too narrow for one line. Type or copy the two as one line."
)

#: ... and, when that line ends with the red mark of a blank, what it means.
WRAP_SPACE = N_(
    "When the line above ends with {space}, it was broken at a blank: "
    "type one space between the two."
)


#: The title page's links to the web edition of the guide and to the upgrade helper.
WEB_GUIDE = N_("This guide on the web (HTML)")
WEB_HELPER = N_("The upgrade helper: the steps for your environment")
#: The title page's link for reporting a problem (``guidekit_feedback_url``).
REPORT_PROBLEM = N_("Report a problem with this guide")


#: The note above each alternative (a tab in HTML) of the PDF.
ALTERNATIVE = N_("Alternative: do this only if it applies to you")


def after_sentence(text: str) -> str:
    """What follows ``text`` before the next sentence: a blank, but nothing after
    a full-width stop or colon (``。``, ``：``)."""
    return "" if unicodedata.east_asian_width(text[-1:] or " ") in "WF" else " "


def web_url(page: str, language: str, pdf_folder: PurePosixPath, baseurl: str = "") -> str:
    """The address of the HTML file ``page`` (``guides/<id>/index.html``) of
    ``language`` from a PDF in ``pdf_folder`` (relative to the site's root): relative,
    so that it works wherever the site is served, or absolute from ``baseurl``
    (``html_baseurl``: where the site, with its ``<lang>/`` folders, is served)."""
    path = f"{language}/{page}"
    if baseurl:
        return baseurl.rstrip("/") + "/" + path
    return "../" * len(pdf_folder.parts) + path


def _href(url: str, text: str, engine: str) -> str:
    """``\\href`` that survives being stored in a macro (``#``, ``%``, ``~``)."""
    url = url.replace("%", r"\%").replace("#", r"\#").replace("~", r"\%7E")
    return rf"\href{{{url}}}{{{tex_escape(text, engine)}}}"


def title_macros(
    guide: Guide,
    topology_label: str,
    language: str,
    engine: str,
    product: str,
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """LaTeX that fills in one document's title page facts (and its translated notes);
    ``links``: (text, URL) of the web pages it names."""
    values = {
        "guidekittopology": topology_label,
        "guidekitpath": path_text(guide, product),
        "guidekitlanguage": language_name(language),
        "guidekitalternative": _(ALTERNATIVE),
    }
    before, _sep, after = _(WRAP_MARK).partition("{mark}")
    note = tex_escape(before, engine) + r"\guidekitcontinuedmark{}" + tex_escape(after, engine)
    before, _sep, after = _(WRAP_SPACE).partition("{space}")
    note += (
        after_sentence(_(WRAP_MARK))
        + tex_escape(before, engine)
        + r"\guidekitspacemark{}"
        + tex_escape(after, engine)
    )
    web = r"\\".join(_href(url, text, engine) for text, url in links)
    return (
        "".join(
            rf"\renewcommand{{\{name}}}{{{tex_escape(value, engine)}}}" + "\n"
            for name, value in values.items()
        )
        + rf"\renewcommand{{\guidekitwrapnote}}{{{note}}}"
        + "\n"
        + rf"\renewcommand{{\guidekitweblinks}}{{{web}}}"
        + "\n"
    )
