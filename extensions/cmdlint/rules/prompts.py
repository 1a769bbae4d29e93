"""Prompt consistency and non-shell content shown as shell commands."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from cmdlint.command_words import EDITORS, KICKSTART_ONLY, first_word, looks_like_command
from cmdlint.model import Analysis, BlockKind, SessionLine, Severity
from cmdlint.registry import Context, Hit, rule
from cmdlint.specs import Spec, load_specs, subcommand_levels

SHOWS_FILES = {"cat", "less", "more", "head", "tail", "history", "zcat", "journalctl"}
# a line that only a shell reads: a compound command, a continued or piped command,
# a substitution (output does not look like this)
SHELL_SYNTAX = re.compile(
    r"^\s*(?:for\s+[A-Za-z_]\w*\s+in\s|while\s+\S|until\s+\S|if\s+[\[!]|do\s|done\b|then\b"
    r"|fi\s*$|esac\s*$)"
    r"|^\s*[a-z][\w.-]*\s.*\s\\$"
    r"|\$\([a-z]"
    r"|^\s*[A-Za-z_]\w*=\"?\$\S*\s+[a-z]"
    r"|\|\s*(?:grep|sed|awk|sort|uniq|head|tail|xargs|tee|wc|cut|tr)\s"
)
NO_ROOT = {"--user", "--help", "--version"}  # a user unit, or the help or version of a tool


@rule("missing-prompt", "error", applies=["shell"])
def missing_prompt(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A command line without a prompt inside a prompted session (it reads as output).

    Bad::

        # semanage fcontext -a -t glusterd_brick_t /gluster_bricks/newengine
        restorecon -Rv /gluster_bricks/newengine

    Good::

        # semanage fcontext -a -t glusterd_brick_t /gluster_bricks/newengine
        # restorecon -Rv /gluster_bricks/newengine
    """
    if analysis.category != "shell" or not analysis.prompted:
        return
    specs = load_specs(context.facts.spec_folders)
    last_command = ""
    severity: Severity | None = Severity.INFO  # above the first prompt: the writer's own style
    for sl in analysis.session:
        if sl.role == "command":
            severity, last_command = None, _displaying(sl)
            continue
        if sl.role == "blank" and last_command == _REPORTED:
            last_command = ""
        if last_command == _REPORTED:
            continue  # the rest of an unprompted command reported on its first line
        if sl.role != "output" or last_command in SHOWS_FILES or last_command in EDITORS:
            continue
        if SHELL_SYNTAX.search(sl.text):
            yield _shell_syntax_hit(sl, severity)
            last_command = _REPORTED
        elif _reads_as_command(sl.text, specs, context):
            yield _unprompted_command_hit(sl, analysis, severity)


#: what ``missing_prompt`` keeps as the last command once it reported an unprompted one
_REPORTED = "\n"


def _displaying(command: SessionLine) -> str:
    """The command whose output follows (``cat``, ``vi``): its first word."""
    body = command.text[command.body_column - 1 :]
    # "cat > file << EOF" writes a file: what follows its heredoc is no display
    return "" if ">" in body else first_word(body)


def _reads_as_command(text: str, specs: dict[str, Spec], context: Context) -> bool:
    """An output line that reads as a command: a known command, then one of its
    subcommands, an option, a path, a quoted word or a variable."""
    if not looks_like_command(text, context.known_commands):
        return False
    words = text.split()
    spec = specs.get(words[0])
    if (
        spec
        and spec.subcommands
        and len(words) > 1
        and not words[1].startswith("-")
        and (words[1] not in spec.subcommands)
    ):
        return False
    return not (spec is None and len(words) > 1 and not re.match(r"^[-/\"'$<]", words[1]))


def _shell_syntax_hit(sl: SessionLine, severity: Severity | None) -> Hit:
    return Hit(
        sl.line,
        1,
        "shell syntax without a prompt in a session whose commands have one "
        f"('{sl.text.strip()[:30]}'); add the prompt, or it is read as output",
        severity=severity,
    )


def _unprompted_command_hit(sl: SessionLine, analysis: Analysis, severity: Severity | None) -> Hit:
    prompt = next((s.prompt for s in analysis.session if s.prompt), "# ")
    return Hit(
        sl.line,
        1,
        f"command '{sl.text.split()[0]}' has no prompt in a session whose other "
        f"commands have one; add '{prompt} ' or it is read as output",
        severity=severity,
    )


@rule("root-prompt", "warning")
def root_prompt(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A command that needs root shown with the user prompt ``$`` (which commands and
    subcommands need root: the ``root_only`` keys of the specs).

    Bad::

        $ dnf upgrade --nobest

    Good::

        # dnf upgrade --nobest
    """
    if not analysis.commands:
        return  # no specs to load for prose (start-up time)
    specs = load_specs(context.facts.spec_folders)
    for command in analysis.commands:
        if not command.prompt.endswith("$"):
            continue
        words = command.text.split()
        if not words or words[0] in {"sudo", "su"} or NO_ROOT & set(words):
            continue
        spec = specs.get(words[0])
        if spec is not None and needs_root(spec, words[1:]):
            yield Hit(
                command.line,
                1,
                f"'{' '.join(words[:2])}' needs root: show it with the '#' prompt or "
                "prefix it with sudo",
            )


def needs_root(spec: Spec, words: list[str]) -> bool:
    """Whether the command needs root: the deepest subcommand that says so decides
    (``systemctl restart`` does, ``systemctl status`` does not; ``yum`` does but
    ``yum list`` does not)."""
    root = spec.root_only
    for level in subcommand_levels(spec, words)[1:]:
        if level.root_only is not None:
            root = level.root_only
    return bool(root)


@rule("not-shell", "error")
def not_shell(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """Content that is not a shell command shown as one: kickstart directives, or file
    contents typed after an editor command.

    Bad::

        # clearpart --all --drives=device

    Good (in the kickstart file)::

        clearpart --all --drives=device
    """
    if analysis.category == "kickstart" and analysis.block.kind in {
        BlockKind.COMMAND,
        BlockKind.BASH,
        BlockKind.CONSOLE,
    }:
        yield Hit(analysis.block.line, 1, "kickstart directives shown as shell commands")
    if analysis.category != "shell":
        return
    for command in analysis.commands:
        word = first_word(command.text)
        if word in KICKSTART_ONLY:
            yield Hit(
                command.line,
                1,
                f"'{word}' is a kickstart directive, not a shell command; "
                "show it as kickstart file content without a prompt",
            )
    editor = ""
    for sl in analysis.session:
        if sl.role == "command":
            word = first_word(sl.text[sl.body_column - 1 :])
            editor = sl.text[sl.body_column - 1 :].split()[-1] if word in EDITORS else ""
        elif sl.role == "output" and editor:
            yield Hit(
                sl.line,
                1,
                f"file content after an editor command in a command block; "
                f"show the lines of {editor} in a file block",
                severity=Severity.INFO,  # presentation: the reader is not misled
            )
            editor = ""


@rule("unprompted-block", "info", scope="corpus")
def unprompted_block(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A command block without a prompt in a document whose other command blocks have one.

    Bad (the rest of the document writes ``# command``)::

        ansible-playbook -i inventory.yml archive_config.yml --tags backupfiles

    Good::

        # ansible-playbook -i inventory.yml archive_config.yml --tags backupfiles
    """
    by_path: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        if analysis.category == "shell" and not analysis.fragment and analysis.commands:
            by_path.setdefault(analysis.block.path, []).append(analysis)
    for items in by_path.values():
        prompted = [a for a in items if a.prompted]
        if len(prompted) < 2 * (len(items) - len(prompted)) or len(prompted) < 3:
            continue
        prompt = _usual_prompt(prompted)
        for analysis in items:
            if not analysis.prompted and analysis.block.kind in {
                BlockKind.UNTAGGED,
                BlockKind.TEXT,
                BlockKind.NONE,
            }:
                command = analysis.commands[0]
                yield Hit(
                    command.line,
                    1,
                    f"command shown without a prompt, unlike the other "
                    f"commands of this document; write '{prompt} "
                    f"{command.text.split()[0]} ...'",
                    analysis.block.path,
                )


def _usual_prompt(prompted: list[Analysis]) -> str:
    """The prompt the document's commands use most; of those used as often, the
    longest (the most telling), then the first the document uses: the same advice on
    every run."""
    counts = Counter(a.commands[0].prompt for a in prompted)
    return min(counts, key=lambda prompt: (-counts[prompt], -len(prompt)))
