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

import functools
import re
import signal
import threading
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from guidekit.model.errors import GuideError, Kind, control_character, shorten
from guidekit.model.matrix import version_key
from guidekit.model.sandbox import MAX_TEXT, BoundedEnvironment, TemplateLimit

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


#: Seconds a template may take to render. Real procedures take milliseconds.
MAX_SECONDS = 10.0


def make_environment() -> SandboxedEnvironment:
    env = BoundedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.globals["enable_repos"] = lambda repos: _continued("enable", repos).lstrip(" ")
    env.globals["disable_repos"] = lambda repos: _continued("disable", repos).lstrip(" ")
    env.globals["fail"] = _fail
    env.filters["version_key"] = version_key
    return env


def _fail(message: str) -> None:
    """``{{ fail("...") }}``: a project helper reports data it cannot use."""
    raise GuideError(str(message), kind=Kind.MATRIX)


@functools.lru_cache(maxsize=8)
def _compiled_helpers(source: str, filename: str) -> Any:
    return make_environment().compile(source, name=filename, filename=filename)


@functools.lru_cache(maxsize=512)
def _compiled_page(source: str, path: str, filename: str) -> Any:
    """A procedure's body compiled for the default environment, once per process:
    a build, a flow walk and the checklist render the same procedures again and
    again (with other contexts), and compiling is most of what a render costs."""
    env = make_environment()
    return env.compile(_instrument(env, source), name=path, filename=filename)


def template_globals(source: str, path: str, context: dict[str, Any]) -> dict[str, Any]:
    """The project's template helpers for one guide: the macros and top-level
    ``{% set %}`` values of ``source`` (``macros.jinja``), made with ``context``
    (so that a value can depend on the guide's releases). Errors name ``path``."""
    env = make_environment()
    filename = f"{path}#helpers"
    try:
        code = _compiled_helpers(source, filename)
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        with _deadline(MAX_SECONDS):
            module = template.make_module(context)
    except TemplateSyntaxError as exc:
        raise GuideError(
            f"template syntax error: {shorten(exc.message or '')}",
            path,
            exc.lineno or 1,
            Kind.TEMPLATE,
        ) from None
    except GuideError as exc:
        raise GuideError(exc.message, path, _template_line(exc, filename), exc.kind) from None
    except Exception as exc:  # any failure of the project's helpers
        raise GuideError(
            f"template error: {shorten(str(exc), 200)}",
            path,
            _template_line(exc, filename),
            Kind.TEMPLATE,
        ) from None
    return {name: value for name, value in vars(module).items() if not name.startswith("_")}


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise TemplateLimit in the block after ``seconds`` (main thread only: the
    timer is a signal; Sphinx reads in the main thread of each process)."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TemplateLimit(f"rendering took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
    """Render ``source`` (which starts at ``first_line`` of ``path``).

    Every failure is a GuideError naming ``path`` and the template line: the
    template is the writer's code, so whatever it raises is the writer's to fix.
    """
    default = env is None
    env = env or make_environment()
    filename = f"{path}#template"
    try:
        raw = _run_template(env, source, context, path, filename, default)
    except Exception as exc:  # any failure of the writer's template
        raise _template_error(exc, path, filename, first_line) from None
    rendered = _strip_markers(raw, first_line)
    _refuse_control_characters(rendered, path)
    return rendered


def _run_template(
    env: SandboxedEnvironment,
    source: str,
    context: dict[str, Any],
    path: str,
    filename: str,
    default: bool,
) -> str:
    """The template's output (``default``: compiled once per process)."""
    # Compiling is linear in the template's size (which is bounded); running
    # it is not: loops can nest, so the run has a deadline.
    code = (
        _compiled_page(source, path, filename)
        if default
        else env.compile(_instrument(env, source), name=path, filename=filename)
    )
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    with _deadline(MAX_SECONDS):
        return _bounded_output(template.generate(context))


def _template_error(exc: Exception, path: str, filename: str, first_line: int) -> GuideError:
    """What a template raised, as a GuideError at its line in ``path``."""
    if isinstance(exc, TemplateSyntaxError):
        message = f"template syntax error: {shorten(exc.message or '')}"
        return GuideError(message, path, (exc.lineno or 1) + first_line - 1, Kind.TEMPLATE)
    line = _template_line(exc, filename)
    message, kind = _error_message(exc)
    return GuideError(message, path, line + first_line - 1 if line else None, kind)


def _error_message(exc: Exception) -> tuple[str, Kind]:
    """The message and kind of a failure while a template runs."""
    if isinstance(exc, UndefinedError):
        return f"undefined variable: {shorten(exc.message or '', 200)}", Kind.UNDEFINED
    if isinstance(exc, GuideError):  # raised by a helper, e.g. a release not in the matrix
        return exc.message, exc.kind
    if isinstance(exc, TemplateLimit):
        return f"template too costly: {exc}", Kind.LIMIT
    if isinstance(exc, RecursionError):
        return (
            "template error: calls nested too deeply (a macro that calls itself without end?)",
            Kind.TEMPLATE,
        )
    if isinstance(exc, MemoryError):
        return "template error: out of memory", Kind.LIMIT
    message = shorten(str(exc), 200)
    if not isinstance(exc, TemplateError):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"template error: {message}", Kind.TEMPLATE


def _refuse_control_characters(rendered: Rendered, path: str) -> None:
    """A control character in the output, from a string escape such as "\\x1b"."""
    problem = control_character(rendered.text)
    if problem:
        bad = next(
            n for n, line in enumerate(rendered.text.split("\n"), 1) if control_character(line)
        )
        raise GuideError(problem, path, rendered.source_line(bad), Kind.ENCODING)


def _bounded_output(chunks: Iterator[str]) -> str:
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_TEXT:
            raise TemplateLimit(f"output of more than {MAX_TEXT:,} characters")
        out.append(chunk)
    return "".join(out)


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
    text = render_template(source, context, path, line).text.strip()
    if "\n" in text:
        raise GuideError("a title or summary must render as one line", path, line, Kind.TEMPLATE)
    return text
