"""Cross-document data: which page renders which procedure of which guide, what
each page holds for the sequence check, and what each guide relies on at its start.

Kept in a Domain so that parallel reads (-j) merge it and a re-read page
replaces only its own entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from guidekit.model.flow.preflight import StartRequirement
from guidekit.model.flow.reading import FlowItem
from guidekit.model.project import Project
from guidekit.model.references import References
from guidekit.model.states import StateModel

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass
class BuildState:
    """What one build holds beside the documents' data: made anew with the domain
    by each build, never pickled with the environment."""

    project: Project | None = None  # None: the project could not be loaded
    reported: set[tuple[Any, ...]] = field(default_factory=set)  # each problem once
    references: References | None = None  # the table of cited documents
    references_path: str | None = None  # its file, which citing pages depend on
    read_any: bool = False  # this build read at least one document
    #: the flow items, before this build, of the pages it reads (None: a new page)
    flow_before: dict[str, list[FlowItem] | None] = field(default_factory=dict)
    states_path: str | None = None  # the state model's file, if the project has one
    #: the state model; None without one, or when it cannot be read (the sequence
    #: check reports that as flow-data, under the project's selection of rules)
    states: StateModel | None = None
    #: docname -> the upgrade helper's data as its page embeds it, made once per build
    helper_scripts: dict[str, str] = field(default_factory=dict)


class GuideDomain(Domain):
    name = "guidekit"
    label = "Guides"
    initial_data = {  # noqa: RUF012 - Sphinx API
        "sections": {},
        "titles": {},
        "flow": {},
        "contents": {},
        "preflight": {},
        "failed": set(),
        "secnumbers": {},
    }
    data_version = 6

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.build = BuildState()

    @property
    def failed(self) -> set[str]:
        """The pages read with an error: the next build reads them again."""
        failed: set[str] = self.data["failed"]
        return failed

    @property
    def secnumbers(self) -> dict[str, Any]:
        """Sphinx's own section numbers of the last build, before guidekit renumbered
        the alternatives (see navigation.py)."""
        numbers: dict[str, Any] = self.data["secnumbers"]
        return numbers

    @property
    def sections(self) -> dict[str, list[tuple[str, str, str]]]:
        """docname -> [(guide id, procedure id, label)] in reading order."""
        sections: dict[str, list[tuple[str, str, str]]] = self.data["sections"]
        return sections

    def note_section(self, docname: str, guide_id: str, proc_id: str, label: str) -> None:
        self.sections.setdefault(docname, []).append((guide_id, proc_id, label))

    @property
    def titles(self) -> dict[str, dict[str, tuple[str, str]]]:
        """docname -> {label: (HTML id, title in the build language)}."""
        titles: dict[str, dict[str, tuple[str, str]]] = self.data["titles"]
        return titles

    def note_title(self, docname: str, label: str, anchor: str, title: str) -> None:
        self.titles.setdefault(docname, {})[label] = (anchor, title)

    def title_in(self, docname: str, label: str) -> tuple[str, str] | None:
        """(HTML id, title) of a labelled section of a page, if it has one."""
        return self.titles.get(docname, {}).get(label)

    @property
    def flow(self) -> dict[str, list[FlowItem]]:
        """docname -> the page's command blocks and annotations (flow_items.py)."""
        flow: dict[str, list[FlowItem]] = self.data["flow"]
        return flow

    def note_flow(self, docname: str, items: list[FlowItem]) -> None:
        self.flow[docname] = items

    @property
    def contents(self) -> dict[str, dict[str, str]]:
        """docname -> {path: digest} of the files whose content the page shows
        (content_dependencies.py)."""
        contents: dict[str, dict[str, str]] = self.data["contents"]
        return contents

    def note_content(self, docname: str, path: str, digest: str) -> None:
        self.contents.setdefault(docname, {})[path] = digest

    @property
    def preflight(self) -> dict[str, list[StartRequirement]]:
        """guide id -> its start requirements, walked once every page was read
        (sphinx_ext.preflight): the front page lists them."""
        preflight: dict[str, list[StartRequirement]] = self.data["preflight"]
        return preflight

    def clear_doc(self, docname: str) -> None:
        self.sections.pop(docname, None)
        self.titles.pop(docname, None)
        self.flow.pop(docname, None)
        self.contents.pop(docname, None)
        self.failed.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, entries in otherdata["sections"].items():
            if docname in docnames:
                self.sections[docname] = list(entries)
        for docname, labels in otherdata["titles"].items():
            if docname in docnames:
                self.titles[docname] = dict(labels)
        for docname, items in otherdata["flow"].items():
            if docname in docnames:
                self.flow[docname] = list(items)
        for docname, files in otherdata["contents"].items():
            if docname in docnames:
                self.contents[docname] = dict(files)
        self.failed.update(set(otherdata["failed"]) & set(docnames))

    def procedures_of(self, guide_id: str) -> Iterable[tuple[str, str, str]]:
        """(docname, procedure id, label) of a guide, page by page."""
        for docname in sorted(self.sections):
            for guide, proc, label in self.sections[docname]:
                if guide == guide_id:
                    yield docname, proc, label

    def resolve_xref(
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: Any,
        contnode: Any,
    ) -> Any:
        """``page`` links keep their own label node (std:doc would rebuild it as
        plain text, losing what i18n and the gettext builder need)."""
        if typ != "page" or target not in env.all_docs:
            return None
        # The label itself, not Sphinx's deep copy: the copy loses the uid that
        # the gettext builder needs to extract the message.
        label = node.children[0] if node.children else contnode
        return make_refnode(builder, fromdocname, target, None, label)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def guide_domain(env: BuildEnvironment) -> GuideDomain:
    """The build's guidekit domain (registered by guidekit's setup)."""
    return cast(GuideDomain, env.get_domain("guidekit"))
