"""Version consistency of the text: a product version that the guide does not run on.

Pure: text, the guide's versions and phase, the version matrix and the data of
``prose_versions.yaml`` in, hits out.  The Sphinx builder of guidekit feeds it the
paragraphs of the guides (English) and their translations (catalog file and line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, groupby
from typing import Any

from cmdlint.model import Analysis, ReleasePhase
from cmdlint.registry import Context, Hit, rule
from cmdlint.rules.releases import Place, follow_headings, heading

VERSION = r"(\d+(?:\.\d+){0,2})(?![\d.]*\d)"
RELEASE_VERSION = r"(\d+\.\d+(?:\.\d+)?)(?![\d.]*\d)"  # "Manager 4.4", not "Manager 100"


@dataclass(frozen=True)
class Product:
    name: str
    pattern: re.Pattern[str]
    fact: str  # "release", or the path of its versions in a release's matrix entry
    after_upgrade: str | None = None
    version: re.Pattern[str] | None = None  # the version in a matrix value (group 1)


@dataclass(frozen=True)
class ProseRules:
    products: tuple[Product, ...]
    allowed_before: tuple[re.Pattern[str], ...]
    allowed_after: tuple[re.Pattern[str], ...]
    window: int


@lru_cache(maxsize=4)
def prose_rules(project_file: str | None = None) -> ProseRules:
    """cmdlint's own contexts (``prose_versions.yaml``: words of any product, English
    and Japanese) plus the project's products, packages and contexts
    (``[tool.cmdlint] prose-versions``); without a project file no product is checked."""
    from importlib import resources  # loads tempfile and shutil: only when this rule runs

    import yaml

    text = resources.files("cmdlint").joinpath("prose_versions.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    project: dict[str, Any] = {}
    if project_file:
        from pathlib import Path

        project = yaml.safe_load(Path(project_file).read_text(encoding="utf-8")) or {}
    products = [
        Product(
            p["name"],
            re.compile(
                r"(?<![\w-])"
                + p["pattern"]
                + r"[ \u00a0]+v?"
                + (RELEASE_VERSION if p["fact"] == "release" else VERSION)
            ),
            p["fact"],
            p.get("after_upgrade"),
            re.compile(p["version"]) if p.get("version") else None,
        )
        for p in [*data.get("products", []), *project.get("products", [])]
    ]
    products += [
        Product(
            p["name"],
            re.compile(p["pattern"]),
            p["fact"],
            p.get("after_upgrade"),
            re.compile(p["version"]) if p.get("version") else None,
        )
        for p in [*data.get("packages", []), *project.get("packages", [])]
    ]
    allowed = data.get("allowed", {})
    more = project.get("allowed", {})
    return ProseRules(
        tuple(products),
        tuple(re.compile(p) for p in [*allowed.get("before", []), *more.get("before", [])]),
        tuple(re.compile(p) for p in [*allowed.get("after", []), *more.get("after", [])]),
        int(more.get("window", allowed.get("window", 40))),
    )


def facts(release: dict[str, Any], name: str, product: Product) -> set[str]:
    """The versions of a product that a release of the matrix has: the release itself
    (``fact: release``) or the values at the product's path in the release's entry
    (``fact: database.version``; a list on the way gives each element's), each cut
    down to the product's ``version`` pattern where it has one."""
    if product.fact == "release":
        return {name}
    found: set[str] = set()
    for value in _values(release, product.fact.split(".")):
        if product.version is None:
            found.add(value)
        elif match := product.version.search(value):
            found.add(match[1])
    return found


def _values(node: object, path: list[str]) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _values(item, path)
    elif not path:
        if isinstance(node, str | int | float) and not isinstance(node, bool):
            yield str(node)
    elif isinstance(node, dict):
        yield from _values(node.get(path[0]), path[1:])


def _fits(version: str, allowed: set[str]) -> bool:
    """A mention fits a version of the release when they agree as far as the shorter
    goes: "RHEL 8.6" fits 8, "PostgreSQL 12" fits 12.1, "EAP 7.4" does not fit 7.3."""
    parts = version.split(".")
    for value in allowed:
        known = value.split(".")
        shared = min(len(parts), len(known))
        if parts[:shared] == known[:shared]:
            return True
    return False


def version_problems(
    text: str,
    releases: dict[str, dict[str, Any]],
    from_version: str | None,
    to_version: str | None,
    phase: ReleasePhase | None = None,
    also: tuple[str, ...] = (),
    project_file: str | None = None,
) -> Iterator[tuple[int, str]]:
    """(offset, message) for each product version in ``text`` that the guide's releases
    (``from_version`` -> ``to_version`` at ``phase``, and the releases ``also`` of a
    section that names its own transition) do not have."""
    named = (from_version, to_version, *also)
    guide = [v for v in dict.fromkeys(named) if v and v in releases]
    if not guide:
        return
    data = prose_rules(project_file)
    for product in data.products:
        after = phase == ReleasePhase.TO and product.after_upgrade == "to"
        scope = [to_version] if after else guide
        allowed = set().union(*(facts(releases[v], v, product) for v in scope if v))
        if not allowed:
            continue
        for match in product.pattern.finditer(text):
            version = match.group(1)
            if _fits(version, allowed) or _excused(text, match, data):
                continue
            shown = " and ".join(dict.fromkeys(str(v) for v in scope if v))
            yield (
                match.start(),
                f"'{match.group(0)}' does not fit this guide ({shown}"
                + (", after the upgrade step" if len(scope) < len(guide) else "")
                + f"): {product.name} {'/'.join(sorted(allowed))} expected",
            )


def _excused(text: str, match: re.Match[str], data: ProseRules) -> bool:
    before = text[max(0, match.start() - data.window) : match.start()]
    after = text[match.end() : match.end() + data.window]
    return any(p.search(before) for p in data.allowed_before) or any(
        p.search(after) for p in data.allowed_after
    )


@rule("prose-version", "error", scope="corpus")
def prose_version(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A product version in the text that the guide's releases do not have (English
    paragraphs, and translated ones at their catalog line).

    Bad (in the 4.2 to 4.3 guide)::

        Make sure that the Manager meets the requirements of Red Hat Virtualization 4.4.

    Good::

        Make sure that the Manager meets the requirements of Red Hat Virtualization 4.3.

    The guide's versions come from the context (the builder, ``--from``/``--to``), or,
    for a document that holds several guides, from its headings.  The products,
    package names and the contexts that allow another version ("compatibility level
    4.2", "introduced in 4.3.8") are data: prose_versions.yaml.
    """
    if context.matrix is None:
        return
    releases = context.matrix.releases
    lines = _prose_lines(analyses, context, set(releases))
    for paragraph in _paragraphs(lines):
        analysis, _, _, place, also = paragraph[0]
        if place.from_version is None and place.to_version is None:
            continue
        text = " ".join(item[2] for item in paragraph)  # a sentence may wrap
        starts = list(accumulate(len(item[2]) + 1 for item in paragraph))
        for offset, message in version_problems(
            text,
            releases,
            place.from_version,
            place.to_version,
            place.phase,
            also,
            context.facts.prose_versions,
        ):
            index = bisect_right(starts, offset)
            column = offset - (starts[index - 1] if index else 0)
            line = analysis.block.line + paragraph[index][1]
            yield Hit(line, column + 1, message, analysis.block.path)


Line = tuple[Analysis, int, str, Place, tuple[str, ...]]


def _paragraphs(lines: Iterator[Line]) -> Iterator[list[Line]]:
    """Consecutive lines of one block in one place, up to a blank line."""
    current: list[Line] = []
    for item in lines:
        if current and (
            item[0] is not current[-1][0]
            or item[1] != current[-1][1] + 1
            or item[3:] != current[-1][3:]
        ):
            yield current
            current = []
        if item[2].strip():
            current.append(item)
        elif current:
            yield current
            current = []
    if current:
        yield current


def _prose_lines(analyses: Sequence[Analysis], context: Context, known: set[str]) -> Iterator[Line]:
    """Each line of text with the place it stands in and the releases of a section
    that names another transition ("Upgrading the Manager from 4.2 to 4.3" inside
    the 4.3 to 4.4 guide).  A template's versions come from the matrix: literal-version
    checks those."""
    given = context.from_version or context.to_version
    ordered = sorted(analyses, key=lambda a: (a.block.path, a.block.line))
    for _, group in groupby(ordered, key=lambda a: a.block.path):
        place = Place(context.from_version, context.to_version, context.phase)
        section: tuple[int, tuple[str, ...]] = (0, ())
        for analysis in group:
            if analysis.category != "prose":
                continue
            for offset, line in enumerate(analysis.block.lines):
                found = heading(line)
                if found is not None:
                    depth, pair = found
                    if not given:
                        place = follow_headings(place, line, known)
                    if pair is not None:
                        section = (depth, pair)
                        continue  # a heading that names a transition defines, not claims
                    if depth <= section[0]:
                        section = (0, ())
                if not analysis.block.template:
                    yield analysis, offset, line, place, section[1]
