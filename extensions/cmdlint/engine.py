"""The core: text in, findings out.  The CLI and the Sphinx builder call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cmdlint.blocks import extract_blocks, is_template_source, suppressions
from cmdlint.classify import classify, is_fragment
from cmdlint.command_words import COMMON_COMMANDS
from cmdlint.model import (
    Analysis,
    Block,
    BlockKind,
    Category,
    Finding,
    ProgramPrompt,
    Severity,
)
from cmdlint.registry import RULES, Context, Hit, Rule, Scope, expand
from cmdlint.ruleset import all_rules
from cmdlint.session import PROGRAM_PROMPTS, parse_session, program_patterns, prompt_pattern
from cmdlint.sessionshape import comment_lines, gt_prompts, is_script, output_line


@dataclass
class Selection:
    """Which rules run and at which severity (from pyproject.toml, conf.py and the
    command line).  ``select`` and ``ignore`` hold rule ids: :meth:`of` expands
    families and refuses unknown names."""

    select: set[str] = field(default_factory=set)  # empty: every rule that is on by default
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, Severity] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: dict[str, str] | dict[str, Severity] | None = None,
    ) -> Selection:
        """A selection from rule ids or families; :class:`UnknownRule` names unknown ones,
        ``ValueError`` a level that is not error, warning or info."""
        rules = all_rules()
        levels = {name: Severity(level) for name, level in (severity or {}).items()}
        expand(levels, rules)  # the names must be known
        return cls(expand(select, rules), expand(ignore, rules), levels)

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        if self.select:
            return rule_id in self.select
        known = RULES.get(rule_id)
        return known is None or known.default


def known_commands(spec_folders: tuple[str, ...] = ()) -> frozenset[str]:
    from cmdlint.specs import load_specs  # the specs load only when a code block needs them

    return COMMON_COMMANDS | frozenset(load_specs(spec_folders))


def analyse(
    block: Block,
    known: frozenset[str] | None = None,
    prompts: tuple[str, ...] = (),
    programs: tuple[ProgramPrompt, ...] = (),
) -> Analysis:
    """Classify a block and, for a shell session, parse its commands.

    ``prompts``: the project's own prompts besides the built-in ones (``app$``);
    ``programs``: its own prompts of other programs, besides the built-in ones."""
    known = known if known is not None else known_commands()
    if block.kind == BlockKind.PROSE:
        return Analysis(block, Category.PROSE)
    prompt = prompt_pattern(prompts)
    category = classify(block, known, prompt)
    analysis = Analysis(block, Category(category))
    if category == "shell":
        analysis.fragment = block.kind == BlockKind.UNTAGGED and is_fragment(block.lines, prompt)
        script = is_script(block, known, prompt)
        parse_session(
            analysis,
            unprompted_commands=script and block.kind != BlockKind.COMMAND,
            comments=comment_lines(block, known, script, prompt),
            is_output=(lambda line, after: output_line(line, known, after)) if script else None,
            gt_prompt=gt_prompts(block, known, prompt),
            prompt=prompt,
            programs=program_patterns((*programs, *PROGRAM_PROMPTS)),
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
                result.append(Block(path, start, current, BlockKind.PROSE))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        result.append(Block(path, start, current, BlockKind.PROSE))
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
        Finding(
            f.path, f.line, f.column, f.rule, selection.severity.get(f.rule, f.severity), f.message
        )
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
    if not context.known_commands and any(block.kind != BlockKind.PROSE for block in blocks):
        context.known_commands = known_commands(context.facts.spec_folders)
    known = context.known_commands
    facts = context.facts
    analyses = [analyse(block, known, facts.prompts, facts.program_prompts) for block in blocks]
    rules = [
        r for r in all_rules().values() if r.scope is not Scope.EXTERNAL and selection.enabled(r.id)
    ]
    for chosen in rules:
        if chosen.prepare is not None:  # a slow checker starts while the others run
            chosen.prepare(analyses, context)
    blocks_at = _BlockIndex(analyses)
    findings: list[Finding] = []
    for chosen in rules:
        assert chosen.check is not None
        if chosen.scope is Scope.BLOCK:
            for analysis in analyses:
                if chosen.applies is None or analysis.category in chosen.applies:
                    hits = chosen.check(analysis, context)
                    findings.extend(_findings(chosen, hits, blocks_at, selection, analysis))
        else:
            findings.extend(
                _findings(chosen, chosen.check(analyses, context), blocks_at, selection)
            )
    return sorted(set(findings))


class _BlockIndex:
    """The block of a corpus rule's hit that names none, by path and line (one run)."""

    def __init__(self, analyses: Sequence[Analysis]) -> None:
        self.by_path: dict[str, list[Block]] = {}
        for analysis in analyses:
            self.by_path.setdefault(analysis.block.path, []).append(analysis.block)

    def at(self, path: str | None, line: int) -> Block | None:
        for block in self.by_path.get(path or "", []):
            if block.line - 1 <= line <= block.line + len(block.lines):
                return block
        return None


def _findings(
    rule: Rule,
    hits: Iterable[Hit],
    blocks_at: _BlockIndex,
    selection: Selection,
    owner: Analysis | None = None,
) -> list[Finding]:
    result = []
    for hit in hits:
        block = owner.block if owner else hit.block or blocks_at.at(hit.path, hit.line)
        path = hit.path or (block.path if block else "")
        if block is not None and block.suppress.get(rule.id):
            continue
        severity = selection.severity.get(rule.id) or hit.severity or rule.severity
        line, column = (
            block.source_position(hit.line, hit.column) if block else (hit.line, hit.column)
        )
        result.append(Finding(path, max(line, 1), max(column, 1), rule.id, severity, hit.message))
    return result
