"""The sequence check as cmdlint rules: one rule framework for commands and flow.

The flow rules (:data:`guidekit.model.flow.RULES`: ``flow-requires``,
``flow-never``, ``flow-wrong-machine``, ``flow-one-of``, ``flow-end``, ...,
``flow-data``) are registered
in cmdlint's registry as the ``flow`` family (:func:`register_rules`), so that
``cmdlint_select``/``cmdlint_ignore``, ``--explain`` and the unknown-id check
treat them like every other rule; :func:`check` walks the guides and returns
cmdlint :class:`~cmdlint.model.Finding` objects. ``-b cmdlint`` (through the
``cmdlint-findings`` event) and ``guidekit flow`` both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from cmdlint.engine import Selection
from cmdlint.model import Finding, Severity
from cmdlint.registry import Rule, external_rule
from guidekit.model.errors import GuideError
from guidekit.model.flow import RULES, FlowFinding, GuideFlow, check_project
from guidekit.model.flow.guides import page_events
from guidekit.model.flow.reading import FlowItem
from guidekit.model.project import Project
from guidekit.model.states import load_states

FAMILY = "flow"


def register_rules() -> list[Rule]:
    """Register every flow rule with cmdlint (again: no change)."""
    return [external_rule(r.id, r.severity, r.doc, FAMILY) for r in RULES.values()]


def as_findings(found: Iterable[FlowFinding]) -> list[Finding]:
    """Flow findings as cmdlint findings (column 1: a step, not a character)."""
    return [Finding(f.path, f.line, 1, f.rule, f.severity, f.message) for f in found]


def check(
    project: Project,
    states: Path,
    machines: Iterable[str] | None = None,
    selection: Selection | None = None,
    pages: Mapping[str, list[FlowItem]] | None = None,
) -> tuple[list[Finding], list[GuideFlow]]:
    """Walk every guide through the state model in ``states``; state data that cannot
    be read is one ``flow-data`` finding. Selected and graded like cmdlint's own.

    ``pages`` (docname -> flow items) is what a build assembled; without it the
    procedures' text is read."""
    register_rules()
    flows: list[GuideFlow] = []
    try:
        topologies = project.manifest.topology_ids
        # The {command} machines are the manifest's unless the caller names others.
        known = project.manifest.machines if machines is None else machines
        model = load_states(states, frozenset(known), topologies)
        events = None if pages is None else page_events(pages, project, model)
        found, flows = check_project(project, model, events)
    except GuideError as error:
        found = [
            FlowFinding(
                str(error.path or states),
                error.line or 1,
                "flow-data",
                Severity.ERROR,
                error.message,
            )
        ]
    chosen = selection or Selection()
    return [
        Finding(
            f.path, f.line, f.column, f.rule, chosen.severity.get(f.rule, f.severity), f.message
        )
        for f in as_findings(found)
        if chosen.enabled(f.rule)
    ], flows
