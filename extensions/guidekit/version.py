"""The version of guidekit, written once: extensions/pyproject.toml and --version read it."""

__version__ = "0.2.0"
