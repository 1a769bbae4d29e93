"""Documented commands are never executed, and arbitrary text never crashes the core."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidekit.cmdlint import Context, Selection, lint_text


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
LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
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
        assert finding.severity.value in {"error", "warning", "info"}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.text(alphabet="#$ \\\n'\"(){}<>|&;`-abc=/", max_size=200))
def test_core_with_external_tools(text: str) -> None:
    lint_text("```\n" + text + "\n```\n", "fuzz.md", Context())
