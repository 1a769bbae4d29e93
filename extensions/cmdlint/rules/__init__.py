"""The rule families.  Importing this package registers every rule."""

from cmdlint.registry import external_rule
from cmdlint.rules import (  # noqa: F401
    continuation,
    data,
    drift,
    markers,
    options,
    patterns,
    prompts,
    proseversions,
    releases,
    splits,
    syntax,
    versions,
)

external_rule(
    "suppression",
    "error",
    """An inline suppression without a reason, or naming an unknown rule (the engine checks).

    Bad::

        <!-- cmdlint: disable=option -->

    Good::

        <!-- cmdlint: disable=option -- the option is new in 4.4.9, not in the spec yet -->
    """,
    family="meta",
)
