"""The template sandbox: what a procedure template may see, change and build.

Procedures are written by many contributors and rendered into every guide, in
one process or several (``-j``), so a template must not be able to:

- change data other renders see: the sandbox is Jinja's immutable one, so
  ``dst.rhel.minors.pop()`` or ``dst.update(...)`` is an error naming the line,
  never a silent change of what other guides print;
- take the build's memory or time: every operator, method, filter and global
  that can grow a value is checked *before* it runs (``'a' * n``, ``~`` and
  ``+`` in a loop, nested format widths, ``replace``, ``join``, ``lipsum``...)
  and every value a call returns is checked after, against :data:`MAX_TEXT`.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    modifies_known_mutable,
)
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

#: What a template may consume: items of a range, characters (or items) of one value.
MAX_RANGE = 10_000
MAX_TEXT = 1_000_000
_FORMAT_WIDTH = re.compile(r"[%{][^%{}\s]*?\d{5,}")
_SPEC_NUMBER = re.compile(r"\d+")
_SIZED_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})
#: Filters whose numeric arguments size their result.
_SIZED_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
_SIZED = (str, bytes, list, tuple)


class TemplateLimit(Exception):
    """A template asked for more than the sandbox allows."""


def weight(value: Any, budget: int = MAX_TEXT) -> int:
    """Characters and items ``value`` holds, nested values included; counting
    stops soon after ``budget`` (a shared string counts each time it occurs,
    as it would once printed; a number counts as its container's item)."""
    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            if total <= budget:
                stack.extend(item)
        elif isinstance(item, Mapping):
            total += len(item)
            if total <= budget:
                stack.extend(item.keys())
                stack.extend(item.values())
    return total


def check_size(items: int) -> None:
    if items > MAX_TEXT:
        raise TemplateLimit(f"a value of {items:,} items (the limit is {MAX_TEXT:,})")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _FORMAT_WIDTH.search(text):
        raise TemplateLimit("a format with a field width of five digits or more")


def _check_sized_args(args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            check_size(abs(value))
        else:
            _check_format(value)


def _replace_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(len(new) - len(old), 0)


def _join_size(separator: Any, items: Any) -> int:
    if not isinstance(items, list | tuple):
        return 0
    return weight(items) + len(str(separator)) * len(items)


def bounded_range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise TemplateLimit(f"range() of {len(values):,} items (the limit is {MAX_RANGE:,})")
    return values


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum()``, with at most :data:`MAX_TEXT` characters."""
    check_size(abs(int(n)) * abs(int(max)) * 12)  # a word and its space: 12 characters at most
    return str(generate_lorem_ipsum(n, html, min, max))


class _BoundedFields(string.Formatter):
    """Checks each field of ``str.format`` after nested fields are filled in
    (``'{:>{w}}'``) and the running size of the result."""

    size = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        for number in _SPEC_NUMBER.findall(format_spec):
            if len(number) > 7 or int(number) > MAX_TEXT:
                raise TemplateLimit(
                    f"a format with a field width of {int(number):,} (the limit is {MAX_TEXT:,})"
                )
        text = super().format_field(value, format_spec)
        self.size += len(text)
        check_size(self.size)
        return text


class _Formatter(_BoundedFields, SandboxedFormatter):
    pass


class _EscapeFormatter(_BoundedFields, SandboxedEscapeFormatter):
    pass


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a sized join (Jinja's own ``str_join`` is not checked)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _pre_check_call(name: str, owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Checks a call whose result can be far larger than its inputs."""
    if not isinstance(owner, str):
        return
    if name in _SIZED_METHODS:
        _check_sized_args(args, kwargs)
    elif name == "expandtabs":
        _check_sized_args(args, kwargs)
        size = args[0] if args else kwargs.get("tabsize", 8)
        check_size(len(owner) + owner.count("\t") * abs(int(size)))
    elif name == "replace" and len(args) >= 2:
        check_size(_replace_size(owner, *args[:3]))
    elif name == "join" and args:
        check_size(_join_size(owner, args[0]))
    elif name == "translate" and args:
        check_size(len(owner) * (1 + weight(args[0])))


def _filter_check(name: str) -> Any:
    """The check made before the filter ``name`` runs, over its value and arguments."""
    if name == "replace":
        return lambda value, *args, **kwargs: check_size(_replace_size(value, *args[:3]))
    if name == "join":
        return lambda value, sep="", *args, **kwargs: check_size(_join_size(sep, value))
    if name == "format":

        def format_check(value: Any, *args: Any, **kwargs: Any) -> None:
            _check_sized_args((value, *args), kwargs)
            check_size(weight(value) + weight(args) + weight(kwargs))

        return format_check
    if name == "indent":

        def indent_check(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
            _check_sized_args((width,), {})
            lines = str(value).count("\n") + 1
            check_size(len(str(value)) + lines * (len(width) if isinstance(width, str) else 0))

        return indent_check
    if name in ("wordwrap", "batch", "slice", "tojson"):
        return _repeating_check(name)
    if name in _SIZED_FILTERS:
        return lambda value, *args, **kwargs: _check_sized_args(args, kwargs)
    return lambda value, *args, **kwargs: None


def _repeating_check(name: str) -> Any:
    """Filters that repeat an argument: wordwrap's wrapstring at every line,
    batch's and slice's fill_with in every group, tojson's indent at every item."""

    def check(value: Any, *args: Any, **kwargs: Any) -> None:
        _check_sized_args(args, kwargs)
        size = weight(value) if isinstance(value, _SIZED) else 1
        if name == "tojson":
            indent = args[0] if args else kwargs.get("indent")
            repeated = abs(indent) if isinstance(indent, int) else 0
        else:
            repeated = max(
                [weight(v) for v in (*args, *kwargs.values()) if isinstance(v, str)] + [0]
            )
        check_size(size * (1 + repeated))

    return check


def _bounded_filter(name: str, function: Any) -> Any:
    pre_check = _filter_check(name)
    passes = getattr(function, "jinja_pass_arg", None)

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        own = args[1:] if passes is not None else args
        if own:
            pre_check(*own, **kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, _SIZED):
            check_size(weight(result))
        return result

    return bounded


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, immutable and bounded (see the module's docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in list(self.filters):
            self.filters[name] = _bounded_filter(name, self.filters[name])
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum

    def bounded_concat(self, values: tuple[Any, ...]) -> str:
        check_size(sum(weight(value) for value in values))
        return "".join(str(value) for value in values)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and isinstance(times, int):
                    check_size(weight(seq) * times)
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            check_size(weight(left) + weight(right))
        elif (
            operator == "**"
            and isinstance(right, int)
            and right > 256
            and isinstance(left, int | float)
            and abs(left) > 1
        ):
            raise TemplateLimit(f"a power of {right:,} (the limit is 256)")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
            values = right if isinstance(right, tuple) else (right,)
            _check_sized_args(values, {})
            check_size(len(left) + weight(right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _pre_check_call(
            getattr(__obj, "__name__", ""), getattr(__obj, "__self__", None), args, kwargs
        )
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, _SIZED):
            check_size(weight(result))
        return result

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        _check_format(owner)
        is_map = value.__name__ == "format_map"

        @functools.wraps(value)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                mapping = args[0]
                args, kwargs = (), mapping
            formatter: _BoundedFields = (
                _EscapeFormatter(self, escape=owner.escape)
                if isinstance(owner, Markup)
                else _Formatter(self)
            )
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return bounded

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        if modifies_known_mutable(obj, attribute):
            kind = next(
                (base.__name__ for base in (dict, list, set) if isinstance(obj, base)),
                type(obj).__name__,
            )
            return self.undefined(
                f"templates cannot change data: {kind}.{attribute}() would "
                "change a value other pages share (build a new value instead, e.g. "
                "'list + [item]' or a filter)",
                name=attribute,
                obj=obj,
                exc=SecurityError,
            )
        return super().unsafe_undefined(obj, attribute)
