extensions = ["myst_parser", "sphinx_tabs.tabs", "sphinx_copybutton", "guidekit"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "procedures"]
myst_enable_extensions = ["colon_fence"]
guidekit_manifest = "guides.yaml"
guidekit_procedures = "procedures"
guidekit_versions = "versions.yaml"
copybutton_selector = "div.guidekit-command pre"
