"""Option validation from the declarative specs (specs/*.yaml)."""

from __future__ import annotations

from collections.abc import Iterator

from cmdlint.argcheck import check_command
from cmdlint.model import Analysis, Severity
from cmdlint.registry import Context, Hit, rule
from cmdlint.specs import spec_for


@rule("option", "error", applies=["shell"])
def option(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """An unknown subcommand or option, a missing or invalid value, a missing argument,
    for the commands the guides use (engine-setup, hosted-engine, dnf, systemctl, ...).
    An unknown name is an error where the spec is ``complete: true`` or the name is a
    near miss of a known one; otherwise the spec may lack it, and it is a warning.

    Bad::

        # hosted-engine --set-maintenance --mode=globl
        # hosted-engine -deploy

    Good::

        # hosted-engine --set-maintenance --mode=global
        # hosted-engine --deploy
    """
    if analysis.category != "shell" or analysis.fragment:
        return
    for command in analysis.simple:
        words = command.words
        if words and words[0].value == "sudo":
            words = words[1:]
        name = words[0].value or "" if words and words[0].literal else ""
        extra = context.facts.spec_folders
        spec = spec_for(name.rsplit("/", 1)[-1], extra) if name else None  # /usr/share/.../x.sh
        if spec is None:
            continue
        for issue in check_command(spec, words[1:], extra):
            target = words[issue.word + 1] if issue.word >= 0 else words[0]
            severity = Severity.WARNING if issue.doubtful else None
            yield Hit(target.line, target.column, issue.message, severity=severity)
