"""Tell what a block holds: a shell session or program output, JSON, YAML, INI/.repo,
configuration lines (postgresql.conf), fstab lines, kickstart directives."""

from __future__ import annotations

import json
import re

from cmdlint.command_words import (
    COMMON_COMMANDS,
    KICKSTART,
    KICKSTART_ONLY,
    first_word,
    looks_like_command,
)
from cmdlint.model import SHELL_KINDS, Block, BlockKind
from cmdlint.session import PROMPT

KEY_VALUE = re.compile(r"^\s*[A-Za-z_][\w.-]*\s*=\s*(\S.*)?$")
INI_SECTION = re.compile(r"^\s*\[[^\]\s][^\]]*\]\s*$")
YAML_LINE = re.compile(r"^\s*(?:- +)?(?:[\w.\"'<>{}-]+|\"[^\"]*\"):(?:\s|$)|^\s*- ")
FSTAB = re.compile(
    r"^\s*(?:UUID=|LABEL=|PARTUUID=|/dev/|[\w.-]+:/|tmpfs|proc|sysfs)\S*\s+(?:/\S*|none|swap)"
    r"\s+[\w.]+\s+\S+(?:\s+\d+\s+\d+)?\s*$"
)
PATH_ONLY = re.compile(r"^\s*/[^\s]*\s*$")


def _content(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


def classify(
    block: Block, known: frozenset[str] = COMMON_COMMANDS, prompt: re.Pattern[str] = PROMPT
) -> str:
    """The category of a block: by its tag where it has one, by its content otherwise;
    ``prompt``: the prompts the project uses (:func:`cmdlint.session.prompt_pattern`)."""
    kind = block.kind
    lines = _content(block.lines)
    if not lines:
        return "empty"
    if kind in SHELL_KINDS or kind == BlockKind.COMMAND:
        if kind != BlockKind.COMMAND and (other_language(lines, prompt) or _json_data(lines)):
            return "other"  # data shown in a shell-tagged block: not parsed as bash
        return "shell"
    if kind == BlockKind.OUTPUT:
        return "output"
    if kind in DATA_KINDS and _session_in_data(lines, known, prompt):
        return "shell"  # a session with its output, tagged by the output's language
    if kind in DATA_KINDS and _program_output(lines):
        return "output"
    if kind == BlockKind.JSON:
        if re.match(r'^\s*"[^"]+"\s*:', lines[0]):
            return "json-fragment"  # the members to add to an object
        if re.match(r"^\s*[A-Za-z_][\w.-]*:(?:\s|$)", lines[0]):
            return "yaml"  # YAML under a json tag: what the reader pastes is YAML
        return "json"
    if kind in {BlockKind.YAML, BlockKind.YML}:
        return "yaml"
    if kind in {BlockKind.INI, BlockKind.CFG, BlockKind.DOSINI}:
        return "ini"
    if kind in {BlockKind.CONF, BlockKind.PROPERTIES}:
        return "conf"
    if kind == BlockKind.FILE:
        return _by_path(block.argument, lines)
    return _by_content(lines, known, prompt)


def _json_data(lines: list[str]) -> bool:
    """JSON or YAML data in a shell-tagged block (``status:`` and its mapping)."""
    if re.match(r"^[A-Za-z_][\w.-]*:\s*$", lines[0]) and all(
        YAML_LINE.match(line)
        or re.match(r"^[\w./-]+:(?:\s|$)", line)
        or line.startswith((" ", "\t", "#", "---"))
        for line in lines
    ):
        return True
    return (
        lines[0].strip() in {"{", "[", "[{"}
        and sum(bool(re.match(r'^\s*"[^"]+"\s*:', line)) for line in lines) >= 2
    )


DATA_KINDS = frozenset({BlockKind.JSON, BlockKind.YAML, BlockKind.YML})


def _session_in_data(lines: list[str], known: frozenset[str], prompt: re.Pattern[str]) -> bool:
    """A ``yaml``/``json`` block that holds commands: ``$ kubectl get vm -o json`` and
    its output, or a ``kubectl patch ... -p '{...}'`` command."""
    if looks_like_command(lines[0], known) and not YAML_LINE.match(lines[0]):
        return True
    if re.match(r"^[A-Za-z_]\w*=\S", lines[0]) or any(
        looks_like_command(line, known) and re.search(r"<<-?\s*['\"]?\w+", line) for line in lines
    ):
        return True  # "NAME=value" then "kubectl apply -f - <<EOF" and its YAML
    return any(
        (m := prompt.match(line)) and m["prompt"] not in {"#", "%"} and line[m.end() :].strip()
        for line in lines
    )


def _program_output(lines: list[str]) -> bool:
    """``oc describe`` output (``Name:   x``) or a table, under a yaml/json tag."""
    described = sum(bool(re.match(r"^\s*[A-Z][\w -]*:\s{2,}\S", line)) for line in lines)
    tables = sum(len(re.findall(r"\S {3,}\S", line)) >= 2 and ":" not in line for line in lines)
    return described >= 2 or tables >= 2


def _by_path(path: str, lines: list[str]) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".json"):  # a {file} block may hold only the lines to add
        return "json" if lines[0].lstrip()[:1] in "{[" else "json-fragment"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    if name.endswith((".repo", ".ini")):
        return "ini" if INI_SECTION.match(lines[0]) else "conf"
    if name == "fstab":
        return "fstab"
    if name.endswith(".ks") or (name.endswith(".cfg") and lines[0].split()[0] in KICKSTART):
        return "kickstart"
    return "conf"


def _by_content(lines: list[str], known: frozenset[str], prompt: re.Pattern[str]) -> str:
    text = "\n".join(lines).strip()
    first = lines[0]
    if other_language(lines, prompt):
        return "other"
    if text[:1] in "{[" and not INI_SECTION.match(first) and not prompt.match(first):
        try:
            json.loads(text)
            return "json"
        except ValueError:
            if text[:1] == "{" or re.match(r"^\[\s*[{\[\"\d]", text):
                return "json"
    if re.match(r'^\s*"[^"]+"\s*:', first):
        return "json-fragment"
    if prompt.match(first) and _prompt_command(first, known, prompt):
        return "shell"
    if any(prompt.match(line) and _prompt_command(line, known, prompt) for line in lines[1:]):
        return "shell"  # output first: a block split by a page break
    words = [first_word(line) for line in lines]
    if sum(w in KICKSTART_ONLY or w in {"%packages", "%post", "%pre"} for w in words) > 0 and all(
        w in KICKSTART or line.startswith(("#", "-", " "))
        for w, line in zip(words, lines, strict=True)
    ):
        return "kickstart"
    if INI_SECTION.match(first) and all(
        INI_SECTION.match(line) or KEY_VALUE.match(line) or line.lstrip().startswith(("#", ";"))
        for line in lines
    ):
        return "ini"
    if all(FSTAB.match(line) or line.lstrip().startswith("#") for line in lines):
        return "fstab"
    if all(KEY_VALUE.match(line) or line.lstrip().startswith("#") for line in lines):
        return "conf"
    if looks_like_command(first, known) or _is_fragment(lines):
        return "shell"
    if len(lines) == 1 and PATH_ONLY.match(first):
        return "path"
    if all(
        YAML_LINE.match(line) or line.lstrip().startswith("#") or line.rstrip() in {"---", "..."}
        for line in lines
    ) and any(line.rstrip().endswith(":") or line.lstrip().startswith("- ") for line in lines):
        return "yaml"
    return "output"


def _prompt_command(line: str, known: frozenset[str], prompt: re.Pattern[str]) -> bool:
    match = prompt.match(line)
    assert match is not None
    body = line[match.end() :].strip()
    if not body:
        return False
    word = first_word(body)
    if word in known or word in KICKSTART or body.startswith(("./", ". ", "for ", "if ", "$(")):
        return True
    if re.match(r"^[A-Za-z_]\w*=\S*[$`]", body):
        return True  # "# NAME=$(command)": an assignment from an expansion, not a comment
    # "# This file is ..." is a comment, "# names=..." or "# foo-bar --x" is a command
    return bool(re.match(r"^[a-z_][\w.+-]*(=|\s+[-/<$\"'=\w]|$)", body)) and not re.match(
        r"^[a-z]+ [a-z]+ [a-z]+ [a-z]+\b[^-=/|<>$]*$", body
    )


# Other languages that documentation puts in shell-tagged or untagged blocks; a block
# in one of them (and without any shell prompt) is not parsed as bash.
LANGUAGES = {
    "python": re.compile(
        r"^(?:from [\w.]+ import \S|import [\w.]+(?: as \w+)?$|def \w+\(.*\):$"
        r"|class \w+(?:\(.*\))?:$|print\(|if __name__ =="
        r"|[A-Za-z_][\w.]*\s+=\s+(?:[\w.]+\(|[\[{]|True\b|False\b|None\b)"
        r"|[a-z_][\w.]*\.\w+\(.*\)$|[a-z_][\w.]*\.\w+\($|[a-z_]\w*\([^()]*\)$"
        r"|\s+[a-z_]\w*=[^=\s].*,$)"
    ),
    "promql": re.compile(
        r"^\s*(?:(?:sum|avg|min|max|count|rate|irate|increase|histogram_quantile|topk"
        r"|sum_over_time|avg_over_time|max_over_time)\s*(?:by\s*\([^)]*\)\s*)?\("
        r"|[A-Za-z_:][\w:]*\{[^}]*=~?\s*\"[^\"]*\"[^}]*\}(?:\[\w+\])?\s*(?:[-+*/>]|$))"
    ),
    "sql": re.compile(
        r"^\s*(?:\w+=[#>] |SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s"
        r"|CREATE\s+(?:TABLE|DATABASE|USER|ROLE|INDEX)\s|ALTER\s+(?:TABLE|USER|ROLE)\s|GRANT\s)"
    ),
    "powershell": re.compile(
        r"^\s*(?:PS [A-Za-z]:\\[^>]*>|(?:Get|Set|New|Remove|Install|Invoke|Start|Stop|Add)"
        r"-[A-Z]\w+\b|\$env:\w+\s*=)"
    ),
    "sudoers": re.compile(r"^\s*[%\w.-]+\s+ALL\s*=\s*\("),
    "kubernetes-yaml": re.compile(r"^(?:apiVersion|kind):\s+\S"),
}
# A usage synopsis: "tool addons help [command] [flags]", "cmd [OPTIONS] ARG...".
SYNOPSIS = re.compile(
    r"\[(?:options?|OPTIONS?|flags|FLAGS|command|COMMAND|args|ARGS|--[\w-]+[^\]]*)\]"
    r"|\s(?:[A-Z_]{2,}|<[\w./-]+>)\.\.\.(?:\s|$)|\]\.\.\.(?:\s|$)"
)
# A command's help text: "Usage: tool [flags]", "Flags:", "Available Commands:".
HELP_TEXT = re.compile(
    r"^\s*(?:usage:\s+\S|(?:Flags|Options|Global Flags|Available Commands|Aliases|Examples"
    r"|Commands|Arguments|Positional arguments|Optional arguments):\s*$)",
    re.I,
)


def other_language(lines: list[str], prompt: re.Pattern[str] = PROMPT) -> str:
    """The language a block without shell prompts is written in, when it is not shell."""
    content = _content(lines)
    if not content or any(
        (m := prompt.match(line)) and m["prompt"] not in {"#", "%"} for line in content
    ):
        return ""
    if sum(bool(HELP_TEXT.match(line)) for line in content) >= (1 if len(content) < 4 else 2):
        return "help-text"
    if all(SYNOPSIS.search(line) for line in content):
        return "synopsis"  # "feast init <name> [options]": how to call it, not a call
    if (
        len(content) > 1
        and not any(line.rstrip().endswith("\\") for line in content)
        and (
            all(line.lstrip().startswith("--") for line in content)
            or all(PATH_ONLY.match(line) for line in content)
        )
    ):
        return "list"  # arguments to paste into a form, or file names: no command
    for name, pattern in LANGUAGES.items():
        hits = sum(bool(pattern.match(line)) for line in content)
        if name == "kubernetes-yaml":
            if hits and all(
                YAML_LINE.match(line)
                or line.lstrip().startswith("#")
                or line.strip() in {"---", "...", "[...]"}
                or line.startswith((" ", "\t"))
                for line in content
            ):
                return name
        elif (hits and hits * 4 >= len(content)) or (name == "python" and hits >= 2):
            return name
    return ""


def _is_fragment(lines: list[str]) -> bool:
    """The rest of a command that a page break cut off the previous block."""
    first = lines[0].strip()
    return bool(re.match(r"^(-{1,2}[\w-]+|\|)", first)) and any(
        line.rstrip().endswith("\\") for line in lines
    )


def is_fragment(lines: list[str], prompt: re.Pattern[str] = PROMPT) -> bool:
    content = _content(lines)
    return bool(content) and not prompt.match(content[0]) and _is_fragment(content)
