"""Drift: copies of a command that differ in small ways across a corpus."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

from ..model import Analysis
from ..registry import Context, Hit, rule

MAX_VARIANTS = 200


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\\\s*\n", " ", text)).strip()


def _close(a: list[str], b: list[str]) -> bool:
    """Small edits only: changed tokens stay similar and are not just other numbers."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.8:
        return False
    changed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left, right = a[i1:i2], b[j1:j2]
        changed += max(len(left), len(right))
        if tag == "replace" and len(left) == len(right):
            for x, y in zip(left, right, strict=True):
                if re.sub(r"\d", "", x) == re.sub(r"\d", "", y):
                    return False  # another version or number: meant to differ
                if difflib.SequenceMatcher(None, x, y).ratio() < 0.75:
                    return False
    return 0 < changed <= 3


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
        reported: set[str] = set()
        for index, major in enumerate(texts):
            for minor in texts[index + 1 :]:
                if minor in reported or not _close(major.split(), minor.split()):
                    continue
                reported.add(minor)
                path, line = variants[major][0]
                for minor_path, minor_line in variants[minor]:
                    yield Hit(minor_line, 1,
                              f"differs slightly from the copy at {path}:{line} "
                              f"({len(variants[major])} cop{'y' if len(variants[major]) == 1 else 'ies'}): "
                              f"'{major[:80]}'", minor_path)
