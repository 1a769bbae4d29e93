"""Sphinx configuration of the Tinyshop upgrade guides (a guidekit example project).

`guidekit init DIR` copies this project as a starting point: rename the product in
source/guides.yaml, replace the procedures, the version matrix and its schema, and
build with `guidekit build`.
"""

from __future__ import annotations

project = "Tinyshop Upgrade Guides"
author = "The Tinyshop team"
copyright = "2026, The Tinyshop team"
release = "2.0"

extensions = ["myst_parser", "sphinx_tabs.tabs", "sphinx_copybutton", "guidekit"]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "**/README.md"]
html_theme = "alabaster"
html_title = "Tinyshop Upgrade Guides"
html_show_sourcelink = False
# The language switch (a template guidekit ships) in the theme's sidebar.
html_sidebars = {"**": ["about.html", "sidebar/languages.html", "navigation.html",
                        "searchfield.html"]}
html_copy_source = False

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0

# guidekit: where the manifest, procedures and version matrix live (relative to this file).
guidekit_manifest = "source/guides.yaml"
guidekit_procedures = "procedures"
guidekit_versions = "procedures/versions.yaml"
guidekit_states = "procedures/states.yaml"

# The copy button copies commands without their prompt: "$ " on the application
# server (a user with sudo), "# " on the database server (root).
copybutton_selector = "div.guidekit-command pre"
copybutton_prompt_text = r"[$#] "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_line_continuation_character = "\\"

# Translations: English is the source language, German has catalogs in locales/.
language = "en"
guidekit_languages = ["en", "de"]
locale_dirs = ["../locales/"]
gettext_compact = "guides"
gettext_uuid = False
gettext_additional_targets: list[str] = []
