"""The pre-flight list of each guide in ``guidekit checklist`` and the upgrade helper.

The list is the one on the guides' front pages, from the same model function
(:func:`guidekit.model.flow.preflight.start_requirements`): what must be true
before step 1, each with how to check it. Here it becomes plain data, each entry
with where it applies (a ``when:`` like a step's, and the manifest's words for it)
so that a checklist for one environment lists only what applies there. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from guidekit.model.flow.preflight import StartRequirement
from guidekit.model.manifest import Facts, Manifest

#: A MyST role in a check's text: {menuselection}`Compute --> Hosts`.
_ROLE = re.compile(r"\{[a-z][\w:-]*\}`([^`]*)`")
#: Between the items of a menu selection, as Sphinx shows it.
MENU_ARROW = " \u2023 "


def inline_text(text: str) -> str:
    """A check's text as a reader sees it, in Markdown: a role's content (a menu
    selection with ``‣`` between its items); inline code stays code."""
    return _ROLE.sub(lambda m: m.group(1).replace(" --> ", MENU_ARROW), " ".join(text.split()))


def preflight_data(
    requirements: Iterable[StartRequirement],
    manifest: Manifest,
    translate: Callable[[str], str] = lambda text: text,
) -> list[dict[str, Any]]:
    """A guide's pre-flight list as plain data (JSON), in the language of
    ``translate`` (the guides' catalog): the check's text, its command after the
    prompt of its machine, where it applies (``when``: condition -> values) and the
    manifest's words for that (``conditions``)."""
    data = []
    for requirement in requirements:
        check = requirement.check
        machine = manifest.machines.get(check.machine or "")
        data.append(
            {
                "state": requirement.state,
                "text": inline_text(translate(check.text)),
                "command": check.command or "",
                "prompt": machine.prompt if machine and check.command else "",
                "machine": translate(machine.caption) if machine and check.command else "",
                "when": {name: list(values) for name, values in requirement.conditions().items()},
                "conditions": [
                    translate(label) for label in requirement.condition_labels(manifest)
                ],
            }
        )
    return data


def applying(data: Iterable[dict[str, Any]], facts: Facts) -> list[dict[str, Any]]:
    """The entries whose conditions hold for the environment (``facts``)."""
    return [
        entry
        for entry in data
        if all(facts.get(name) in allowed for name, allowed in entry["when"].items())
    ]


def preflight_markdown(
    entries: list[dict[str, Any]],
    title: str,
    intro: str,
    only_label: str,
    separator: str = ", ",
) -> list[str]:
    """The lines of a "Before you start" task list (none without entries): each
    check with where it applies and its command in a code block."""
    if not entries:
        return []
    lines = [f"### {title}", "", intro, ""]
    for entry in entries:
        where = (
            f" *({only_label} {separator.join(entry['conditions'])})*"
            if entry["conditions"]
            else ""
        )
        lines.append(f"- [ ] {entry['text']}{where}")
        if entry["command"]:
            lines += [
                "",
                f"  *{entry['machine']}*",
                "",
                "  ```",
                f"  {entry['prompt']} {entry['command']}",
                "  ```",
                "",
            ]
    if lines[-1] != "":
        lines.append("")
    return lines
