"""The guides' catalog outside a page's reading: text the extension places once
every page is read (the helper's labels, where a pre-flight entry applies) is
translated here as Sphinx's i18n transform translates a page's own text."""

from __future__ import annotations

import os
from collections.abc import Callable
from os import path
from typing import TYPE_CHECKING

from sphinx.locale import init as init_locale
from sphinx.util.i18n import docname_to_domain

if TYPE_CHECKING:
    from sphinx.config import Config


def content_translator(
    config: Config, srcdir: str | os.PathLike[str], docname: str | None = None
) -> Callable[[str], str]:
    """Translate content text through the catalog of ``docname`` (default: the
    root document's; with ``gettext_compact`` naming one catalog, every page's)."""
    domain = docname_to_domain(docname or config.root_doc, config.gettext_compact)
    dirs = [path.join(srcdir, d) for d in config.locale_dirs]
    catalog, found = init_locale(dirs, config.language, domain)
    return catalog.gettext if found else str
