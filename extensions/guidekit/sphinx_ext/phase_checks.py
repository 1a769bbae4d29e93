"""The end of a step page: how to check that the step worked, the way back, and the
point of no return, from the procedure's ``verify`` and ``rollback`` front matter
(guidekit.model.phase_checks). HTML and PDF render the same nodes."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from guidekit.compat import myst
from guidekit.l10n.messages import _
from guidekit.model.phase_checks import PhaseChecks, verify_markdown
from guidekit.model.procedures import Procedure
from guidekit.model.templating import render_template
from guidekit.sphinx_ext.context import get_project
from guidekit.sphinx_ext.links import generated


def phase_nodes(renderer: Any, proc: Procedure, context: dict[str, Any]) -> list[nodes.Node]:
    """The verification and rollback boxes of ``proc`` (none when it declares none);
    a check's command follows its machine's prompt (from the manifest)."""
    machines = get_project(renderer.env).manifest.machines
    prompts = {m.name: m.prompt for m in machines.values()}
    checks = proc.checks
    found: list[nodes.Node] = []
    if checks.verify:
        box = _box("guidekit-verify", _("How to check that this step worked"))
        _render(renderer, proc, checks, verify_markdown(checks, prompts), context, box)
        found.append(box)
    if checks.way_back:
        box = _box("guidekit-way-back", _("The way back"))
        _render(renderer, proc, checks, checks.way_back + "\n", context, box)
        found.append(box)
    if checks.no_return:
        box = _box("guidekit-point-of-no-return", _("Point of no return"))
        _render(renderer, proc, checks, checks.no_return + "\n", context, box)
        found.append(box)
    return found


def downtime_nodes(renderer: Any, proc: Procedure, context: dict[str, Any]) -> list[nodes.Node]:
    """The downtime box of ``proc``: when the Manager is away, and what stops meanwhile."""
    checks = proc.checks
    if not checks.manager_down:
        return []
    box = _box("guidekit-downtime", _("Downtime"))
    _render(renderer, proc, checks, checks.manager_down + "\n", context, box)
    meanwhile = _(
        "While the Manager is down, virtual machines keep running, but the Administration "
        "Portal and the REST API are unavailable, virtual machines cannot be started or "
        "migrated, and highly available virtual machines are not restarted if their host "
        "fails."
    )
    box += generated(nodes.paragraph(meanwhile, meanwhile))
    return [box]


def _box(css_class: str, title: str) -> nodes.admonition:
    box = nodes.admonition(classes=[css_class, "guidekit-phase"])
    box += generated(nodes.title(title, title))
    return box


def _render(
    renderer: Any,
    proc: Procedure,
    checks: PhaseChecks,
    text: str,
    context: dict[str, Any],
    parent: nodes.Element,
) -> None:
    rendered = render_template(text, context, proc.path, checks.line)
    with myst.parse_as(renderer, proc.path, lambda _line: checks.line):
        myst.render_text(renderer, rendered.text, parent, section_root=False)
