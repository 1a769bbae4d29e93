"""The flow items of the assembled pages: what the sequence check walks.

While the assembly renders a procedure, :func:`mark_rendering` gives its
annotations their procedure line (MyST keeps ``% ...`` lines as comment nodes
without one: they are matched, in order, to the ``%`` lines of the rendered
text) and notes, on them and on its ``{command}`` blocks, where the procedure
was included.  At ``doctree-read`` :func:`collect` stores the page's command
blocks and annotations, in reading order, in the guidekit domain; the cmdlint
builder and ``guidekit flow`` walk every guide over them (see
guidekit.model.flow.reading), so the check reads the guide that the build
assembled, once.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from guidekit.model.flow.reading import FlowItem, Origin
from guidekit.model.templating import Rendered
from guidekit.sphinx_ext.domain import guide_domain

_STEP_CLASSES = {"guidekit-steps", "guidekit-prerequisites"}


def mark_rendering(
    added: list[nodes.Node], path: str, rendered: Rendered, via: list[Origin]
) -> None:
    """Locate the annotations of one procedure's rendering (the nodes ``added``)
    and note where the procedure was included."""
    lines = rendered.text.split("\n")
    position = 0
    for top in added:
        for node in top.findall(nodes.comment):
            if "guidekit_lines" in node:
                continue  # a nested procedure's, marked by its own rendering
            # consecutive % lines are one comment node: one line each
            texts = [text.strip() for text in node.astext().strip().split("\n")]
            while position < len(lines) and _comment(lines[position]) != texts[0]:
                position += 1
            if position == len(lines):
                return
            node["guidekit_source"] = path
            node["guidekit_lines"] = [
                rendered.source_line(position + 1 + k) for k in range(len(texts))
            ]
            if via:
                node["guidekit_via"] = [list(site) for site in via]
            position += len(texts)
        for block in top.findall(nodes.literal_block):
            if via and block.get("guidekit_machine") and "guidekit_via" not in block:
                block["guidekit_via"] = [list(site) for site in via]


def include_site(outer: Rendered | None, proc_id: str, where: tuple[str, int | None]) -> Origin:
    """The line of the ``{procedure}`` fence that includes ``proc_id``: MyST counts
    lines inside a container from the container's line, past vanished template
    lines; the enclosing rendering knows the exact one (nearest to ``where``)."""
    path, line = str(where[0]), int(where[1] or 1)
    if outer is None:
        return path, line
    fences = [
        outer.source_line(index + 1)
        for index, text in enumerate(outer.text.split("\n"))
        if text.strip().lstrip("`:").strip() in (f"{{procedure}} {proc_id}",)
    ]
    return path, min(fences, key=lambda found: abs(found - line), default=line)


def _comment(line: str) -> str | None:
    stripped = line.strip()
    return stripped[1:].strip() if stripped.startswith("%") else None


def _via(node: nodes.Element) -> tuple[Origin, ...]:
    sites: list[list[Any]] = node.get("guidekit_via", [])
    return tuple((str(site[0]), int(site[1])) for site in sites)


def _in_step(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and _STEP_CLASSES & set(parent["classes"]):
            return True
        parent = parent.parent
    return False


def items_of(doctree: nodes.document) -> list[FlowItem]:
    """The command blocks and annotations of a page, in reading order."""
    items: list[FlowItem] = []
    for node in doctree.findall(lambda n: isinstance(n, (nodes.comment, nodes.literal_block))):
        assert isinstance(node, nodes.Element)
        if isinstance(node, nodes.comment) and "guidekit_lines" in node:
            texts = node.astext().strip().split("\n")
            source, in_step, via = str(node["guidekit_source"]), _in_step(node), _via(node)
            items.extend(
                FlowItem("annotation", source, int(line), text.strip(), in_step=in_step, via=via)
                for text, line in zip(texts, node["guidekit_lines"], strict=False)
            )
        elif isinstance(node, nodes.literal_block) and node.get("guidekit_machine"):
            first = int(node.line or 1)
            texts = node.astext().split("\n")
            located = [int(pair[0]) for pair in node.get("guidekit_source_lines") or []]
            if len(located) != len(texts):
                located = list(range(first, first + len(texts)))
            items.append(
                FlowItem(
                    "command",
                    str(node.source),
                    first,
                    machine=str(node["guidekit_machine"]),
                    lines=tuple(zip(texts, located, strict=True)),
                    via=_via(node),
                )
            )
    return items


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the page's flow items into the guidekit domain."""
    domain = guide_domain(app.env)
    domain.note_flow(app.env.docname, items_of(doctree))
