"""The rule families.  Importing this package registers every rule."""

from . import (  # noqa: F401
    continuation,
    data,
    drift,
    markers,
    options,
    patterns,
    prompts,
    syntax,
    versions,
)
