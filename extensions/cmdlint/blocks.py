"""Find the code blocks of Markdown, MyST, reStructuredText and plain text files.

Every block keeps the 1-based line of the file where its first content line is,
so that findings point at the line a writer edits.  Untagged fences, indented
blocks and rST ``::`` literal blocks are found as well as tagged ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmdlint.model import DATA_KINDS, SHELL_KINDS, UNTAGGED_KINDS, Block, BlockKind

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
RST_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*(?P<lang>\S*)\s*$"
)
RST_LITERAL_INTRO = re.compile(r"(?:^|[^:]):: *$|^\s*:: *$")
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+")
#: A suppression is a comment line of its own: HTML/Markdown ``<!-- ... -->``, MyST
#: ``% ...``, reST ``.. ...``, AsciiDoc ``// ...``.  Prose or inline code that shows
#: the syntax (``<!-- cmdlint: disable=RULE -->`` in a sentence) is not one.
COMMENT = re.compile(r"^\s*(?:<!--(?P<html>.*)-->|(?:%|\.\.|//)(?P<line>.*))\s*$")
SUPPRESS = re.compile(
    r"\s*cmdlint:\s*(?P<what>disable|disable-file)=(?P<rules>[\w,-]+)"
    r"(?:\s+--\s+(?P<reason>.*?))?\s*"
)
TEMPLATE_HINT = re.compile(r"\{%.*?%\}|^\s*```+\{(?:command|procedure)\}", re.M)

SHELL_TAGS = SHELL_KINDS
LINTED = (
    SHELL_KINDS
    | DATA_KINDS
    | UNTAGGED_KINDS
    | {BlockKind.COMMAND, BlockKind.OUTPUT, BlockKind.FILE}
)


@dataclass
class Suppression:
    rules: list[str]
    reason: str
    line: int
    whole_file: bool


def _parse_info(info: str) -> tuple[str, str]:
    """Split a fence info string into (kind, argument)."""
    info = info.strip()
    match = re.match(r"^\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)$", info)
    if match:
        name, arg = match["name"], match["arg"].strip()
        if name in {"code-block", "code", "sourcecode"}:
            return arg.split()[0].lower() if arg else "", ""
        return name, arg
    return (info.split()[0].lower() if info else ""), ""


def suppressions(lines: list[str]) -> list[Suppression]:
    """Inline suppressions: ``<!-- cmdlint: disable=RULE -- reason -->``.

    MyST comments (``% cmdlint: ...``), rST comments (``.. cmdlint: ...``) and
    AsciiDoc comments (``// cmdlint: ...``) work too; only as a line of their own.
    """
    found = []
    for number, text in enumerate(lines, 1):
        if "cmdlint:" not in text:
            continue
        comment = COMMENT.match(text)
        body = (
            comment["html"]
            if comment and comment["html"] is not None
            else (comment["line"] if comment else None)
        )
        match = SUPPRESS.fullmatch(body) if body is not None else None
        if match:
            found.append(
                Suppression(
                    rules=[r for r in match["rules"].split(",") if r],
                    reason=(match["reason"] or "").strip(),
                    line=number,
                    whole_file=match["what"] == "disable-file",
                )
            )
    return found


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def is_template_source(text: str, path: str) -> bool:
    """A procedure source (MyST with Jinja) rather than rendered text."""
    head = text[:2000]
    if head.startswith("---\n") and re.search(r"^id:\s*\S", head, re.M):
        return True
    return bool(TEMPLATE_HINT.search(text)) and path.endswith(".md")


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index in range(1, min(len(lines), 400)):
            if lines[index].strip() in {"---", "..."}:
                return index + 1
    return 0


def extract_blocks(text: str, path: str) -> list[Block]:
    """All code blocks of a file, by its syntax (``.rst`` or anything else as Markdown)."""
    lines = text.split("\n")
    template = is_template_source(text, path)
    if path.endswith((".rst", ".rest")):
        blocks = _rst_blocks(lines, path)
    else:
        plain = path.endswith(".txt")
        blocks = _markdown_blocks(lines, path, plain=plain)
        if not plain:
            blocks += _quoted_blocks(lines, path)
    for block in blocks:
        block.template = template
    apply_suppressions(blocks, lines)
    return blocks


def apply_suppressions(blocks: list[Block], lines: list[str]) -> None:
    """Give each block the suppressions written just before it (or for the whole file)."""
    marks = suppressions(lines)
    for block in blocks:
        first = block.line_map[0][0] if block.line_map else block.line
        for mark in marks:
            if mark.whole_file or _just_before(lines, mark.line, first):
                for rule in mark.rules:
                    block.suppress[rule] = mark.reason


def _just_before(lines: list[str], mark_line: int, block_line: int) -> bool:
    """The suppression comment is the last thing before the block's opening line."""
    if mark_line >= block_line:
        return False
    between = lines[mark_line : block_line - 2]  # lines after the mark, before the fence
    return all(not line.strip() for line in between)


def _markdown_blocks(lines: list[str], path: str, plain: bool = False) -> list[Block]:
    """Fenced and indented blocks.  In Markdown a list item moves the indentation of its
    code blocks; in ``plain`` text (.txt) there are no list items: a line indented by
    four spaces after a blank line starts a block, under a numbered step too."""
    blocks: list[Block] = []
    index = _front_matter_end(lines)
    list_indent = -1
    previous_blank = True
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            indent, mark = len(fence["indent"]), fence["fence"]
            kind, argument = _parse_info(fence["info"])
            body: list[str] = []
            end = index + 1
            closer = re.compile(r"^\s*" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}\s*$")
            while end < len(lines) and not closer.match(lines[end]):
                body.append(_dedent(lines[end], indent))
                end += 1
            if kind in LINTED:
                blocks.append(Block(path, index + 2, body, BlockKind(kind), argument))
            index = end + 1
            previous_blank = False
            continue
        stripped = line.strip()
        item = None if plain else LIST_ITEM.match(line)
        if item:
            list_indent = len(item.group(0).expandtabs(4))
        elif stripped and _indent(line) == 0:
            list_indent = -1
        base = max(list_indent, 0) + 4
        if previous_blank and stripped and _indent(line) >= base and not item:
            start = index
            body = []
            while index < len(lines) and (
                not lines[index].strip() or _indent(lines[index]) >= base
            ):
                body.append(_dedent(lines[index], base))
                index += 1
            while body and not body[-1].strip():
                body.pop()
            blocks.append(Block(path, start + 1, body, BlockKind.UNTAGGED))
            previous_blank = False
            continue
        previous_blank = not stripped
        index += 1
    return blocks


QUOTE = re.compile(r"^ {0,3}> ?")


def _quoted_blocks(lines: list[str], path: str, depth: int = 0) -> list[Block]:
    """Code blocks inside block quotes (``> ```bash``), nested ones too: each run
    of quoted lines is read again without its ``>``, and its blocks keep the
    file's lines and columns."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines) and depth < 8:
        if not QUOTE.match(lines[index]):
            index += 1
            continue
        start = index
        inner: list[str] = []
        shifts: list[int] = []
        while index < len(lines) and (prefix := QUOTE.match(lines[index])):
            inner.append(lines[index][prefix.end() :])
            shifts.append(prefix.end())
            index += 1
        if inner[0].strip() == "---":
            inner[0] = ""  # a thematic break, not front matter
        for block in [*_markdown_blocks(inner, path), *_quoted_blocks(inner, path, depth + 1)]:
            own = block.line_map or [(block.line + i, 0) for i in range(len(block.lines))]
            block.line_map = [
                (start + line, shift + shifts[min(line - 1, len(shifts) - 1)])
                for line, shift in own
            ]
            block.line = start + block.line
            blocks.append(block)
    return blocks


def _dedent(line: str, amount: int) -> str:
    if amount <= 0:
        return line  # keep leading tabs (a <<- heredoc strips them)
    expanded = line.expandtabs(4) if line[:1] == "\t" else line
    cut = 0
    while cut < amount and cut < len(expanded) and expanded[cut] == " ":
        cut += 1
    return expanded[cut:]


def _rst_blocks(lines: list[str], path: str) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = RST_DIRECTIVE.match(line)
        literal = RST_LITERAL_INTRO.search(line) and not line.lstrip().startswith("..")
        if directive or literal:
            kind = directive["lang"].lower() if directive else ""
            base = _indent(line)
            cursor = index + 1
            while cursor < len(lines) and re.match(r"^\s+:[\w-]+:", lines[cursor]):
                cursor += 1  # directive options
            while cursor < len(lines) and not lines[cursor].strip():
                cursor += 1
            if cursor < len(lines) and _indent(lines[cursor]) > base:
                inner = _indent(lines[cursor])
                start = cursor
                body = []
                while cursor < len(lines) and (
                    not lines[cursor].strip() or _indent(lines[cursor]) > base
                ):
                    body.append(_dedent(lines[cursor], inner))
                    cursor += 1
                while body and not body[-1].strip():
                    body.pop()
                if kind in LINTED:
                    blocks.append(Block(path, start + 1, body, BlockKind(kind)))
                index = cursor
                continue
        index += 1
    return blocks
