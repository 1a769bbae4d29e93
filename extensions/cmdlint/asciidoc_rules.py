"""The rules of the AsciiDoc reader (:mod:`cmdlint.asciidoc` reports their findings).

Registered here, apart from the reader, so that listing the rules or linting
Markdown does not load the AsciiDoc reader.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdlint.registry import Context, Hit, rule


@rule("asciidoc-attribute", "warning")
def asciidoc_attribute(analysis: object, context: Context) -> Iterator[Hit]:
    """An AsciiDoc attribute defined nowhere in the documentation set (reported once, where
    it is first used), or referenced in a block whose ``subs`` do not replace attributes
    (the reader sees ``{name}`` literally: an error).

    Bad::

        [options="nowrap" subs="normal"]
        ----
        # systemctl restart {engine-service}
        ----

    Good::

        :engine-service: ovirt-engine

        [options="nowrap" subs="normal"]
        ----
        # systemctl restart {engine-service}
        ----
    """
    return iter(())  # the AsciiDoc reader reports these


@rule("asciidoc-include", "error")
def asciidoc_include(analysis: object, context: Context) -> Iterator[Hit]:
    """An ``include::`` that includes itself through other files (a cycle: an error), or
    whose file does not exist (a warning).

    Bad::

        include::modules/con-upgrade.adoc[]   (and con-upgrade.adoc includes this file)

    Good::

        include::modules/con-upgrade.adoc[]
    """
    return iter(())  # the AsciiDoc reader reports these


@rule("asciidoc-replacement", "warning")
def asciidoc_replacement(analysis: object, context: Context) -> Iterator[Hit]:
    """A command in a block whose ``subs`` include ``replacements`` (``subs="normal"``):
    Asciidoctor turns ``--`` between spaces into an em dash, ``...`` into an ellipsis,
    ``it's`` into a typographic apostrophe, ``->``/``<=`` into arrows, and the reader
    copies those characters into the shell.

    Bad::

        [options="nowrap" subs="normal"]
        ----
        # scl enable rh-postgresql10 -- postgresql-setup --upgrade
        ----

    Good::

        [options="nowrap" subs="+quotes,+attributes"]
        ----
        # scl enable rh-postgresql10 -- postgresql-setup --upgrade
        ----
    """
    return iter(())  # the AsciiDoc reader reports these
