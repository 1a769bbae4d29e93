"""The core: text in, findings out.  The CLI and the Sphinx builder call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cmdlint.blocks import extract_blocks, is_template_source, suppressions
from cmdlint.classify import COMMON_COMMANDS, classify, is_fragment, is_script
from cmdlint.model import Analysis, Block, Finding, Severity
from cmdlint.registry import Context, Hit, Rule
from cmdlint.ruleset import all_rules
from cmdlint.session import parse_session


@dataclass
class Selection:
    """Which rules run and at which severity (from pyproject.toml and the command line)."""

    select: set[str] = field(default_factory=set)  # empty: all rules
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, Severity] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return not self.select or rule_id in self.select


def known_commands() -> frozenset[str]:
    from cmdlint.specs import load_specs  # the specs load only when a code block needs them

    return COMMON_COMMANDS | frozenset(load_specs())


def analyse(block: Block, known: frozenset[str] | None = None) -> Analysis:
    """Classify a block and, for a shell session, parse its commands."""
    known = known if known is not None else known_commands()
    if block.kind == "prose":
        return Analysis(block, "prose")
    category = classify(block, known)
    analysis = Analysis(block, category)
    if category == "shell":
        analysis.fragment = block.kind == "" and is_fragment(block.lines)
        script = is_script(block, known)
        parse_session(
            analysis, unprompted_commands=script and block.kind != "command", comments=script
        )
        from cmdlint.shell import analyse_script  # tree-sitter, for shell blocks only

        analyse_script(analysis)
    return analysis


def prose_blocks(text: str, path: str, blocks: Sequence[Block]) -> list[Block]:
    """The lines outside code blocks, as ``prose`` blocks (for placeholder and version rules)."""
    lines = text.split("\n")
    inside = [False] * (len(lines) + 2)
    for block in blocks:
        for number in range(max(block.line - 1, 1), block.line + len(block.lines) + 1):
            if number < len(inside):
                inside[number] = True
    result: list[Block] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, 1):
        if inside[number]:
            if current:
                result.append(Block(path, start, current, "prose"))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        result.append(Block(path, start, current, "prose"))
    template = bool(blocks) and blocks[0].template
    for block in result:
        block.template = template
    return result


def lint_text(
    text: str, path: str, context: Context | None = None, selection: Selection | None = None
) -> list[Finding]:
    """Lint one file's text (Markdown, MyST, rST or plain text with fenced blocks)."""
    return lint_texts({path: text}, context, selection)


def lint_texts(
    texts: dict[str, str], context: Context | None = None, selection: Selection | None = None
) -> list[Finding]:
    """Lint several files as one corpus (drift and batching span all of them)."""
    blocks: list[Block] = []
    extra: list[Finding] = []
    context = context or Context()
    asciidoc = {path: text for path, text in texts.items() if is_asciidoc(path)}
    if asciidoc:
        from cmdlint.asciidoc import read_asciidoc

        adoc_blocks, adoc_findings = read_asciidoc(asciidoc, context)
        blocks.extend(adoc_blocks)
        extra.extend(_selected(adoc_findings, selection or Selection()))
    for path, text in texts.items():
        if path in asciidoc:
            continue
        code = extract_blocks(text, path)
        prose = prose_blocks(text, path, code)
        template = is_template_source(text, path)
        meta = _front_matter(text) if template else {}
        for block in [*code, *prose]:
            block.meta = meta
            block.template = template
        blocks.extend(code)
        blocks.extend(prose)
        extra.extend(_suppression_findings(text, path))
    return sorted(set(lint_blocks(blocks, context, selection) + extra))


def is_asciidoc(path: str) -> bool:
    return path.lower().endswith((".adoc", ".asciidoc", ".asc"))


def _selected(findings: Iterable[Finding], selection: Selection) -> list[Finding]:
    """Findings made outside the rules (by a reader), as the selection wants them."""
    return [
        Finding(f.path, f.line, f.column, f.rule, selection.severity.get(f.rule, f.severity),
                f.message)
        for f in findings
        if selection.enabled(f.rule)
    ]


def _front_matter(text: str) -> dict[str, object]:
    if not text.startswith("---\n"):
        return {}
    import yaml  # front matter is rare outside procedure sources

    end = text.find("\n---", 4)
    try:
        data = yaml.safe_load(text[4:end]) if end > 0 else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _suppression_findings(text: str, path: str) -> list[Finding]:
    rules = all_rules()
    found: list[Finding] = []
    for mark in suppressions(text.split("\n")):
        messages = [
            f"unknown rule '{rule_id}' in a cmdlint suppression"
            for rule_id in mark.rules
            if rule_id not in rules
        ]
        if not mark.reason:
            messages.insert(
                0,
                "a cmdlint suppression needs a reason: "
                "'cmdlint: disable=RULE -- why it is right here'",
            )
        found.extend(
            Finding(path, mark.line, 1, "suppression", Severity.ERROR, message)
            for message in messages
        )
    return found


def lint_blocks(
    blocks: Sequence[Block], context: Context | None = None, selection: Selection | None = None
) -> list[Finding]:
    """Lint blocks that already carry their file and line (the Sphinx builder's entry)."""
    context = context or Context()
    selection = selection or Selection()
    if not context.known_commands and any(block.kind != "prose" for block in blocks):
        context.known_commands = known_commands()
    known = context.known_commands
    analyses = [analyse(block, known) for block in blocks]
    _start_checkers(analyses, context, selection)
    findings: list[Finding] = []
    for rule in all_rules().values():
        if rule.id == "suppression" or not selection.enabled(rule.id):
            continue
        if rule.scope == "block":
            for analysis in analyses:
                findings.extend(
                    _findings(rule, rule.check(analysis, context), analyses, selection, analysis)
                )
        else:
            findings.extend(_findings(rule, rule.check(analyses, context), analyses, selection))
    return sorted(set(findings))


def _start_checkers(
    analyses: Sequence[Analysis], context: Context, selection: Selection
) -> None:
    """Start bash -n and shellcheck in the background on what the syntax and shellcheck
    rules will ask for, so that both run while the other rules do (results are shared
    per snippet, see :mod:`cmdlint.oracle`)."""
    if not any(a.category == "shell" for a in analyses):
        return
    from cmdlint import oracle

    if context.use_shellcheck and selection.enabled("shellcheck"):
        oracle.prefetch_shellcheck([
            a.script for a in analyses
            if a.category == "shell" and not a.fragment and a.script.strip()
        ])
    if context.use_bash and selection.enabled("syntax"):
        from cmdlint.rules.syntax import PLAIN, command_scripts

        oracle.prefetch_bash(
            [text for _a, _row, text in command_scripts(analyses) if not PLAIN.match(text)]
        )


def _findings(
    rule: Rule,
    hits: Iterable[Hit],
    analyses: Sequence[Analysis],
    selection: Selection,
    owner: Analysis | None = None,
) -> list[Finding]:
    result = []
    for hit in hits:
        block = owner.block if owner else _block_at(analyses, hit.path, hit.line)
        path = hit.path or (block.path if block else "")
        if block is not None and block.suppress.get(rule.id):
            continue
        severity = selection.severity.get(rule.id) or hit.severity or rule.severity
        line, column = (
            block.source_position(hit.line, hit.column) if block else (hit.line, hit.column)
        )
        result.append(Finding(path, max(line, 1), max(column, 1), rule.id, severity, hit.message))
    return result


def _block_at(analyses: Sequence[Analysis], path: str | None, line: int) -> Block | None:
    index = _INDEX.get(id(analyses))
    if index is None or index[0] is not analyses:
        by_path: dict[str, list[Block]] = {}
        for analysis in analyses:
            by_path.setdefault(analysis.block.path, []).append(analysis.block)
        index = (analyses, by_path)
        _INDEX.clear()
        _INDEX[id(analyses)] = index
    for block in index[1].get(path or "", []):
        if block.line - 1 <= line <= block.line + len(block.lines):
            return block
    return None


_INDEX: dict[int, tuple[Sequence[Analysis], dict[str, list[Block]]]] = {}
