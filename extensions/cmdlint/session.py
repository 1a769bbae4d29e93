"""Console sessions: prompts, continuations, heredocs, output lines and placeholders.

A session block is split into commands (a prompt line and the lines that continue
it: a trailing ``\\``, an open quote, an open ``$(``, an open compound command or
a heredoc) and the other lines, which are program output.  The commands become
one bash script whose lines map back to the file's lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from cmdlint.model import Analysis, Command, ProgramPrompt, SessionLine

BUILT_IN_PROMPTS = (
    r"\[[^\]\n]{1,80}\][#$]|[\w.-]{1,40}@[\w.-]{1,60}(?::[^\s#$]*)?[#$%]"
    r"|(?:bash|sh|zsh)-\d[\d.]*[#$]|/ [$#](?= )|[#$%]"
)


@lru_cache(maxsize=16)
def prompt_pattern(extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The prompts a session line may start with: the built-in ones (``$``, ``#``,
    ``%``, ``user@host$``, ``[user@host ~]$``, each optionally after ``(venv) ``) and
    a project's own (``[tool.cmdlint] prompts``, literal text such as ``app$``)."""
    own = "".join(f"{re.escape(text)}|" for text in sorted(extra, key=len, reverse=True))
    return re.compile(
        r"^(?P<prompt>(?:\([\w.-]{1,40}\) )?"  # (venv) $
        rf"(?:{own}{BUILT_IN_PROMPTS}))(?: +|$)"
    )


PROMPT = prompt_pattern()
#: Interactive programs whose sessions documentation shows in console blocks: a line
#: after one of these prompts (or a continuation prompt right after) is that program's
#: input, never shell. A project adds its own ([tool.cmdlint] program-prompts).
PROGRAM_PROMPTS = (
    ProgramPrompt("mysql>", "sql", ("->", "'>", '">', "`>", "/*>")),
    ProgramPrompt("MariaDB [*]>", "sql", ("->", "'>", '">', "`>", "/*>")),
    ProgramPrompt("*=#", "sql", ("*-#", "*(#", "*'#", '*"#')),  # psql, as a superuser
    ProgramPrompt("*=>", "sql", ("*->", "*(>", "*'>", '*">')),  # psql
    ProgramPrompt("SQL>", "sql"),  # SQL*Plus
    ProgramPrompt("sqlite>", "sql", ("...>",)),
    ProgramPrompt(">>>", "python", ("...",)),
    ProgramPrompt("irb(main):*:*>", "ruby", ('irb(main):*:*"', "irb(main):*:*'")),
)
#: What ``*`` stands for in a program's prompt: a word (a database, a line number).
PROMPT_WORD = r"[^\s=#>$%\]'\"]+"
ProgramPatterns = tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]


def _prompt_regex(texts: tuple[str, ...]) -> str:
    texts = tuple(sorted(texts, key=len, reverse=True))
    return "|".join(PROMPT_WORD.join(map(re.escape, text.split("*"))) for text in texts)


@lru_cache(maxsize=16)
def program_patterns(programs: tuple[ProgramPrompt, ...] = PROGRAM_PROMPTS) -> ProgramPatterns:
    """For each program: its prompt, its continuation prompts (after any indent) and
    its language; each prompt followed by a space or the end of the line."""
    return tuple(
        (
            re.compile(rf"^(?P<prompt>{_prompt_regex((program.prompt,))})(?: +|$)"),
            re.compile(rf"^\s*(?P<prompt>{_prompt_regex(program.continuation)})(?: +|$)")
            if program.continuation
            else None,
            program.language,
        )
        for program in programs
    )


def program_input(
    raw: str, patterns: ProgramPatterns, previous: int | None
) -> tuple[int, str, int] | None:
    """(which program, prompt, body column) of a line typed into another program: after
    its prompt, or after its continuation prompt right after its input (``previous``)."""
    if previous is not None:
        continuation = patterns[previous][1]
        if continuation is not None and (match := continuation.match(raw)):
            return previous, match["prompt"], match.end() + 1
    for number, (start, _continuation, _language) in enumerate(patterns):
        if match := start.match(raw):
            return number, match["prompt"], match.end() + 1
    return None


# <VG_NAME>, <backup-file.tar.gz>, <engine VM ip address>: one word, never a redirection.
PLACEHOLDER = re.compile(
    r"(?:(?<![<\w$&>])|(?<=(?<!\w)_)|(?<=(?<!\w)__))<(?![<(&=])(?:[^\s<>]|[^\s<>][^<>\n]{0,60}?[^\s<>])>(?!>)"
)
CALLOUT_ONLY = re.compile(r"^<\d{1,2}>$")
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")  # Hugo: {{< version >}}, {{% param x %}}
JINJA_EXPR = re.compile(r"\{\{.*?\}\}")
JINJA_STMT = re.compile(r"^\s*(\{%.*?%\}|\{#.*?#\})\s*$")
GT_PROMPT = re.compile(r"^(?P<prompt>>) +(?=\S)")
ELISION = re.compile(r"^\s*(?:#\s*)?(?:\.{3,}|…|\[\s*(?:\.{2,}|…)\s*\])\s*$")
HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([\w.-]+)\2")
OPENERS = {"if": "fi", "case": "esac", "do": "done", "{": "}"}
CLOSERS = {"fi", "esac", "done", "}"}
LOOPS = {"for", "while", "until", "select"}
AFTER_KEYWORD = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"}


@dataclass
class LexState:
    """What is still open at the end of a line."""

    frames: list[list[str]] = field(default_factory=lambda: [["top", ""]])  # [kind, quote]
    depth: list[str] = field(default_factory=list)  # open compound commands
    backslash: bool = False
    backslash_space: bool = False
    pipe_open: bool = False
    heredocs: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return bool(
            len(self.frames) > 1
            or self.frames[0][1]
            or self.depth
            or self.backslash
            or self.pipe_open
        )

    @property
    def quote(self) -> str:
        return self.frames[-1][1]


def scan_line(line: str, state: LexState) -> LexState:
    """Advance the lexer state over one line of shell text."""
    state.backslash = state.backslash_space = state.pipe_open = False
    return _LineScan(line, state).run()


_WORD = re.compile(r"[^\s;&|()<>'\"`$\\]+")
_STOP = "stop"  # a backslash ends the line: the command goes on
_COMMENT = "comment"  # the rest of the line is a comment


class _LineScan:
    """One pass over a line: where it is, and whether a command word may come next
    (where ``if``, ``for`` or ``done`` open or close a compound command)."""

    def __init__(self, line: str, state: LexState) -> None:
        self.line, self.state, self.i = line, state, 0
        self.command_position = not state.frames[-1][1]

    def run(self) -> LexState:
        while self.i < len(self.line):
            outcome = self._step(self.state.frames[-1], self.line[self.i])
            if outcome == _STOP:
                return self.state
            if outcome == _COMMENT:
                break
        tail = self.line.rstrip()
        if not self.state.frames[-1][1] and tail.endswith(("|", "&&", "||")):
            self.state.pipe_open = not tail.endswith(";;")
        return self.state

    def _step(self, frame: list[str], c: str) -> str | None:
        if frame[1] == "'":
            if c == "'":
                frame[1] = ""
            return self._skip()
        if c == "\\":
            return self._backslash()
        if c == "`" or (c == "$" and self.line[self.i + 1 : self.i + 2] in ("(", "{")):
            return self._substitution(frame, c)
        if frame[1] == '"':
            if c == '"':
                frame[1] = ""
            return self._skip()
        if frame[0] == "${":
            if c == "}":
                self.state.frames.pop()
            elif c in "'\"":
                frame[1] = c
            return self._skip()
        return self._unquoted(frame, c)

    def _skip(self) -> str | None:
        self.i += 1
        return None

    def _backslash(self) -> str | None:
        rest = self.line[self.i + 1 :]
        if not rest.strip():
            self.state.backslash = True
            self.state.backslash_space = bool(rest)
            return _STOP
        self.i += 2
        return None

    def _substitution(self, frame: list[str], c: str) -> str | None:
        """A backquote opens or closes one; ``$(`` and ``${`` open one."""
        if c == "`":
            if frame[0] == "`":
                self.state.frames.pop()
            else:
                self.state.frames.append(["`", ""])
            return self._skip()
        kind = self.line[self.i : self.i + 2]
        self.state.frames.append([kind, ""])
        self.command_position = self.command_position or kind == "$("
        self.i += 2
        return None

    def _unquoted(self, frame: list[str], c: str) -> str | None:
        if c in "'\"":
            frame[1] = c
            self.command_position = False
            return self._skip()
        if c == "#" and (self.i == 0 or self.line[self.i - 1] in " \t;&|("):
            return _COMMENT
        if c in "()":
            return self._parenthesis(frame, c)
        if c in ";&|\n":
            self.command_position = True
            return self._skip()
        if c in " \t":
            return self._skip()
        if c == "<" and (heredoc := HEREDOC.match(self.line, self.i)):
            self.state.heredocs.append((heredoc[3], heredoc[1] == "-"))
            self.i = heredoc.end()
            return None
        if word := _WORD.match(self.line, self.i):
            return self._word(word.group(0))
        self.command_position = False
        return self._skip()

    def _parenthesis(self, frame: list[str], c: str) -> str | None:
        if c == "(":
            frame.append("(")
            self.command_position = True
        elif frame[2:]:
            frame.pop()
        elif frame[0] == "$(":
            self.state.frames.pop()
        return self._skip()

    def _word(self, word: str) -> str | None:
        if self.command_position:
            _compound(self.state.depth, word)
            self.command_position = word in AFTER_KEYWORD
        self.i += len(word)
        return None


def _compound(depth: list[str], word: str) -> None:
    """Open or close a compound command at a command word (``for`` ... ``do`` ... ``done``)."""
    if word in LOOPS:
        depth.append("do")  # "for x in a b;" / "do": the loop goes on
    elif word == "do" and depth and depth[-1] == "do":
        depth[-1] = "done"
    elif word in OPENERS:
        depth.append(OPENERS[word])
    elif word in CLOSERS and depth and depth[-1] == word:
        depth.pop()


def heredoc_opened(command: str) -> tuple[str, bool] | None:
    """The here-document a line of shell text opens: (delimiter, ``<<-`` strips tabs).

    The lexer sees quotes and comments, so ``echo "<<EOF"`` opens none.  guidekit's
    build check of ``{command}`` blocks uses this too, so the two cannot disagree.
    """
    state = scan_line(command, LexState())
    return state.heredocs[0] if state.heredocs else None


def heredoc_closes(line: str, heredoc: tuple[str, bool]) -> bool:
    """Whether ``line`` ends the here-document ``heredoc`` (from :func:`heredoc_opened`)."""
    body = line.lstrip("\t") if heredoc[1] else line
    return body.rstrip() == heredoc[0]


def _new_prompt(
    raw: str, state: LexState, after_blank: bool = False, prompt: re.Pattern[str] = PROMPT
) -> bool:
    """A prompt line while only a quote or ``$(`` is open, or, after a blank line, while
    a compound command (``if``, ``for``) is open: the previous command is broken (it is
    left unterminated for the syntax check) and a new one starts.  (A ``# comment`` line
    right inside a loop body stays part of the loop.)"""
    if state.backslash or state.pipe_open or (state.depth and not after_blank):
        return False
    match = prompt.match(raw)
    return bool(match and re.match(r"[a-z_./\[]", raw[match.end() :]))


def mask_line(line: str, template: bool) -> tuple[str, list[tuple[int, int]]]:
    """Replace placeholders (and Jinja expressions in templates) by one word of equal length."""
    spans: list[tuple[int, int]] = []

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if CALLOUT_ONLY.match(text):
            return text
        spans.append((match.start(), match.end()))
        return "_" + re.sub(r"[^\w.:/@+-]", "_", text[1:-1]) + "_"

    masked = SHORTCODE.sub(word, line) if "{{" in line else line
    masked = PLACEHOLDER.sub(word, masked)
    if template:
        masked = JINJA_EXPR.sub(word, masked)
    return masked, spans


def _after_output(analysis: Analysis) -> bool:
    last = next((sl for sl in reversed(analysis.session) if sl.role != "blank"), None)
    return last is not None and last.role == "output"


def parse_session(
    analysis: Analysis,
    unprompted_commands: bool,
    comments: frozenset[int] = frozenset(),
    is_output: Callable[[str, bool], bool] | None = None,
    gt_prompt: bool = False,
    prompt: re.Pattern[str] = PROMPT,
    programs: ProgramPatterns | None = None,
) -> None:
    """Fill ``analysis.session``, ``commands`` and the bash script with its line map.

    ``comments``: offsets of the ``# ...`` lines that are comments, not root prompts;
    ``is_output``: in a script, an unprompted line that reads as output is output;
    ``gt_prompt``: the block's prompt is ``>`` (see :mod:`cmdlint.sessionshape`);
    ``prompt``: the prompts the project uses (:func:`prompt_pattern`);
    ``programs``: other programs' prompts (:func:`program_patterns`): the lines typed
    after them are ``input`` in their language, neither shell nor output.
    A line that only elides (``...``, ``[...]``) is no command."""
    reading = _Reading(unprompted_commands, comments, is_output, gt_prompt, prompt)
    reader = _SessionReader(analysis, reading, program_patterns() if programs is None else programs)
    for offset, raw in enumerate(analysis.block.lines):
        reader.read_line(offset, raw)
    build_script(analysis)


class _SessionReader:
    """What is open while :func:`parse_session` reads a block line by line: the
    command being typed, the shell lexer's state, a here-document, another program."""

    def __init__(self, analysis: Analysis, reading: _Reading, programs: ProgramPatterns) -> None:
        self.analysis, self.reading, self.programs = analysis, reading, programs
        self.block = analysis.block
        self.program: int | None = None  # the program the previous line was typed into
        self.state = LexState()
        self.heredoc: tuple[str, bool] | None = None
        self.continuing = False  # the previous line left the command open
        self.current: Command | None = None

    def read_line(self, offset: int, raw: str) -> None:
        number = self.block.line + offset
        if self.block.template and JINJA_STMT.match(raw):
            self.analysis.session.append(SessionLine(number, raw, "blank"))
        elif self.heredoc is not None:
            self._heredoc_line(SessionLine(number, raw, "heredoc"), self.heredoc)
        elif not self._program_line(number, raw):
            self._shell_line(offset, raw)

    def _heredoc_line(self, session_line: SessionLine, heredoc: tuple[str, bool]) -> None:
        self.analysis.session.append(session_line)
        if self.current:
            self.current.lines.append(session_line)
        if heredoc_closes(session_line.text, heredoc):
            self.heredoc = None
            self.continuing = False

    def _program_line(self, number: int, raw: str) -> bool:
        """A line typed into another program (``mysql>``): ``input``, no shell."""
        typed = None if self.continuing else program_input(raw, self.programs, self.program)
        self.program = typed[0] if typed else None
        if typed is None:
            return False
        language = self.programs[typed[0]][2]
        self.analysis.session.append(
            SessionLine(number, raw, "input", typed[1], typed[2], language)
        )
        self.current = None  # what follows is no longer the shell command's
        return True

    def _shell_line(self, offset: int, raw: str) -> None:
        """A line that continues the open command, starts one, or is output or blank."""
        session_line = self._continuation(offset, raw) or _fresh_line(
            self.analysis, offset, raw, self.reading
        )
        self.analysis.session.append(session_line)
        if session_line.role == "command":
            self.state = LexState()
            self.current = Command(session_line.prompt, [session_line])
            self.analysis.commands.append(self.current)
        elif session_line.role != "continuation":
            return
        elif self.current is not None:
            self.current.lines.append(session_line)
        self._scan(raw[session_line.body_column - 1 :])

    def _continuation(self, offset: int, raw: str) -> SessionLine | None:
        """The line as a continuation of the open command, unless a prompt breaks it."""
        if not self.continuing:
            return None
        after_blank = offset > 0 and not self.block.lines[offset - 1].strip()
        if _new_prompt(raw, self.state, after_blank, self.reading.prompt):
            return None
        return SessionLine(self.block.line + offset, raw, "continuation")

    def _scan(self, body: str) -> None:
        """Advance the lexer over a command line's text; note a here-document it opens."""
        scan_line(mask_line(body, self.block.template)[0], self.state)
        if self.state.heredocs:
            self.heredoc = self.state.heredocs.pop(0)
            self.state.heredocs.clear()
        self.continuing = self.state.open or self.heredoc is not None


@dataclass(frozen=True)
class _Reading:
    """How :func:`parse_session` reads the lines that start something."""

    unprompted_commands: bool
    comments: frozenset[int]
    is_output: Callable[[str, bool], bool] | None
    gt_prompt: bool
    prompt: re.Pattern[str]


def _fresh_line(analysis: Analysis, offset: int, raw: str, reading: _Reading) -> SessionLine:
    """A line that continues nothing: a command (prompted, or unprompted in a
    script), or a blank, elided or output line."""
    number = analysis.block.line + offset
    if not raw.strip() or offset in reading.comments or ELISION.match(raw):
        return SessionLine(number, raw, "blank")
    match = reading.prompt.match(raw) or (GT_PROMPT.match(raw) if reading.gt_prompt else None)
    if match and raw[match.end() :].strip() in {"{", "["}:
        return SessionLine(number, raw, "output")  # "$ {": JSON shown after a prompt
    if match and raw[match.end() :].strip():
        analysis.prompted = True
        return SessionLine(number, raw, "command", match["prompt"], match.end() + 1)
    if match:
        return SessionLine(number, raw, "blank", match["prompt"])
    if (
        reading.unprompted_commands
        and not analysis.prompted
        and not (reading.is_output and reading.is_output(raw, _after_output(analysis)))
    ):
        indent = len(raw) - len(raw.lstrip())
        return SessionLine(number, raw, "command", "", indent + 1)
    return SessionLine(number, raw, "output")


def build_script(analysis: Analysis) -> None:
    """Join the command lines into one script; remember where each script line came from."""
    rows: list[str] = []
    analysis.placeholder_spans = []
    for command in analysis.commands:
        for session_line in command.lines:
            column = session_line.body_column - 1
            body = session_line.text[column:]
            masked, spans = mask_line(body, analysis.block.template)
            if session_line.role != "heredoc":
                masked = re.sub(r"\\[ \t]+$", "\\\\", masked)
            for start, end in spans:
                analysis.placeholder_spans.append((len(rows), start, end))
            rows.append(masked)
            analysis.script_lines.append(session_line.line)
            analysis.script_cols.append(column)
    analysis.script = "\n".join(rows) + ("\n" if rows else "")
