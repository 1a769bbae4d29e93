"""Output formats: text, json, sarif (2.1.0), github (workflow commands), junit."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from urllib.parse import quote

from cmdlint.model import Finding
from cmdlint.ruleset import all_rules

TOOL_URI = "https://github.com/guidekit/guidekit"
# C0, DEL and C1 (U+009B starts a terminal sequence too).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``): a
    block's or a file name's ESC sequence must not reach the terminal, and a newline
    must not start a line a CI runner reads as a command (``::error ...``)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def as_text(findings: Sequence[Finding]) -> str:
    lines = [
        f"{printable(f.path)}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] "
        f"{printable(f.message)}"
        for f in findings
    ]
    counts = {
        s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")
    }
    lines.append(
        f"{len(findings)} finding(s): {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info"
    )
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding]) -> str:
    import json

    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def as_sarif(findings: Sequence[Finding]) -> str:
    import json

    rules = all_rules()
    ids = sorted({f.rule for f in findings} | set(rules))
    level = {"error": "error", "warning": "warning", "info": "note"}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cmdlint",
                        "informationUri": TOOL_URI,
                        "rules": [
                            {
                                "id": rule_id,
                                "shortDescription": {
                                    "text": rules[rule_id].summary if rule_id in rules else rule_id
                                },
                                "defaultConfiguration": {
                                    "level": level[rules[rule_id].severity.value]
                                    if rule_id in rules
                                    else "warning"
                                },
                            }
                            for rule_id in ids
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.rule,
                        "ruleIndex": ids.index(f.rule),
                        "level": level[f.severity.value],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": quote(f.path, safe="/")},
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                }
                            }
                        ],
                    }
                    for f in findings
                ],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _gh(text: str) -> str:
    """A workflow command's message (the escapes of GitHub's toolkit)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding]) -> str:
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    return "".join(
        f"::{kind[f.severity.value]} file={_gh_property(f.path)},line={f.line},"
        f"col={f.column},title={_gh_property(f'cmdlint {f.rule}')}::{_gh(f.message)}\n"
        for f in findings
    )


def as_junit(findings: Sequence[Finding], paths: Sequence[str] = ()) -> str:
    from xml.sax.saxutils import escape, quoteattr  # pulls in urllib: only for JUnit

    by_path: dict[str, list[Finding]] = {p: [] for p in paths}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    failures = sum(1 for f in findings if f.severity.value == "error")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="cmdlint" tests="{len(by_path)}" failures="{failures}">',
        f'<testsuite name="cmdlint" tests="{len(by_path)}" failures="{failures}">',
    ]
    for path, items in by_path.items():
        out.append(f'<testcase classname="cmdlint" name={quoteattr(path)}>')
        for f in items:
            tag = "failure" if f.severity.value == "error" else "system-out"
            text = escape(f"{f.path}:{f.line}:{f.column}: {f.message}")
            if tag == "failure":
                out.append(
                    f"<failure type={quoteattr(f.rule)} "
                    f"message={quoteattr(f.message)}>{text}</failure>"
                )
            else:
                out.append(f"<system-out>{f.severity.value} [{f.rule}] {text}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": as_text,
    "json": as_json,
    "sarif": as_sarif,
    "github": as_github,
    "junit": as_junit,
}


#: Longest message in a report: a finding that quotes a 2 MB argument stays readable.
MESSAGE_LIMIT = 500


def shortened(findings: Sequence[Finding]) -> list[Finding]:
    """The findings, each message cut to :data:`MESSAGE_LIMIT` characters."""
    return [
        f
        if len(f.message) <= MESSAGE_LIMIT
        else replace(
            f, message=f"{f.message[: MESSAGE_LIMIT - 40]}… ({len(f.message):,} characters)"
        )
        for f in findings
    ]


def render(name: str, findings: Sequence[Finding], paths: Sequence[str] = ()) -> str:
    findings = shortened(findings)
    if name == "junit":
        return as_junit(findings, paths)
    return FORMATS[name](findings)
