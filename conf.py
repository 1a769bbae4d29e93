"""Sphinx configuration for all guides (both languages, one build per language)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "extensions"))

project = "Red Hat Virtualization Upgrade Guide"
author = "guidekit contributors (derived from the RHV documentation, CC BY-SA 3.0)"
copyright = "2026, guidekit contributors; content derived from Red Hat documentation, CC BY-SA 3.0"
release = "4.4"

extensions = [
    "myst_parser",
    "sphinx_tabs.tabs",
    "sphinx_copybutton",
    "guidekit",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "**/README.md"]

templates_path = ["source/_templates"]
html_static_path = ["source/_static"]
html_css_files = ["guidekit.css"]
html_theme = "furo"
html_title = "RHV Upgrade Guides"
# The pages are generated from procedures/: a page's own source is a stub.
html_show_sourcelink = False
html_copy_source = False
# Furo's credit line in English grammar ("@pradyunsg's Furo") has no translation.
html_show_sphinx = False
# The footer says when the guide was published (the build date; SOURCE_DATE_EPOCH
# fixes it for a reproducible build), the same ISO date in every language.
html_last_updated_fmt = "%Y-%m-%d"
# Furo's sidebar plus the language switch (guidekit.l10n.sphinx.hooks).
html_sidebars = {"**": [
    "sidebar/scroll-start.html", "sidebar/brand.html", "sidebar/search.html",
    "sidebar/languages.html", "sidebar/navigation.html", "sidebar/scroll-end.html",
]}

# "Report a problem with this page" in every page's footer: a new bug in Red Hat's
# Bugzilla against the product's documentation, its summary the page's title and
# its description the page's path, guide and language (see
# extensions/guidekit/SETTINGS.md for the placeholders; each is URL-encoded).
guidekit_feedback_url = (
    "https://bugzilla.redhat.com/enter_bug.cgi"
    "?product=Red%20Hat%20Enterprise%20Virtualization%20Manager"
    "&component=Documentation"
    "&short_desc={title}"
    "&comment=Page%3A%20{path}%0AGuide%3A%20{guide}%0ALanguage%3A%20{language}%0A%0A"
)

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0

# guidekit: where the manifest, procedures and version matrix live (relative to this file).
guidekit_manifest = "source/guides.yaml"
guidekit_procedures = "procedures"
guidekit_versions = "procedures/versions.yaml"

# The copy button copies commands only: prompt lines without the prompt,
# continuation lines kept, and never output or file blocks.
copybutton_selector = "div.guidekit-command pre"
copybutton_prompt_text = r"# "
copybutton_only_copy_prompt_lines = True
copybutton_line_continuation_character = "\\"

sphinx_tabs_disable_tab_closing = True

# Translations (see locales/README.md): one catalog for all guides, so a
# sentence shared by several guides is translated once.
language = "en"
guidekit_languages = ["en", "ja"]
locale_dirs = ["../locales/"]
gettext_compact = "guides"
gettext_uuid = False
# Never translate literal blocks: commands stay byte-identical, and the
# literal-block target breaks MyST code blocks (MyST-Parser issue 444).
gettext_additional_targets: list[str] = []

# -- LaTeX / PDF (tox -e pdf; see guidekit/pdf/latex.py and pdf/preamble.py) ---
# guidekit fills latex_documents (one PDF per guide of the manifest) and the
# layout defaults (title page, long commands wrapped, Japanese fonts embedded);
# keys given in latex_elements here override those defaults.
guidekit_latex = True
latex_show_urls = "footnote"
