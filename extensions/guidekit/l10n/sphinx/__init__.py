"""The Sphinx side of translation: the hooks of a build, the search languages, the
theme's chrome, and the catalog workflow that runs Sphinx's gettext builder. The
rest of guidekit.l10n is pure (catalogs, checks, messages) and imports no Sphinx."""
