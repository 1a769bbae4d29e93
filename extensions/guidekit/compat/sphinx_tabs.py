"""sphinx-tabs internals guidekit relies on.

- Whether a ``{tab}`` stands inside a ``{tabs}`` block: sphinx-tabs keeps its
  open blocks in ``env.temp_data["tabs_stack"]`` and crashes with a
  traceback on a tab outside one; guidekit reports it as a file:line error.
- The label of the tab just parsed: sphinx-tabs keeps the tab buttons in
  ``env.temp_data["tabs_<id>"]["tab_titles"]`` as ``(id, button)`` pairs and
  the label as bare text in the button, which Sphinx's i18n transform never
  visits (sphinx-tabs issue 137); guidekit replaces it with a node that is
  translated.
- The tab list's ``aria-label="Tabbed content"``, written in English without
  ``_()``: translated in the rendered page of a translated build.
"""

from __future__ import annotations

import html
from collections.abc import Callable, MutableMapping
from typing import Any

from guidekit.compat import Tested

TESTED = Tested("sphinx-tabs", "3.4.5", "3.6", "sphinx_tabs")

#: The tab list's label, which sphinx-tabs writes in English.
TABS_LABEL = "Tabbed content"


def inside_tabs(temp_data: MutableMapping[str, Any]) -> bool:
    """Whether a ``{tabs}`` block is open."""
    return bool(temp_data.get("tabs_stack"))


def last_tab_button(temp_data: MutableMapping[str, Any]) -> Any | None:
    """The button node of the tab just parsed, or None."""
    stack = temp_data.get("tabs_stack")
    if not isinstance(stack, list) or not stack:
        return None
    tabs = temp_data.get(f"tabs_{stack[-1]}")
    titles = tabs.get("tab_titles") if isinstance(tabs, dict) else None
    if not titles:
        return None
    return titles[-1][1]


def translate_tabs_label(markup: str, gettext: Callable[[str], str]) -> str:
    """The tab lists' English label in a rendered page, translated (pure)."""
    return markup.replace(
        f'aria-label="{TABS_LABEL}"', f'aria-label="{html.escape(gettext(TABS_LABEL))}"'
    )


def check_sphinx_tabs() -> None:
    """The shape of sphinx-tabs that this module relies on."""
    import inspect

    from sphinx_tabs import tabs

    source = inspect.getsource(tabs)
    TESTED.require('temp_data["tabs_stack"]' in source, "no tabs_stack in env.temp_data")
    TESTED.require('"tab_titles"' in source, "no tab_titles in a tabs block's temp_data")
    TESTED.require(f'"{TABS_LABEL}"' in source, f"the tab list is not labelled {TABS_LABEL!r}")
    TESTED.require(
        'f"tabs_{' in source or '"tabs_" +' in source,
        "a tabs block's temp_data is no longer keyed tabs_<id>",
    )
