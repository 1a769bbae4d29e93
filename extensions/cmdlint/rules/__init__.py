"""The rule families.  Importing this package registers every rule."""

from collections.abc import Iterator

from cmdlint.model import Analysis
from cmdlint.registry import Context, Hit, rule
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


@rule("suppression", "error")
def suppression(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """An inline suppression without a reason, or naming an unknown rule (the engine checks).

    Bad::

        <!-- cmdlint: disable=option -->

    Good::

        <!-- cmdlint: disable=option -- the option is new in 4.4.9, not in the spec yet -->
    """
    return iter(())
