"""Plain data objects of the command linter: blocks, commands, words, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, located in the file a writer edits (1-based line and column)."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


class ReleasePhase(StrEnum):
    """Which release a step of an upgrade guide runs on: the old one before the
    guide's upgrade step, the new one after it (None: on the upgrade step itself)."""

    FROM = "from"
    TO = "to"


class BlockKind(StrEnum):
    """What the markup says a block is: a directive, a language tag or nothing.

    Tags are kept as written (``terminal`` and ``console`` stay apart) because rules
    tell some of them apart; a tag the linter does not read is ``OTHER``.
    """

    PROSE = "prose"  # a paragraph, for the prose rules
    COMMAND = "command"
    OUTPUT = "output"
    FILE = "file"
    UNTAGGED = ""
    TEXT = "text"
    PLAINTEXT = "plaintext"
    NONE = "none"
    PLAIN = "plain"
    BASH = "bash"
    SH = "sh"
    SHELL = "shell"
    CONSOLE = "console"
    SHELL_SESSION = "shell-session"
    SH_SESSION = "sh-session"
    TERMINAL = "terminal"
    ZSH = "zsh"
    JSON = "json"
    YAML = "yaml"
    YML = "yml"
    INI = "ini"
    CFG = "cfg"
    CONF = "conf"
    PROPERTIES = "properties"
    DOSINI = "dosini"
    OTHER = "other"  # any other tag (python, ...), read by its content

    @classmethod
    def of(cls, tag: str) -> BlockKind:
        """The kind of a tag as written (case kept); ``OTHER`` for one not listed."""
        try:
            return cls(tag)
        except ValueError:
            return cls.OTHER


SHELL_KINDS = frozenset(
    {
        BlockKind.BASH,
        BlockKind.SH,
        BlockKind.SHELL,
        BlockKind.CONSOLE,
        BlockKind.SHELL_SESSION,
        BlockKind.SH_SESSION,
        BlockKind.TERMINAL,
        BlockKind.ZSH,
    }
)
DATA_KINDS = frozenset(
    {
        BlockKind.JSON,
        BlockKind.YAML,
        BlockKind.YML,
        BlockKind.INI,
        BlockKind.CFG,
        BlockKind.CONF,
        BlockKind.PROPERTIES,
        BlockKind.DOSINI,
    }
)
UNTAGGED_KINDS = frozenset(
    {BlockKind.UNTAGGED, BlockKind.TEXT, BlockKind.PLAINTEXT, BlockKind.NONE, BlockKind.PLAIN}
)


@dataclass
class Block:
    """A code block: its lines and where the first of them is in the source file.

    ``kind`` is what the markup says (see `BlockKind`): ``command``, ``output``,
    ``file``, a language tag (``bash``, ``json``), or ``""`` for an untagged block.
    ``argument`` is the directive argument (the machine of a ``{command}``, the path
    of a ``{file}``).
    ``suppress`` maps rule ids to the reason given in an inline suppression.
    """

    path: str
    line: int
    lines: list[str]
    kind: BlockKind = BlockKind.UNTAGGED
    argument: str = ""
    template: bool = False
    suppress: dict[str, str] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)  # front matter of a procedure
    # for a rendered template: (source line, column shift) of each line (see locate.py)
    line_map: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def source_position(self, line: int, column: int) -> tuple[int, int]:
        """Where a (line, column) of the block's text is in the file a writer edits."""
        offset = line - self.line
        if not self.line_map or not 0 <= offset < len(self.line_map):
            return line, column
        source_line, shift = self.line_map[offset]
        return source_line, column + shift


@dataclass
class Word:
    """One shell word of a simple command, as written and (when literal) as bash sees it."""

    raw: str
    value: str | None  # None when it holds an expansion bash only resolves at run time
    line: int  # 1-based line in the source file
    column: int  # 1-based column in the source file
    placeholder: bool = False

    @property
    def literal(self) -> bool:
        return self.value is not None and not self.placeholder


@dataclass
class SimpleCommand:
    """A simple command found anywhere in a session (pipelines, loops, $( ) included)."""

    words: list[Word]
    line: int
    column: int

    @property
    def name(self) -> str:
        return self.words[0].value or "" if self.words else ""


@dataclass
class SessionLine:
    """A source line of a console session and what it is."""

    line: int  # 1-based file line
    text: str  # the line as written
    role: str  # "command", "continuation", "output", "blank", "heredoc", "input"
    prompt: str = ""  # the prompt as written ("# ", "$ ", "[root@host ~]# ", "mysql>")
    body_column: int = 1  # 1-based column where the command text starts
    language: str = ""  # of an "input" line: the program's language ("sql", "python")


@dataclass(frozen=True)
class ProgramPrompt:
    """The prompt of an interactive program other than a shell (``mysql>``), the
    language typed after it and its continuation prompts (``->``). Literal text in
    which ``*`` stands for a word: ``*=#`` is psql's ``postgres=#`` and ``engine=#``."""

    prompt: str
    language: str
    continuation: tuple[str, ...] = ()


@dataclass
class Command:
    """A command as typed: the prompt line and the lines that continue it."""

    prompt: str
    lines: list[SessionLine]

    @property
    def line(self) -> int:
        return self.lines[0].line

    @property
    def text(self) -> str:
        return "\n".join(sl.text[sl.body_column - 1 :] for sl in self.lines)


class Category(StrEnum):
    """What a block holds, as :func:`cmdlint.classify.classify` reads it (a StrEnum:
    ``analysis.category == "shell"`` still reads naturally)."""

    SHELL = "shell"
    OUTPUT = "output"
    JSON = "json"
    JSON_FRAGMENT = "json-fragment"
    YAML = "yaml"
    INI = "ini"
    CONF = "conf"
    FSTAB = "fstab"
    KICKSTART = "kickstart"
    PATH = "path"
    TEXT = "text"
    EMPTY = "empty"
    PROSE = "prose"  # the text around the blocks (paragraphs)
    OTHER = "other"  # another language in a shell block: Python, PromQL, SQL, help text


@dataclass
class Analysis:
    """Everything the rules need to know about one block."""

    block: Block
    category: Category
    session: list[SessionLine] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    script: str = ""  # the commands as one bash script, placeholders masked
    script_lines: list[int] = field(default_factory=list)  # script line -> file line
    script_cols: list[int] = field(default_factory=list)  # script line -> column offset
    simple: list[SimpleCommand] = field(default_factory=list)
    parse_error: tuple[int, int] | None = None  # tree-sitter error position (file line, col)
    placeholder_spans: list[tuple[int, int, int]] = field(default_factory=list)  # row, start, end
    prompted: bool = False
    fragment: bool = False  # begins in the middle of a command (a block split by a page)

    def __post_init__(self) -> None:
        self.category = Category(self.category)  # a classifier's text: one of the enum

    def file_pos(self, script_row: int, script_col: int) -> tuple[int, int]:
        """Map a 0-based script row/column to a 1-based file line/column."""
        if not self.script_lines:
            return self.block.line, 1
        row = min(max(script_row, 0), len(self.script_lines) - 1)
        return self.script_lines[row], self.script_cols[row] + script_col + 1
