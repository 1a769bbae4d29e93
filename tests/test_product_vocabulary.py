"""The engine knows no product: RHV's words live in the project's data, not in
extensions/guidekit (docstrings and comments may use them as examples)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "extensions" / "guidekit"

#: Product, topology, machine and option names of the flagship guides.
WORDS = re.compile(
    r"(?<![\w-])(rhv|rhvh|rhel|ovirt|red hat|virtualization|gluster|rhhi|self-hosted|"
    r"hosted-engine|she-node|local-db|remote-db|remote-dwh|dwh|engine-setup|jboss|eap|"
    r"manager|virtual machines?|administration portal)(?![\w-])",
    re.IGNORECASE,
)


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        first = body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def python_words(source: str) -> list[tuple[int, str]]:
    """Product words in a module's code and strings, not in its docstrings or comments."""
    docstrings = _docstring_lines(ast.parse(source))
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            continue
        if token.type == tokenize.STRING and token.start[0] in docstrings:
            continue
        # Attribute documentation ("#:" comments) is a comment; "" strings below it are not.
        for match in WORDS.finditer(token.string):
            found.append((token.start[0], match.group(0)))
    return found


def script_words(source: str) -> list[tuple[int, str]]:
    """Product words in JavaScript or CSS, outside comments."""
    without = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), source, flags=re.S)
    found = []
    for number, line in enumerate(without.splitlines(), 1):
        code = re.sub(r"(^|\s)//.*$", "", line)
        found.extend((number, m.group(0)) for m in WORDS.finditer(code))
    return found


def test_the_engine_has_no_product_words() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix == ".py":
            words = python_words(path.read_text(encoding="utf-8"))
        elif path.suffix in (".js", ".css", ".html", ".txt", ".yaml", ".json"):
            words = script_words(path.read_text(encoding="utf-8"))
        else:
            continue
        found.extend(f"{path.relative_to(PACKAGE)}:{line}: {word}" for line, word in words)
    assert found == []


def test_the_check_sees_code_and_strings_but_not_docstrings_or_comments() -> None:
    source = (
        '"""Upgrades RHV."""\n'
        "# the ovirt-engine service\n"
        "def f():\n"
        '    """On a self-hosted engine."""\n'
        '    return "Red Hat Virtualization"\n'
        "TOPOLOGIES = ('local-db',)\n"
    )
    assert python_words(source) == [(5, "Red Hat"), (5, "Virtualization"), (6, "local-db")]
    assert script_words("/* RHV */\nvar x = 'rhvh'; // gluster\n") == [(2, "rhvh")]
