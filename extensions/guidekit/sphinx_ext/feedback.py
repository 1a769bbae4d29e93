"""The reader-feedback link in every page's footer (``guidekit_feedback_url``).

When conf.py gives an address template, every page read from a source (guide
pages, the home page, the upgrade helper; not the search page) gets
"Report a problem with this page" in its footer, to the template filled in for
the page (:mod:`guidekit.model.feedback`); the one-page edition of a guide gets
its own address (:mod:`.single_page`). Without a template there is no link and no
markup. The extension's ``page.html`` (``templates/``) adds it to the theme's
footer block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guidekit.l10n.messages import N_, _
from guidekit.model import naming
from guidekit.model.feedback import feedback_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The link's text, in the build language.
LABEL = N_("Report a problem with this page")


def feedback_link(app: Sphinx, pagename: str, title: str, target: str = "") -> str:
    """The feedback address of a page (empty without a template): ``target`` is its
    file in the build language's folder (default: the page's own)."""
    template: str = app.config.guidekit_feedback_url
    if not template:
        return ""
    language = app.config.language or "en"
    parsed = naming.parse_docname(pagename)
    return feedback_url(
        template,
        title=title,
        path=f"{language}/{target or app.builder.get_target_uri(pagename)}",
        guide=parsed[0] if parsed else "",
        language=language,
    )


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or not app.config.guidekit_feedback_url:
        return  # the search page, an index: no page to report on
    title = app.env.titles.get(pagename)
    text = title.astext().strip() if title is not None else pagename
    context["guidekit_feedback"] = {
        "url": feedback_link(app, pagename, text),
        "label": _(LABEL),
    }


def setup_feedback(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
