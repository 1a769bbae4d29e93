"""Marks that conversions leave in commands: callouts, lost ``$``, stray dots, templates."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cmdlint.model import Analysis, Severity
from cmdlint.registry import Context, Hit, rule
from cmdlint.shell import assignments
from cmdlint.specs import load_specs

CALLOUT = re.compile(r"(?:(?<=\s)|\\)(?:<\d{1,2}>|\(\d{1,2}\))\s*$")
FHS = r"(?:etc|usr|var|opt|root|home|srv|lib|lib64|run|tmp)"
DOT_PATH = re.compile(r"^\./" + FHS + r"/\S+")
FOR_LIST = re.compile(r"\bfor\s+([A-Za-z_]\w*)\s+in\s+([^;\n]+?)\s*(?:;|\n)\s*do\b")
BRACED = re.compile(r"(?<![$\w{])\{([A-Za-z_]\w*)\}(?!\})")
SINGLE_QUOTED = re.compile(r"'[^'\n]*'")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
ATTRIBUTE = re.compile(r"(?<![$\w{:`])\{([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\}(?![`}])")
CHECKED = {"shell", "conf", "ini", "yaml", "fstab", "kickstart", "json", "json-fragment"}


@rule("callout-marker", "error")
def callout_marker(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A documentation callout (``<1>``, ``\\<1>``, ``(1)``) left inside a command or file.

    Bad::

        # pki-enroll-pkcs12.sh --password=mypass \\ <1>

    Good (explain the option in the text instead)::

        # pki-enroll-pkcs12.sh --password=mypass
    """
    if analysis.category not in CHECKED:
        return
    for offset, text in enumerate(analysis.block.lines):
        match = CALLOUT.search(text)
        if match:
            yield Hit(
                analysis.block.line + offset,
                match.start() + 1,
                f"callout marker '{match.group(0).strip()}' inside a command: bash reads "
                "it as a redirection or a subshell; remove it",
            )


@rule("dot-source", "error")
def dot_source(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """``./etc/...`` runs a path under the current directory; ``. /etc/...`` sources the file.

    Bad::

        # ./etc/ovirt-engine/engine.conf.d/10-setup-protocols.conf

    Good::

        # . /etc/ovirt-engine/engine.conf.d/10-setup-protocols.conf
    """
    for command in analysis.simple:
        word = command.words[0]
        if word.value and DOT_PATH.match(word.value):
            yield Hit(
                word.line,
                word.column,
                f"'{word.value}' runs a file relative to the current directory; to read "
                f"the settings into the shell write '. {word.value[1:]}' (dot, space, path)",
            )


@rule("for-literal-command", "error", applies=["shell"])
def for_literal_command(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A ``for`` loop over the words of a command, where its output was meant.

    Bad::

        # for vol in gluster volume list; do gluster volume set $vol group virt; done

    Good::

        # for vol in $(gluster volume list); do gluster volume set $vol group virt; done

    Also a loop over one literal word (``for name in names``, for ``$names``).
    """
    if analysis.category != "shell":
        return
    specs = load_specs(context.facts.spec_folders)
    for match in FOR_LIST.finditer(analysis.script):
        words = match.group(2).split()
        if len(words) == 1 and re.match(r"^[A-Za-z_]\w*$", words[0]):
            row = analysis.script.count("\n", 0, match.start(2))
            col = match.start(2) - (analysis.script.rfind("\n", 0, match.start(2)) + 1)
            yield Hit(
                *analysis.file_pos(row, col),
                f"the loop runs once, over the word '{words[0]}'; write ${words[0]} for the "
                "values of the variable",
            )
            continue
        # the command and its first argument must be plain words; what follows may be
        # quoted or a pattern (for p in rpm -qa 'ovirt*'; ...)
        if len(words) < 2 or any(re.search(r"[$`*?\[{\"']", w) for w in words[:2]):
            continue
        head, second = words[0], words[1]
        if head not in context.known_commands:
            continue
        spec = specs.get(head)
        subcommand = spec is not None and second in spec.subcommands
        if second.startswith("-") or subcommand or second not in context.known_commands:
            row = analysis.script.count("\n", 0, match.start(2))
            col = match.start(2) - (analysis.script.rfind("\n", 0, match.start(2)) + 1)
            line, column = analysis.file_pos(row, col)
            yield Hit(
                line,
                column,
                f"the loop runs over the words '{match.group(2)}', not over the output of "
                f"that command; write $({match.group(2)})",
            )


@rule("missing-dollar", "error", scope="corpus")
def missing_dollar(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """``{name}`` where ``${name}`` was meant, for a variable the document defines or uses.

    Bad::

        # for name in $names; do
          pki-enroll-pkcs12.sh --name="{name}"
        done

    Good::

        # for name in $names; do
          pki-enroll-pkcs12.sh --name="${name}"
        done

    Also a loop variable written without ``$`` in a body that never expands it
    (``for vol in $(gluster volume list); do gluster volume set vol group virt; done``).
    """
    by_path: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        if analysis.category == "shell":
            by_path.setdefault(analysis.block.path, []).append(analysis)
    for items in by_path.values():
        for analysis in items:
            yield from _bare_loop_variable(analysis)
        names: set[str] = set()
        for analysis in items:
            names |= assignments(analysis)
            names |= set(re.findall(r"\$\{?([A-Za-z_]\w*)", analysis.script))
        defined = set().union(*(assignments(analysis) for analysis in items))
        for analysis in items:
            yield from _quoted_name(analysis, defined)
            rows = analysis.script.split("\n")
            for row, text in enumerate(rows):
                visible = SINGLE_QUOTED.sub(lambda m: " " * len(m.group(0)), text)
                for match in BRACED.finditer(visible):
                    if match.group(1) in names or _quoted_environment(visible, match):
                        line, column = analysis.file_pos(row, match.start())
                        yield Hit(
                            line,
                            column,
                            f"'{{{match.group(1)}}}' is literal text; write "
                            f"'${{{match.group(1)}}}' to use the variable",
                            analysis.block.path,
                        )


QUOTED_NAME = re.compile(r'(?<![=\w$])"([A-Za-z_]\w*)"')


def _quoted_name(analysis: Analysis, defined: set[str]) -> Iterator[Hit]:
    """``echo "OLD"`` after ``OLD=$(...)``: the name of a variable the document sets,
    alone in double quotes, where its value was meant."""
    for row, text in enumerate(analysis.script.split("\n")):
        visible = SINGLE_QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        for match in QUOTED_NAME.finditer(visible):
            name = match.group(1)
            if name in defined and not re.match(rf"\s*{name}\+?=", visible):
                yield Hit(
                    *analysis.file_pos(row, match.start()),
                    f"'\"{name}\"' is the variable's name, not its value; write '\"${name}\"'",
                    analysis.block.path,
                )


def _quoted_environment(text: str, match: re.Match[str]) -> bool:
    """``"{ENGINE_FQDN}"``: an environment variable's name in braces, alone inside
    double quotes, is an expansion that lost its '$' (a placeholder is ``<NAME>``)."""
    return (
        bool(re.match(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]+$", match.group(1)))
        and text[match.start() - 1 : match.start()] == '"'
        and text[match.end() : match.end() + 1] == '"'
    )


LOOP = re.compile(
    r"\bfor\s+([A-Za-z_]\w*)\s+in\s+[^;\n]+?\s*(?:;|\n)\s*do\b(.*?)(?:;|\n)\s*done\b", re.S
)


def _bare_loop_variable(analysis: Analysis) -> Iterator[Hit]:
    """``for vol in ...; do gluster volume set vol ...; done``: the loop's variable
    is never expanded in its body, but its name stands there as a word."""
    script = analysis.script
    for match in LOOP.finditer(script):
        name, body = match.group(1), match.group(2)
        if re.search(r"\$\{?" + name + r"\b", body):
            continue
        bare = re.search(r"(?<![\w$.{/=:-])" + name + r"(?![\w=(-])", body)
        if bare is None:
            continue
        offset = match.start(2) + bare.start()
        row = script.count("\n", 0, offset)
        col = offset - (script.rfind("\n", 0, offset) + 1)
        yield Hit(
            *analysis.file_pos(row, col),
            f"the loop variable '{name}' is never expanded in the loop; write '${name}' "
            f"where '{name}' stands",
            analysis.block.path,
        )


@rule("quoted-space", "error")
def quoted_space(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A quoted part of a word that starts or ends with a space glued to more text.

    Bad::

        # openssl x509 -in /etc/pki/ovirt-engine/certs/"${name} ".cer

    Good::

        # openssl x509 -in /etc/pki/ovirt-engine/certs/"${name}".cer
    """
    for command in analysis.simple:
        for word in command.words:
            raw = word.raw
            for match in re.finditer(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'", raw):
                inner = match.group(1) if match.group(1) is not None else match.group(2) or ""
                # 'text '"$VAR"' more': a variable spliced into a quoted string
                glued_after = (
                    match.end() < len(raw)
                    and inner[-1:].isspace()
                    and not raw[match.end() :].startswith(('"$', "$"))
                )
                glued_before = (
                    match.start() > 0
                    and inner[:1].isspace()
                    and not re.search(r"\$\{?\w+\}?\"?$", raw[: match.start()])
                )
                nested = "\n" in inner or "$(" in inner or "`" in inner
                if inner.strip() and not nested and (glued_after or glued_before):
                    yield Hit(
                        word.line,
                        word.column + match.start(),
                        f"the quoted part {match.group(0)} has a space at its edge and is "
                        f"glued to more text: '{raw}' gets a space in the middle",
                    )


CURLY = re.compile("[\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb]")


@rule("curly-quote", "error", applies=["shell"])
def curly_quote(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A typographic quote in a command: bash does not quote with it, it passes the
    character on (the file is named with it, the value keeps it).

    Bad::

        # engine-config -s ExampleKey=”value with spaces”

    Good::

        # engine-config -s ExampleKey="value with spaces"
    """
    for row, text in enumerate(analysis.script.split("\n")):
        if row >= len(analysis.script_lines):
            break
        stripped = text.lstrip()
        if stripped.startswith("#"):
            continue  # a comment says what it likes
        for match in CURLY.finditer(text):
            before = text[: match.start()]
            if before.count("'") % 2 or before.count('"') % 2:
                continue  # inside quotes: text of a message, shown as typed
            line, column = analysis.file_pos(row, match.start())
            yield Hit(
                line,
                column,
                f"typographic quote '{match.group(0)}' in a command: bash passes it on as a "
                "character; write a straight quote",
            )
            break


@rule("unresolved-placeholder", "error")
def unresolved_placeholder(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A template or attribute placeholder left in rendered text.

    Bad::

        nbde_setup -> Set to false as the {virt-product-fullname} 4.3 setup does not support NBDE

    Good::

        nbde_setup -> Set to false as the Red Hat Virtualization 4.3 setup does not support NBDE
    """
    block = analysis.block
    # a heredoc body, output or another program's input is data: a template there may
    # be the point
    data_roles = {"heredoc", "output", "input"}
    data_lines = {sl.line for sl in analysis.session if sl.role in data_roles}
    for offset, text in enumerate(block.lines):
        if not block.template:
            for match in JINJA.finditer(text):
                expression = match.group(0)
                if OTHER_TEMPLATE.match(expression) or (
                    analysis.category == "yaml" and _ansible_variable(expression, block.text)
                ):
                    continue
                # in prose or a data file a template may be the point (a Helm chart, an
                # Ansible variable): only a command is sure to be broken by it
                data = analysis.category != "shell" or block.line + offset in data_lines
                doubtful = data or expression.startswith("{%")
                yield Hit(
                    block.line + offset,
                    match.start() + 1,
                    f"unrendered template '{expression}'",
                    severity=Severity.INFO if data else Severity.WARNING if doubtful else None,
                )
        for match in ATTRIBUTE.finditer(text):
            if analysis.category == "prose" and text[match.end() : match.end() + 1] == "`":
                continue
            yield Hit(
                block.line + offset, match.start() + 1, f"unresolved attribute '{match.group(0)}'"
            )


# Markup of other site generators and template languages, written on purpose: Hugo
# shortcodes ({{< ref "x" >}}, {{% note %}}), Go templates ({{ .Values.x }}, {{- if }},
# {{ end }}), escaped or empty braces.
OTHER_TEMPLATE = re.compile(
    r"^\{\{(?:[<%]|-?\s*(?:\.|\$|end\b|if\b|else\b|range\b|with\b|define\b|template\b"
    r"|block\b|include\b|default\b|printf\b|toYaml\b|quote\b|\}\}$)|\s*\}\})"
)


ANSIBLE_NAMES = frozenset(
    {"item", "inventory_hostname", "hostvars", "groups", "group_names", "lookup", "query"}
    | {"omit", "playbook_dir", "role_path", "vars", "true", "false", "none"}
)


def _ansible_variable(expression: str, document: str) -> bool:
    """A Jinja expression of an Ansible YAML document, not a leftover of the guide's
    templates: its variable is defined in the document (a key, ``register:``) or is one
    of Ansible's own (``item``, ``ansible_*``, ``hostvars``)."""
    head = re.match(r"\{\{-?\s*([A-Za-z_]\w*)", expression)
    if head is None:
        return False
    name = head.group(1)
    defined = set(re.findall(r"^\s*(?:-\s+)?([A-Za-z_]\w*)\s*:", document, re.M))
    defined |= set(re.findall(r"\bregister:\s*([A-Za-z_]\w*)", document))
    return name in defined or name in ANSIBLE_NAMES or name.startswith("ansible_")


UNQUOTED_GLOB = re.compile(r"(?<!\\)[*?]")


@rule("unquoted-glob", "warning")
def unquoted_glob(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A package or file pattern with an unquoted glob: the shell expands it first when
    files in the current directory match, so the command gets other arguments.

    Bad::

        # yum update ovirt*setup* rh*vm-setup-plugins

    Good::

        # yum update ovirt\\*setup\\* rh\\*vm-setup-plugins
    """
    for command in analysis.simple:
        if command.name not in {"yum", "dnf", "rpm"}:
            continue
        for word in command.words[1:]:
            raw = word.raw
            if raw.startswith("-") or not word.literal or "/" in raw:
                continue
            bare = re.sub(r"'[^']*'|\"[^\"]*\"", "", raw)
            if UNQUOTED_GLOB.search(bare):
                yield Hit(
                    word.line,
                    word.column,
                    f"the glob in '{raw}' is expanded by the shell when files match; "
                    "escape or quote it",
                )
