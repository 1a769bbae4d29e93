"""Documented commands are never executed, and arbitrary text never crashes the core."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdlint import Context, Selection, lint_text, shell
from cmdlint.engine import analyse
from cmdlint.model import Block

ROOT = Path(__file__).resolve().parents[2]


def test_marker_file_is_never_created(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    text = f"""```
# touch {marker}
# echo "$(touch {marker})" `touch {marker}`
# for x in 1; do touch {marker}; done
# sed -i 's/a/b/w {marker}' /dev/null
# cat > {marker} <<END
data
END
```

```bash
touch {marker}
```
"""
    findings = lint_text(text, "doc.md", Context())
    assert not marker.exists()
    assert all(f.path == "doc.md" for f in findings)


FENCE = st.sampled_from(["```\n", "```bash\n", "~~~\n", "    ", "```{command} manager\n", ""])
# Shell punctuation next to any code point: tree-sitter-bash's scanner once read out of
# bounds on "{" followed by a code point above U+FFFF (see cmdlint.shell.fold_ascii).
SHELLISH = st.sampled_from([*"#$ \\'\"(){}[]<>|&;`-=/\t", "<<", "<<-", "$(", "${", "[["])
CHARS = st.characters(blacklist_categories=("Cs",))
LINE = st.lists(st.one_of(SHELLISH, CHARS, st.text(CHARS, max_size=8)), max_size=30).map("".join)


# Randomized on purpose (new inputs on every run); a failure prints the input to replay.
@pytest.mark.slow
@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.tuples(FENCE, st.lists(LINE, max_size=6)), max_size=5))
def test_core_never_crashes(parts: list[tuple[str, list[str]]]) -> None:
    text = "".join(
        fence + "\n".join(lines) + ("\n```\n" if fence.strip() else "\n") for fence, lines in parts
    )
    context = Context(use_bash=False, use_shellcheck=False)
    findings = lint_text(text, "fuzz.md", context, Selection())
    count = text.count("\n") + 2
    for finding in findings:
        assert 1 <= finding.line <= count
        assert finding.column >= 1
        assert finding.severity.value in {"error", "warning", "info"}


@settings(max_examples=25, deadline=None, database=None)
@given(st.text(alphabet="#$ \\\n'\"(){}<>|&;`-abc=/日\U00072d3b", max_size=200))
def test_core_with_external_tools(text: str) -> None:
    lint_text("```\n" + text + "\n```\n", "fuzz.md", Context())


class _SpyParser:
    """Stands in for the tree-sitter parser and records what it is given."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.sources: list[bytes] = []

    def parse(self, source: bytes) -> Any:
        self.sources.append(source)
        return self.real.parse(source)


def test_tree_sitter_only_sees_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _SpyParser(shell._parser())
    monkeypatch.setattr(shell, "_parser", lambda: spy)
    text = "```\n# echo {\U00072d3b} 日本語 <ボリューム名>\n# cat <<É\n\x00$\U0010ffff\nÉ\n```\n"
    findings = lint_text(text, "doc.md", Context(use_bash=False, use_shellcheck=False))
    assert spy.sources and all(source.isascii() for source in spy.sources)
    assert all(f.line >= 2 for f in findings)


def test_non_ascii_words_keep_their_text_and_columns() -> None:
    block = Block("doc.md", 4, ["# echo 日本語 --name=ü x"])
    analysis = analyse(block)
    (command,) = analysis.simple
    assert [(w.value, w.column) for w in command.words] == [
        ("echo", 3),
        ("日本語", 8),
        ("--name=ü", 12),
        ("x", 21),
    ]
    assert all(w.line == 4 for w in command.words)


def test_high_code_points_do_not_crash_the_process(tmp_path: Path) -> None:
    """The scanner bug crashed the interpreter, so run the input in a child process."""
    contexts = ["{%s}", "echo {%s}", "cat <<E\n$%s\nE", "[ -%s ]", "x=$%s", "a{%s"]
    lines = [
        "# " + ctx.replace("\n", "\n# ") % chr(cp)
        for cp in range(0x10000, 0x110000, 0x3001)
        for ctx in contexts
    ]
    doc = tmp_path / "high.md"
    doc.write_text("```\n" + "\n".join(lines) + "\n```\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cmdlint.cli", "--no-shellcheck", str(doc)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "extensions")),
        check=False,
        timeout=300,
    )
    assert proc.returncode in {0, 1}, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
