"""Drift: copies of a command that differ in small ways across a corpus."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from cmdlint.model import Analysis
from cmdlint.registry import Context, Hit, rule

MAX_VARIANTS = 200
K = TypeVar("K", str, tuple[str, ...])


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\\\s*\n", " ", text)).strip()


NOISE = re.compile(r"^(\\|<\d{1,2}>|\\<\d{1,2}>|\(\d{1,2}\))$")


def _close(a: list[str], b: list[str]) -> bool:
    """Small edits only: the changed tokens keep their letters and digits, and differ in
    punctuation, quoting, escaping or a stray callout (another value means another command)."""
    if difflib.SequenceMatcher(None, " ".join(a), " ".join(b), autojunk=False).ratio() < 0.85:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left = [t for t in a[i1:i2] if not NOISE.match(t)]
        right = [t for t in b[j1:j2] if not NOISE.match(t)]
        if _canon(" ".join(left)) == _canon(" ".join(right)):
            continue  # the same command spelled two ways: $TOKEN / ${TOKEN}, <a-b> / <a_b>
        changed += max(i2 - i1, j2 - j1)
        if _alnum("".join(left)) != _alnum("".join(right)):
            return False
    return 0 < changed <= 4


def _canon(text: str) -> str:
    text = re.sub(r"\$\{(\w+)\}", r"$\1", text)
    return re.sub(r"<[^<>\s]+>", lambda m: m.group(0).replace("-", "_").lower(), text)


def _alnum(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]|\d(?=<)", "", re.sub(r"<\d{1,2}>", "", text))


@rule("drift", "warning", scope="corpus")
def drift(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """Near-identical copies of a command that differ in small ways (legacy copied docs).

    Bad (two copies of one step)::

        # yum update ovirt\\*setup\\* rh\\*vm-setup-plugins
        # yum update ovirt*setup* rh*vm-setup-plugins

    Good: the step is written once and included where it is needed.
    """
    groups: dict[tuple[str, ...], dict[str, list[tuple[str, int]]]] = {}
    for analysis in analyses:
        for command in analysis.commands:
            text = _normal(command.text)
            tokens = text.split()
            if len(text) < 12 or len(tokens) < 2:
                continue
            where = (analysis.block.path, command.line)
            groups.setdefault(tuple(tokens[:2]), {}).setdefault(text, []).append(where)
    for variants in groups.values():
        if len(variants) < 2 or len(variants) > MAX_VARIANTS:
            continue
        texts = sorted(variants, key=lambda t: (-len(variants[t]), variants[t][0]))
        close = (
            (major, minor, f"differs slightly from '{major[:80]}'")
            for index, major in enumerate(texts)
            for minor in texts[index + 1 :]
            if _close(major.split(), minor.split())
        )
        yield from _at_copies(variants, close)


def _at_copies(
    variants: Mapping[K, list[tuple[str, int]]], drifted: Iterable[tuple[K, K, str]]
) -> Iterator[Hit]:
    """For each (major, minor, what) pair, a hit at every place of the minor variant,
    naming the major one (first pair of a minor variant only)."""
    reported: set[K] = set()
    for major, minor, what in drifted:
        if minor in reported:
            continue
        reported.add(minor)
        path, line = variants[major][0]
        for minor_path, minor_line in variants[minor]:
            yield Hit(
                minor_line,
                1,
                f"{what}: the copy at {path}:{line} ({len(variants[major])} like it)",
                minor_path,
            )


Variant = tuple[str, ...]  # the normalized commands of a block


@rule("block-drift", "warning", scope="corpus")
def block_drift(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A copy of a multi-command block that lost or gained one command (legacy copied docs).

    Bad (the same restart step, copied; one copy lost a line)::

        # systemctl restart httpd
        # systemctl restart ovirt-engine
        # systemctl restart ovirt-websocket-proxy

        # systemctl restart httpd
        # systemctl restart ovirt-websocket-proxy

    Good: the step is written once and included where it is needed.
    """
    variants: dict[Variant, list[tuple[str, int]]] = {}
    for analysis in analyses:
        commands = tuple(_normal(c.text) for c in analysis.commands)
        if analysis.category == "shell" and len(commands) >= 2:
            variants.setdefault(commands, []).append((analysis.block.path, analysis.block.line))
    postings: dict[str, list[Variant]] = {}
    for variant in variants:
        for command in set(variant):
            postings.setdefault(command, []).append(variant)
    yield from _at_copies(variants, _one_line_copies(variants, postings))


def _one_line_copies(
    variants: dict[Variant, list[tuple[str, int]]], postings: dict[str, list[Variant]]
) -> Iterator[tuple[Variant, Variant, str]]:
    """(major, minor, what) for each block variant that is a commoner one give or take
    one command (candidates: the variants that share a command with it)."""
    for minor in sorted(variants, key=lambda v: (len(variants[v]), variants[v][0])):
        candidates = {
            other
            for command in set(minor)
            if len(postings[command]) <= MAX_VARIANTS
            for other in postings[command]
            if other != minor and len(variants[other]) > len(variants[minor])
        }
        for major in sorted(candidates, key=lambda v: (-len(variants[v]), variants[v][0])):
            change = _one_line_change(major, minor)
            if change is not None:
                yield major, minor, f"this block {change}"


def _one_line_change(major: Variant, minor: Variant) -> str | None:
    """'lacks ...' or 'adds ...' when ``minor`` is ``major`` with one command removed
    or added (at least two commands shared); None otherwise."""
    if abs(len(major) - len(minor)) != 1 or min(len(major), len(minor)) < 2:
        return None
    opcodes = difflib.SequenceMatcher(None, major, minor, autojunk=False).get_opcodes()
    edits = [op for op in opcodes if op[0] != "equal"]
    if len(edits) != 1 or edits[0][0] not in {"delete", "insert"}:
        return None
    tag, i1, _, j1, _ = edits[0]
    if tag == "delete":
        return f"lacks '{major[i1][:80]}'"
    return f"adds '{minor[j1][:80]}'"
