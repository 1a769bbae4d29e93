"""A guide's flow items read from the procedures' text, without Sphinx.

Each procedure is rendered as the guide renders it and scanned for its
``{command}`` blocks, ``{procedure}`` includes, ``{steps}`` and
``{prerequisites}`` containers and ``%`` annotations. The build reads the same
items from the assembled pages instead (guidekit.sphinx_ext.flow_items); this
reader serves the data-only checks: the model's tests and fuzzers.
"""

from __future__ import annotations

import re
from typing import Any

from guidekit.model.flow.reading import Event, FlowItem, Origin, events_of_items
from guidekit.model.manifest import Guide, Step, guide_context
from guidekit.model.procedures import bind_params
from guidekit.model.project import Project
from guidekit.model.states import StateModel
from guidekit.model.templating import render_template
from guidekit.model.yamldata import parse_yaml

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<arg>.*)$")
_COMMENT = re.compile(r"^\s*%(?P<text>.*)$")


class GuideEvents:
    """The events of a guide's steps, each procedure rendered as the guide renders it."""

    def __init__(self, project: Project, model: StateModel, guide: Guide) -> None:
        self.project, self.model, self.guide = project, model, guide
        self.context = guide_context(guide, project.manifest, project.matrix)
        self.cache: dict[str, list[Event]] = {}
        #: the paths of the procedures read so far (what the result depends on)
        self.read: set[str] = set()

    def of_guide_step(self, guide: Guide, step: Step) -> list[Event]:
        del guide  # this reader reads one guide
        return self.of_step(step)

    def of_step(self, step: Step) -> list[Event]:
        if step.slug not in self.cache:
            items = self.of_procedure(step.procedure, step.params, [], ())
            self.cache[step.slug] = events_of_items(items, self.model)
        return self.cache[step.slug]

    def of_procedure(
        self, proc_id: str, given: dict[str, Any], stack: list[str], via: tuple[Origin, ...]
    ) -> list[FlowItem]:
        proc = self.project.library.procedures[proc_id]
        self.read.add(str(proc.path))
        params, _problems = bind_params(proc, given)
        rendered = render_template(
            proc.body, {**self.context, "params": params}, proc.path, proc.body_line
        )
        lines = rendered.text.split("\n")
        items: list[FlowItem] = []
        containers: list[tuple[str, str]] = []  # open ::: fences: (marker, name)
        index = 0
        while index < len(lines):
            text = lines[index]
            where = rendered.source_line(index + 1)
            fence = _FENCE.match(text)
            comment = _COMMENT.match(text)
            in_step = any(name in ("steps", "prerequisites") for _m, name in containers)
            if comment:
                items.append(
                    FlowItem(
                        "annotation",
                        proc.path,
                        where,
                        comment.group("text").strip(),
                        in_step=in_step,
                        via=via,
                    )
                )
            elif fence and fence.group("fence").startswith("`"):
                marker = fence.group("fence")
                body: list[tuple[str, int]] = []
                index += 1
                indent = fence.group("indent")
                while index < len(lines) and lines[index].strip() != marker:
                    text = lines[index]
                    text = text[len(indent) :] if text.startswith(indent) else text.lstrip()
                    body.append((text, rendered.source_line(index + 1)))
                    index += 1
                name = fence.group("name")
                if name == "command":
                    items.append(
                        FlowItem(
                            "command",
                            proc.path,
                            where,
                            machine=fence.group("arg").strip(),
                            lines=tuple(body),
                            via=via,
                        )
                    )
                elif name == "procedure":
                    included = fence.group("arg").strip()
                    if included in self.project.library.procedures and included not in stack:
                        raw = "\n".join(t for t, _line in body)
                        data = parse_yaml(raw, proc.path, where + 1) if raw.strip() else {}
                        items.extend(
                            self.of_procedure(
                                included,
                                dict(data or {}),
                                [*stack, proc_id],
                                (*via, (proc.path, where)),
                            )
                        )
            elif fence:
                containers.append((fence.group("fence"), fence.group("name")))
            elif containers and text.strip() == containers[-1][0]:
                containers.pop()
            index += 1
        return items
