"""Exact template lines of the lines of a rendered literal block."""

from __future__ import annotations

from guidekit.model.templating import render_template

TEMPLATE = """Intro {{ x }}.

1. Update:

   ```{command} manager
{% if dnf %}
   # dnf update --nobest
{% else %}
   # yum update
{% endif %}
   # {{ repos }}
   ```
"""


def test_block_lines_follow_the_exact_map() -> None:
    rendered = render_template(
        TEMPLATE, {"x": 1, "dnf": False, "repos": "one \\\n    two"}, "p.md", first_line=10
    )
    block = ["# yum update", "# one \\", " two"]  # MyST removed 3 columns
    located = rendered.block_lines(block, near=15)
    # "# yum update" is template line 9 (file line 18), the expression line 11 (20)
    assert located == [(18, 3), (20, 3), (20, 3)]


def test_block_lines_prefers_the_occurrence_nearest_the_hint() -> None:
    text = "```\n# ls\n```\n\ntext\n\n```\n# ls\n```\n"
    rendered = render_template(text, {}, "p.md")
    assert rendered.block_lines(["# ls"], near=8) == [(8, 0)]
    assert rendered.block_lines(["# ls"], near=1) == [(2, 0)]
    assert rendered.block_lines(["# nothing"], near=1) is None
