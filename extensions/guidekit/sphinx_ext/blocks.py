"""Directives for the building blocks of a procedure: commands (with the
machine they run on), program output, file contents, prerequisites, steps."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.directives.code import container_wrapper
from sphinx.util.docutils import SphinxDirective

from cmdlint.model import Analysis, Block, BlockKind, Category, SessionLine
from cmdlint.session import parse_session
from guidekit.compat import sphinx_tabs
from guidekit.l10n.messages import N_, _
from guidekit.model.errors import GuideError, Kind
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.links import content_text

#: What a prompt of the manifest (``#`` root, ``$`` user) is called in messages.
_PROMPT_NAMES = {"#": "root prompt", "$": "user prompt"}


def command_problems(lines: list[str], prompt: str = "#") -> list[tuple[int, str]]:
    """Lines (0-based) of a command block that are neither a command after the
    machine's prompt (``#`` or ``$``, then a space) nor part of one (a continuation,
    a here-document's body). The block is read by cmdlint's console reader, as the
    linter and the sequence check read it, so the three agree on every line."""
    analysis = Analysis(Block("", 1, list(lines), BlockKind.COMMAND), Category.SHELL)
    parse_session(analysis, unprompted_commands=False)
    name = _PROMPT_NAMES.get(prompt, "prompt")
    wrong = (
        f"a command line must start with the {name} '{prompt} '; "
        "put program output in an {output} block"
    )
    problems = [
        (index, wrong)
        for index, line in enumerate(analysis.session)
        if line.text.strip() and not _part_of_command(line, prompt)
    ]
    last = analysis.session[-1] if analysis.session else None
    if last and last.role in ("command", "continuation") and last.text.rstrip().endswith("\\"):
        problems.append((len(lines) - 1, "the last line ends with '\\' but nothing follows"))
    return problems


def _part_of_command(line: SessionLine, prompt: str) -> bool:
    if line.role == "command":
        return line.prompt.strip() == prompt
    return line.role in ("continuation", "heredoc")


class _LiteralDirective(SphinxDirective):
    has_content = True
    language = "guidekit-text"  # plain text, placeholders marked (guidekit.sphinx_ext.highlight)
    css_class = ""

    def literal(self, caption: str | None) -> nodes.Node:
        code = "\n".join(self.content)
        block = nodes.literal_block(code, code, language=self.language)
        block["classes"].append(self.css_class)
        # The block's own line is the first content line, the one a checker reports.
        block.source, block.line = self.get_source_info()
        block.line = (block.line or 0) + 1
        if not caption:
            return block
        wrapper = container_wrapper(self, block, caption)
        # Captions are UI text, translated through ``_`` by the caller, not content.
        for node in wrapper.findall(nodes.caption):
            node["translatable"] = False
        return wrapper


class CommandDirective(_LiteralDirective):
    """Commands to type on one machine of the manifest: ```{command} manager```."""

    required_arguments = 1
    language = "console"
    css_class = "guidekit-command"

    def run(self) -> list[nodes.Node]:
        manifest = get_project(self.env).manifest
        machine = manifest.machines.get(self.arguments[0])
        source, line = self.get_source_info()
        if machine is None:
            known = ", ".join(manifest.machines) or "none"
            report(
                GuideError(
                    f"unknown machine {self.arguments[0]!r} (known: {known}; "
                    f"machines: in {manifest.path})",
                    source,
                    line,
                    Kind.MACHINE,
                ),
                env=self.env,
            )
            return []
        if not self.content:
            report(GuideError("empty {command} block", source, line, Kind.COMMAND), env=self.env)
            return []
        for index, problem in command_problems(list(self.content), machine.prompt):
            report(GuideError(problem, source, (line or 0) + 1 + index, Kind.COMMAND), env=self.env)
        node = self.literal(machine.caption)
        if isinstance(node, nodes.literal_block):
            return [node]
        # The caption is the manifest's content: translated through the guides' catalog.
        for caption in node.findall(nodes.caption):
            text = content_text(machine.caption, machine.caption)
            text.source, text.line = manifest.path, machine.line
            caption.children = []
            caption += text
        block = node.children[-1]
        assert isinstance(block, nodes.Element)
        block["guidekit_machine"] = machine.name
        return [node]


class OutputDirective(_LiteralDirective):
    """What a command prints; shown as output and never copied."""

    css_class = "guidekit-output"

    def run(self) -> list[nodes.Node]:
        return [self.literal(_("Output"))]


class FileDirective(_LiteralDirective):
    """Lines that go into a file: ```{file} /etc/yum.repos.d/local.repo```."""

    required_arguments = 1
    css_class = "guidekit-file"

    def run(self) -> list[nodes.Node]:
        return [self.literal(_("File {path}").format(path=self.arguments[0]))]


class _TitledContainer(SphinxDirective):
    has_content = True
    heading = ""
    css_class = ""

    def run(self) -> list[nodes.Node]:
        container = nodes.container(classes=[self.css_class])
        self.set_source_info(container)
        # A procedure included inside a step of another one is part of that
        # step: its blocks keep their structure but not their headings.
        depth_key = f"guidekit_depth_{self.css_class}"
        depth = int(self.env.temp_data.get(depth_key) or 0)
        if not depth:
            heading = nodes.rubric("", _(self.heading))
            heading["translatable"] = False
            container += heading
        self.env.temp_data[depth_key] = depth + 1
        try:
            self.state.nested_parse(self.content, self.content_offset, container)
        finally:
            self.env.temp_data[depth_key] = depth
        return [container]


class PrerequisitesDirective(_TitledContainer):
    heading = N_("Prerequisites")
    css_class = "guidekit-prerequisites"


class StepsDirective(_TitledContainer):
    heading = N_("Procedure")
    css_class = "guidekit-steps"


def _guard_tab(base: type[SphinxDirective]) -> type[SphinxDirective]:
    """A sphinx-tabs tab directive that reports misuse instead of crashing."""

    class GuardedTab(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def run(self) -> list[nodes.Node]:
            if not sphinx_tabs.inside_tabs(self.env.temp_data):
                source, line = self.get_source_info()
                report(
                    GuideError(
                        f"{{{self.name}}} must stand inside a {{tabs}} block; when blocks are "
                        "nested with colons, the outer block needs more colons than the inner one",
                        source,
                        line,
                        Kind.TABS,
                    ),
                    env=self.env,
                )
                return []
            result = [linear_tab(node) for node in super().run()]
            translatable_tab_label(self.env.temp_data, *self.get_source_info())
            return result

    GuardedTab.__name__ = f"Guarded{base.__name__}"
    return GuardedTab


def translatable_tab_label(temp_data: dict[str, Any], source: str, line: int | None) -> None:
    """Make the label of the tab just parsed translatable (sphinx-tabs issue 137).

    For HTML, sphinx-tabs keeps the label as bare text in the tab button, which
    Sphinx's i18n transform never visits; it becomes a ``content_text`` node,
    translated through the guides' catalog like the label's paragraph that
    the gettext builder extracts. The tab id stays derived from the English label.
    """
    button = sphinx_tabs.last_tab_button(temp_data)
    if button is None:
        return
    if any(isinstance(child, content_text) for child in button.children):
        return
    text = button.astext()
    label = content_text(text, text)
    label.source, label.line = source, line
    button.clear()
    button += label


def linear_tab(node: nodes.Node) -> nodes.Node:
    """A tab for builders without tabs (LaTeX, text): its label, then its content.

    For those builders sphinx-tabs returns plain containers, ``[[label], panel]``,
    and the label would read as body text; it becomes a ``guidekit-tab-label``
    container (bold in the PDF), followed by the panel's content. The label
    paragraph itself is kept, so that it is still translated. Tabs for HTML
    builders pass through unchanged.
    """
    if type(node) is not nodes.container or len(node.children) != 2:
        return node
    tab, panel = node.children
    if (
        type(tab) is not nodes.container
        or type(panel) is not nodes.container
        or len(tab.children) != 1
        or type(tab.children[0]) is not nodes.container
    ):
        return node
    label = nodes.container("", *tab.children[0].children, classes=["guidekit-tab-label"])
    return nodes.container("", label, *panel.children, classes=["guidekit-tab"])
