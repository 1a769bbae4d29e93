"""What a step page tells the administrator: at its start, when something is down;
at its end, how to check that the step worked, and how to go back.

A procedure declares it in its front matter (see procedures/README.md):

    verify:
      - check: The Manager virtual machine is up and the Manager is healthy.
        command: hosted-engine --vm-status
        machine: she-node
        expect: '"health": "good"'
    rollback:
      way-back: Until ..., start the old Manager again ...
      point-of-no-return: engine-setup on the new machine starts the new Manager.
    downtime:
      manager: From the backup until engine-setup on the new machine completes.

(``manager`` is one of the things the manifest's ``downtime:`` declares, with what
stops working while it is down.)

Pure: front-matter data in, plain objects and MyST text out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind
from guidekit.model.yamldata import line_of

_TEXT = {"type": "string", "minLength": 1}

#: The front-matter keys (merged into the procedure front-matter schema).
SCHEMA_PROPERTIES: dict[str, Any] = {
    "verify": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["check"],
            "additionalProperties": False,
            "properties": {
                "check": _TEXT,
                "command": _TEXT,
                "machine": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                "expect": _TEXT,
            },
            "dependentRequired": {
                "command": ["machine"],
                "machine": ["command"],
                "expect": ["command"],
            },
        },
    },
    # What the step takes away (a name the manifest's downtime: declares) -> when.
    "downtime": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": "^[a-z][a-z0-9-]*$"},
        "additionalProperties": _TEXT,
    },
    "rollback": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {"way-back": _TEXT, "point-of-no-return": _TEXT},
    },
}


@dataclass(frozen=True)
class Check:
    """One way to see that the step worked: a sentence, and a command with its output."""

    text: str
    line: int
    command: str = ""
    machine: str = ""
    expect: str = ""


@dataclass(frozen=True)
class PhaseChecks:
    """A procedure's verification and rollback declarations (empty when it has none)."""

    verify: tuple[Check, ...] = ()
    way_back: str = ""
    no_return: str = ""
    line: int = 1
    #: What the step takes away (a name of the manifest's ``downtime:``) and when,
    #: shown at the start of its page.
    downtime: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.verify or self.way_back or self.no_return or self.downtime)


def parse_checks(
    data: dict[str, Any], path: str | Path, machines: frozenset[str] = frozenset()
) -> PhaseChecks:
    """The declarations of validated front matter; an unknown machine is an error."""
    checks = []
    for item in data.get("verify") or []:
        line = line_of(item, "check", line_of(data, "verify", 1))
        machine = str(item.get("machine", ""))
        if machine and machines and machine not in machines:
            raise GuideError(
                f"verify: unknown machine {machine!r} (known: {', '.join(sorted(machines))})",
                path,
                line_of(item, "machine", line),
                Kind.FRONT_MATTER,
            )
        if "\n" in str(item.get("command", "")):
            raise GuideError(
                "verify: give one command per check",
                path,
                line_of(item, "command", line),
                Kind.FRONT_MATTER,
            )
        checks.append(
            Check(
                str(item["check"]).strip(),
                line,
                str(item.get("command", "")),
                machine,
                str(item.get("expect", "")).strip(),
            )
        )
    rollback = data.get("rollback") or {}
    return PhaseChecks(
        tuple(checks),
        str(rollback.get("way-back", "")).strip(),
        str(rollback.get("point-of-no-return", "")).strip(),
        line_of(data, "verify", line_of(data, "rollback", line_of(data, "downtime", 1))),
        tuple(
            (str(name), str(when).strip()) for name, when in (data.get("downtime") or {}).items()
        ),
    )


def verify_markdown(checks: PhaseChecks, prompts: Mapping[str, str] | None = None) -> str:
    """The checks as a MyST bullet list, each with its command (after the prompt of
    its machine, ``prompts``: machine -> ``#``/``$``) and expected output."""
    parts = []
    for check in checks.verify:
        item = [f"- {_indent(check.text, 2).lstrip()}"]
        if check.command:
            prompt = (prompts or {}).get(check.machine, "#")
            item += [
                "",
                f"  ```{{command}} {check.machine}",
                f"  {prompt} {check.command}",
                "  ```",
            ]
        if check.expect:
            item += ["", "  ```{output}", _indent(check.expect, 2), "  ```"]
        parts.append("\n".join(item))
    return "\n\n".join(parts) + "\n"


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line else line for line in text.splitlines())
