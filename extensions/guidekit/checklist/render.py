"""A checklist's text: the titles of its steps, the marks of their procedures, and the
checklist as data (the helper's JSON, ``guidekit checklist --json``) or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from guidekit.checklist.core import Entry, part_label, step_label
from guidekit.checklist.preflight import preflight_markdown
from guidekit.model.errors import GuideError
from guidekit.model.manifest import (
    Conditions,
    Guide,
    guide_context,
)
from guidekit.model.procedures import bind_params
from guidekit.model.templating import render_inline

if TYPE_CHECKING:
    from guidekit.model.project import Project


def labels(guides: Iterable[Guide]) -> list[str]:
    """Every label a checklist of these guides can link to (guides, steps, parts)."""
    found: list[str] = []
    for guide in guides:
        found.append(guide.id)
        for step in guide.steps:
            found.append(step_label(guide, step))
            found.extend(part_label(guide, step, p) for p in step.parts)
    return found


def source_titles(project: Project, guides: Iterable[Guide]) -> dict[str, str]:
    """Label -> title as the English build renders it (for use without a build)."""
    titles: dict[str, str] = {}
    for guide in guides:
        titles[guide.id] = guide.title
        context = guide_context(guide, project.manifest, project.matrix)
        for step in guide.steps:
            titles[step_label(guide, step)] = _render_title(
                project, context, step.procedure, step.params
            )
            for part in step.parts:
                titles[part_label(guide, step, part)] = _render_title(
                    project, context, part.procedure, {}
                )
    return titles


def _render_title(
    project: Project, context: dict[str, Any], proc_id: str, given: dict[str, Any]
) -> str:
    proc = project.library.procedures[proc_id]
    params, _problems = bind_params(proc, given)
    try:
        return render_inline(
            proc.text("title", params), {**context, "params": params}, proc.path, 2
        )
    except GuideError:
        return proc.id  # a part whose title needs parameters that only its include gives


Link = Callable[[str, str], tuple[str, str]]
"""(docname, label) -> (title, URL) of a labelled section."""


def _when(when: Conditions) -> dict[str, list[Any]]:
    return {name: list(values) for name, values in when.items()}


#: What a step's procedure declares for the administrator (see phase_marks).
MARKS = ("downtime", "verify", "point-of-no-return")


def phase_marks(project: Project, proc_id: str) -> list[str]:
    """Which of MARKS the procedure declares: it takes something away, says how to
    check it, has a point of no return."""
    proc = project.library.get(proc_id)
    checks = proc.checks if proc is not None else None
    if checks is None:
        return []
    found = {
        "downtime": bool(checks.downtime),
        "verify": bool(checks.verify),
        "point-of-no-return": bool(checks.no_return),
    }
    return [mark for mark in MARKS if found[mark]]


def to_data(
    selection: Iterable[tuple[Guide, list[Entry]]],
    link: Link,
    condition: Callable[[str], str] = lambda text: text,
    marks: Callable[[str], list[str]] = lambda _proc: [],
) -> list[dict[str, Any]]:
    """A checklist as plain data (JSON): titles and URLs come from ``link``; ``marks``
    gives a procedure's marks (phase_marks)."""
    data = []
    for guide, entries in selection:
        steps = []
        for entry in entries:
            docname = guide.step_docname(entry.step)
            parts = []
            for part in entry.parts:
                title, href = link(docname, part_label(guide, entry.step, part))
                parts.append(
                    {
                        "procedure": part.procedure,
                        "title": title,
                        "href": href,
                        "when": _when(part.when),
                    }
                )
            title, href = link(docname, entry.label)
            branch = guide.branch_of(entry.step)
            steps.append(
                {
                    "slug": entry.step.slug,
                    "procedure": entry.step.procedure,
                    "title": title,
                    "docname": docname,
                    "href": href,
                    "optional": entry.optional,
                    "when": _when(entry.step.when),
                    "parts": parts,
                    "group": entry.group,
                    "number": entry.number,
                    "item": entry.item,
                    "branch": branch.letter if branch else None,
                    "branchWhen": _when(branch.when) if branch else {},
                    # No case, no lookup: an empty message is a catalog's header.
                    "if": condition(entry.step.condition) if entry.step.condition else "",
                    "marks": marks(entry.step.procedure),
                }
            )
        title, href = link(guide.docname, guide.id)
        data.append({"guide": guide.id, "title": title, "href": href, "steps": steps})
    return data


def to_markdown(
    data: list[dict[str, Any]],
    heading: str,
    optional_label: str,
    choice_label: str = "Do one of the following:",
    mark_labels: Mapping[str, str] | None = None,
    left_out_label: str = "Not needed in this environment: {steps}.",
    separator: str = ", ",
    preflight_labels: Mapping[str, str] | None = None,
) -> str:
    """A checklist as Markdown task lists, one section per guide, each step with its
    number in the guide; a choice between alternatives is one item with the
    alternatives under it (7A, 7B; 7A.1, 7A.2 for an alternative of several steps).
    A guide's ``preflight`` entries come first, under ``preflight_labels["title"]``,
    and its steps then under ``preflight_labels["steps"]``."""
    words = {
        "title": "Before you start",
        "intro": "Check that each of these is true before step 1; the guide relies on it.",
        "only": "Only in:",
        "steps": "Procedure",
        **(preflight_labels or {}),
    }
    lines = [f"# {heading}", ""]
    for guide in data:
        lines += [f"## [{guide['title']}]({guide['href']})", ""]
        before = preflight_markdown(
            guide.get("preflight", []), words["title"], words["intro"], words["only"], separator
        )
        if before:
            lines += [*before, f"### {words['steps']}", ""]
        group = branch = None
        for step in guide["steps"]:
            indent = ""
            if step.get("group") is not None:
                if step["group"] != group:
                    lines.append(f"- [ ] {step['item']}. {choice_label}")
                indent = "  "
            first = (step.get("group"), step.get("branch")) != (group, branch)
            group, branch = step.get("group"), step.get("branch")
            prefix = f"*{optional_label}* " if step["optional"] else ""
            case = f"*{step['if']}:* " if indent and step.get("if") and first else ""
            shown = [
                f"**{(mark_labels or {})[m]}**"
                for m in step.get("marks", [])
                if m in (mark_labels or {})
            ]
            suffix = f" — {', '.join(shown)}" if shown else ""
            lines.append(
                f"{indent}- [ ] {step['number']}. {case}{prefix}"
                f"[{step['title']}]({step['href']}){suffix}"
            )
            lines.extend(f"{indent}  - [ ] [{p['title']}]({p['href']})" for p in step["parts"])
        if guide.get("left_out"):
            # The numbers are the guide's: say which ones this environment skips.
            lines += ["", left_out_label.replace("{steps}", separator.join(guide["left_out"]))]
        lines.append("")
    return "\n".join(lines)
