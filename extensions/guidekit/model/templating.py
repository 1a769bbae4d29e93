"""Render procedure templates with Jinja2, keeping track of source lines.

Rendering happens in a sandbox with StrictUndefined: a name that does not
exist is an error naming the procedure file and line, never an empty string.

Block tags on lines of their own (``{% if %}`` ...) vanish together with their
line, so rendered text has fewer lines than the template. To keep warnings
pointing at the file a writer edits, every template line gets an invisible
marker before rendering; the markers yield a map from rendered line to
template line and are removed afterwards.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from guidekit.model.errors import GuideError

_MARK = "\x02"
_MARK_END = "\x03"
_DROP = "\x01"
_MARKER_RE = re.compile(f"{_MARK}(\\d+){_MARK_END}")
_BLOCK_ONLY = re.compile(r"^[ \t]*(\{%-?.*?-?%\}|\{#.*?#\})[ \t]*$")


@dataclass(frozen=True)
class Rendered:
    """Rendered text and, per rendered line (0-based), the 1-based template line."""

    text: str
    line_map: tuple[int, ...]

    def source_line(self, rendered_line: int) -> int:
        """Template line (1-based) of a rendered line (1-based)."""
        if not self.line_map:
            return rendered_line
        index = min(max(rendered_line - 1, 0), len(self.line_map) - 1)
        return self.line_map[index]

    def block_lines(self, lines: Sequence[str], near: int) -> list[tuple[int, int]] | None:
        """(template line, columns lost to dedenting) for each line of a literal block.

        ``lines`` is the block as the parser kept it (its indentation removed); the
        block is found in the rendered text, at the place whose template line is
        nearest to ``near`` when the same lines occur twice, and every line then
        maps through the exact line map.  None when the block is not in the text.
        """
        rendered = self.text.split("\n")
        count = len(lines)
        best: tuple[int, list[tuple[int, int]]] | None = None
        for start in range(len(rendered) - count + 1):
            shifts = _dedent_shifts(rendered[start : start + count], lines)
            if shifts is None:
                continue
            distance = abs(self.source_line(start + 1) - near)
            if best is None or distance < best[0]:
                mapped = [(self.source_line(start + 1 + i), shifts[i]) for i in range(count)]
                best = (distance, mapped)
        return best[1] if best else None


def _dedent_shifts(rendered: Sequence[str], lines: Sequence[str]) -> list[int] | None:
    """Columns each rendered line lost to become the block's line, or None if they differ."""
    shifts: list[int] = []
    for have, want in zip(rendered, lines, strict=True):
        if not want.strip():
            if have.strip():
                return None
            shifts.append(0)
            continue
        if not have.endswith(want) or have[: len(have) - len(want)].strip():
            return None
        shifts.append(len(have) - len(want))
    return shifts


def _continued(option: str, values: Iterable[str]) -> str:
    return "".join(f" \\\n    --{option}={value}" for value in values)


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.globals["enable_repos"] = lambda repos: _continued("enable", repos).lstrip(" ")
    env.globals["disable_repos"] = lambda repos: _continued("disable", repos).lstrip(" ")
    return env


def _lines_inside_tags(env: SandboxedEnvironment, source: str) -> set[int]:
    """1-based lines that start inside a Jinja tag (multi-line tags)."""
    inside: set[int] = set()
    begin: int | None = None
    for lineno, token, _value in env.lex(source):
        if token in ("block_begin", "variable_begin", "comment_begin"):
            begin = lineno
        elif token in ("block_end", "variable_end", "comment_end") and begin is not None:
            inside.update(range(begin + 1, lineno + 1))
            begin = None
    return inside


def _instrument(env: SandboxedEnvironment, source: str) -> str:
    try:
        inside = _lines_inside_tags(env, source)
    except TemplateSyntaxError:
        return source  # compiling reports the syntax error with its line
    out = []
    for number, line in enumerate(source.split("\n"), start=1):
        if number in inside:
            out.append(line)
        elif _BLOCK_ONLY.match(line):
            # Keep the tag, drop its line from the output.
            out.append(line.strip() + _DROP)
        else:
            out.append(f"{_MARK}{number}{_MARK_END}{line}")
    return "\n".join(out)


def _template_line(exc: BaseException, filename: str) -> int | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == filename and frame.lineno:
            return frame.lineno
    return None


def render_template(
    source: str,
    context: dict[str, Any],
    path: str,
    first_line: int = 1,
    env: SandboxedEnvironment | None = None,
) -> Rendered:
    """Render ``source`` (which starts at ``first_line`` of ``path``)."""
    env = env or make_environment()
    filename = f"{path}#template"
    try:
        code = env.compile(_instrument(env, source), name=path, filename=filename)
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        raw = template.render(context)
    except TemplateSyntaxError as exc:
        raise GuideError(
            f"template syntax error: {exc.message}", path, (exc.lineno or 1) + first_line - 1,
            "template",
        ) from None
    except UndefinedError as exc:
        line = _template_line(exc, filename)
        raise GuideError(
            f"undefined variable: {exc.message}", path,
            (line or 1) + first_line - 1 if line else None, "undefined",
        ) from None
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        line = _template_line(exc, filename)
        raise GuideError(
            f"template error: {exc}", path, (line or 1) + first_line - 1 if line else None,
            "template",
        ) from None
    return _strip_markers(raw, first_line)


def _strip_markers(raw: str, first_line: int) -> Rendered:
    text_lines: list[str] = []
    line_map: list[int] = []
    last = 1
    for line in raw.split("\n"):
        if _DROP in line and not _MARKER_RE.sub("", line).replace(_DROP, "").strip():
            continue
        match = _MARKER_RE.search(line)
        if match:
            last = int(match.group(1))
        text_lines.append(_MARKER_RE.sub("", line).replace(_DROP, ""))
        line_map.append(last + first_line - 1)
    return Rendered("\n".join(text_lines), tuple(line_map))


def render_inline(source: str, context: dict[str, Any], path: str, line: int) -> str:
    """Render a one-line template such as a title or summary."""
    return render_template(source, context, path, line).text.strip()
