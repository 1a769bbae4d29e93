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
        changed += max(i2 - i1, j2 - j1)
        if _alnum("".join(left)) != _alnum("".join(right)):
            return False
    return 0 < changed <= 4


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
        reported: set[str] = set()
        for index, major in enumerate(texts):
            for minor in texts[index + 1 :]:
                if minor in reported or not _close(major.split(), minor.split()):
                    continue
                reported.add(minor)
                path, line = variants[major][0]
                for minor_path, minor_line in variants[minor]:
                    yield Hit(
                        minor_line,
                        1,
                        f"differs slightly from the copy at {path}:{line} "
                        f"({len(variants[major])} copies of it): "
                        f"'{major[:80]}'",
                        minor_path,
                    )
