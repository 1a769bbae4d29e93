"""sphinx-copybutton: its tooltips in the build language.

sphinx-copybutton knows a few languages, not Japanese, and takes no texts
from a catalog. Its script (``copybutton.js_t``) keeps the texts in a
top-level ``messages`` table, picks ``locale`` from the page's language
when it loads, and bakes two texts into the ``iconCopy`` and ``iconCheck``
SVG strings; the buttons are added later, on ``DOMContentLoaded``. The
script of :func:`texts_script`, loaded right after it, adds the build
language's texts to those globals.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from guidekit.compat import Tested

TESTED = Tested("sphinx-copybutton", "0.5.2", "0.6", "copybutton")

#: The keys of the script's ``messages`` table, with the English texts.
COPYBUTTON = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
#: The script's top-level names that :func:`texts_script` changes.
GLOBALS = ("messages", "locale", "iconCopy", "iconCheck")
#: Right after copybutton's own script (added with the default priority, 500).
PRIORITY = 501


def _js(value: object) -> str:
    # JSON is JavaScript; "<" escaped so that no text can end the <script> element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def texts_script(texts: Mapping[str, str]) -> str:
    """JavaScript that gives sphinx-copybutton ``texts`` (keyed as :data:`COPYBUTTON`)
    for the page's language. The tooltips take the texts as attribute values;
    the icons are markup, so their titles are escaped."""
    titles = {key: html.escape(text, quote=False) for key, text in texts.items()}
    return (
        "(function (texts, titles, english) {"
        "if (typeof messages === 'undefined') { return; }"
        "var lang = document.documentElement.lang; messages[lang] = texts; locale = lang;"
        "Object.keys(texts).forEach(function (key) {"
        "var from = '<title>' + english[key] + '</title>', to = '<title>' + titles[key] + "
        "'</title>'; iconCopy = iconCopy.split(from).join(to);"
        "iconCheck = iconCheck.split(from).join(to); });"
        f"}}({_js(dict(texts))}, {_js(titles)}, {_js(COPYBUTTON)}));"
    )


def check_copybutton() -> None:
    """The shape of sphinx-copybutton that this module relies on."""
    import importlib
    import inspect
    import re
    from pathlib import Path

    module = importlib.import_module("sphinx_copybutton")
    script = (Path(str(module.__file__)).parent / "_static" / "copybutton.js_t").read_text("utf-8")
    TESTED.require(
        re.search(r"^const messages = \{", script, re.M) is not None,
        "copybutton.js_t has no top-level 'messages' table",
    )
    for key, text in COPYBUTTON.items():
        TESTED.require(f"'{key}': '{text}'" in script, f"'messages' has no {key!r}")
    for name in ("locale", "iconCopy", "iconCheck"):
        TESTED.require(
            re.search(rf"^let {name}\b", script, re.M) is not None,
            f"copybutton.js_t has no top-level 'let {name}'",
        )
    for key in ("copy_success", "copy_to_clipboard"):
        TESTED.require(
            f"<title>${{messages[locale]['{key}']}}</title>" in script,
            f"the icons no longer take their title from messages[locale][{key!r}]",
        )
    TESTED.require("DOMContentLoaded" in script, "copybutton adds its buttons at load time")
    # Its script is added with the default priority (500), so ours (501) runs after it.
    TESTED.require(
        'app.add_js_file("copybutton.js")' in inspect.getsource(module.setup),
        "copybutton.js is no longer added with the default priority",
    )
