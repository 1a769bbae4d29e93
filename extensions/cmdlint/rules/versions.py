"""Version consistency against the version matrix (procedures/versions.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

from cmdlint.model import Analysis, ReleasePhase, SimpleCommand, Word
from cmdlint.registry import Context, Hit, rule
from cmdlint.rules.releases import Place, places, retires

REPO_OPTIONS = {"--enable", "--disable", "--enablerepo", "--disablerepo", "--repo", "--repoid"}
SCL = re.compile(r"\brh-postgresql(\d+)\b")
VERSIONISH = re.compile(r"\d+\.\d+(?:\.\d+)?")


def _repos(release: dict[str, Any]) -> set[str]:
    manager = release.get("manager", {})
    repos = set(manager.get("repos", []))
    repos.add(manager.get("version_repo", ""))
    repos |= {c["channel"] for c in manager.get("eap_channels", [])}
    repos |= set((manager.get("extra_repos") or {}).values())
    for kind in ("rhvh", "rhel"):
        repos |= set(release.get("host", {}).get(kind, {}).get("repos", []))
    return {r for r in repos if r}


def _repo_words(analysis: Analysis) -> Iterator[tuple[str, str, Word]]:
    """(option, repository id, word) for every repository named in a command."""
    for command in analysis.simple:
        words = command.words
        for index, word in enumerate(words):
            if not word.literal or word.value is None:
                continue
            name, eq, value = word.value.partition("=")
            if name not in REPO_OPTIONS:
                continue
            if not eq and index + 1 < len(words) and words[index + 1].literal:
                value = words[index + 1].value or ""
            for repo in value.split(","):
                if repo and "*" not in repo:
                    yield name, repo, word


@rule("version-mismatch", "error", scope="corpus")
def version_mismatch(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A version-bearing token (repository, EAP channel, module stream, SCL package,
    ``release --set``) that does not belong to the releases the step runs on.

    The releases come from the guide's versions and the step's phase (or, for a legacy
    guide linted on its own, from its headings, as for ``release-option``): before and
    during the upgrade both releases are fine (the old system enables the new
    repositories); after the upgrade step only the new release is.  Disabling the old
    release's repositories is legitimate.

    Bad (in a 4.3 to 4.4 guide, after the upgrade step, on the RHEL 8 Manager)::

        # subscription-manager repos --enable=rhel-7-server-rhv-4.3-manager-rpms

    Good::

        # subscription-manager repos --enable=rhv-4.4-manager-for-rhel-8-x86_64-rpms
    """
    matrix = context.matrix
    if matrix is None:
        return
    releases: dict[str, dict[str, Any]] = matrix.releases
    for analysis, place in places(analyses, context):
        guide = {v for v in (place.from_version, place.to_version) if v}
        if place.phase == ReleasePhase.TO and place.to_version:
            guide = {place.to_version}  # the old release is gone after the upgrade step
        scope = [releases[v] for v in sorted(guide) if v in releases] or list(releases.values())
        target = releases.get(place.to_version or "", {}) or (scope[-1] if scope else {})
        old = releases.get(place.from_version or "", {})
        problems = chain(
            _repository_problems(analysis, place, releases, guide, context),
            *(
                _command_problems(command, scope, target, bool(guide), old)
                for command in analysis.simple
            ),
        )
        for word, offset, message in problems:
            yield Hit(word.line, word.column + offset, message, analysis.block.path)


Problem = tuple[Word, int, str]  # the word, a column offset inside it, the message


def _repository_problems(
    analysis: Analysis,
    place: Place,
    releases: dict[str, dict[str, Any]],
    guide: set[str],
    context: Context,
) -> Iterator[Problem]:
    """Repositories of other releases; with ``[tool.cmdlint] repository-pattern``, also
    repositories of the product that the matrix does not have."""
    pattern = context.facts.repository_pattern
    owners: dict[str, set[str]] = {}
    for version, release in releases.items():
        for repo in _repos(release):
            owners.setdefault(repo, set()).add(version)
    for option_name, repo, word in _repo_words(analysis):
        disabling = option_name.startswith("--disable")
        if repo not in owners:
            if pattern and re.search(pattern, repo):
                yield (
                    word,
                    0,
                    (
                        f"repository '{repo}' is not in the version matrix (a typo, or a "
                        "repository of another product?)"
                    ),
                )
        elif not guide or owners[repo] & guide:
            if (
                guide
                and disabling
                and place.to_version in owners[repo]
                and place.from_version not in owners[repo]
            ):
                yield (
                    word,
                    0,
                    (
                        f"'{repo}' is a repository of the target release "
                        f"{place.to_version}; disabling it looks wrong"
                    ),
                )
        elif not disabling:
            yield (
                word,
                0,
                (
                    f"repository '{repo}' belongs to {context.facts.product} "
                    f"{', '.join(sorted(owners[repo]))}, not to "
                    f"the releases this step runs on ({', '.join(sorted(guide))})"
                ),
            )


def _command_problems(
    command: SimpleCommand,
    scope: list[dict[str, Any]],
    target: dict[str, Any],
    pinned: bool,
    old: dict[str, Any],
) -> Iterator[Problem]:
    """SCL names, ``subscription-manager release --set`` and module streams of one command.

    The old release's collection stays right where the command retires it
    (``--upgrade-from=rh-postgresql95-postgresql``, ``systemctl disable``, ``yum remove``).
    """
    scls = {r.get("postgresql", {}).get("scl") for r in scope} - {None}
    old_scl = old.get("postgresql", {}).get("scl")
    literal = [w for w in command.words if w.literal and w.value is not None]
    for word in literal if pinned else []:
        for match in SCL.finditer(word.value or ""):
            if match.group(0) == old_scl and retires(command, command.words.index(word)):
                continue
            if match.group(0) not in scls:
                yield (
                    word,
                    match.start(),
                    (
                        f"'{match.group(0)}' is not a PostgreSQL collection of the releases "
                        f"this step runs on ({', '.join(sorted(scls)) or 'none: PostgreSQL '}"
                        + ("" if scls else "comes from the OS there")
                        + ")"
                    ),
                )
    values = [w.value for w in command.words]
    if values[:2] == ["subscription-manager", "release"]:
        minors = {m for r in scope for m in r.get("rhel", {}).get("minors", [])}
        for word in literal[2:]:
            wanted = (word.value or "").partition("--set=")[2]
            if wanted and minors and wanted not in minors:
                yield (
                    word,
                    0,
                    (
                        f"RHEL release {wanted} is not one of the releases this step runs on "
                        f"({', '.join(sorted(minors))})"
                    ),
                )
    if values[:1] in (["dnf"], ["yum"]) and "module" in values and "enable" in values:
        for word in literal[3:]:
            name, colon, stream = (word.value or "").partition(":")
            streams = _streams(name, target) if colon else set()
            if streams and stream not in streams:
                yield (
                    word,
                    0,
                    (
                        f"module stream '{name}:{stream}' is not in the version matrix for "
                        f"this release (known: {', '.join(sorted(streams))})"
                    ),
                )


def _streams(name: str, release: dict[str, Any]) -> set[str]:
    if name == "virt":
        return {str(s["stream"]) for s in release.get("virt_streams", [])}
    if name == "nodejs" and release.get("nodejs_stream"):
        return {str(release["nodejs_stream"])}
    modules = release.get("manager", {}).get("modules", [])
    return {m.split(":", 1)[1] for m in modules if m.startswith(name + ":")}


def matrix_values(matrix: Any) -> dict[str, str]:
    """Every version-bearing string of the matrix -> a template expression that gives it."""
    found: dict[str, str] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")
        elif isinstance(node, str) and re.search(r"\d", node) and len(node) >= 3:
            found.setdefault(node, path)

    for version, release in matrix.releases.items():
        walk(release, f'releases["{version}"]')
    return found


@rule("literal-version", "warning", applies=["prose", "shell"])
def literal_version(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A literal version in a shared procedure where the version matrix has the value.

    Bad (in procedures/*.md, used by several guides)::

        # subscription-manager release --set=8.6

    Good::

        # subscription-manager release --set={{ dst.rhel.release }}
    """
    block = analysis.block
    if context.matrix is None or not block.template or "id" not in block.meta:
        return
    if _single_guide(block.meta):
        return
    if analysis.category not in {"prose", "shell"}:
        return
    values = context.extra.get("matrix_values")
    if values is None:
        values = context.extra["matrix_values"] = matrix_values(context.matrix)
    pattern = context.extra.get("matrix_pattern")
    if pattern is None:
        alternatives = sorted(values, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w.-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-]|\.\d)"
        )
        context.extra["matrix_pattern"] = pattern
    in_front = False
    for offset, text in enumerate(block.lines):
        if analysis.category == "prose" and offset == 0 and text.strip() == "---":
            in_front = True
        if in_front:
            in_front = not (offset > 0 and text.strip() == "---")
            continue
        visible = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", lambda m: " " * len(m.group(0)), text)
        for match in pattern.finditer(visible):
            yield Hit(
                block.line + offset,
                match.start() + 1,
                f"literal '{match.group(1)}' in a shared procedure; use the version "
                f"matrix ({values[match.group(1)]})",
            )


def _single_guide(meta: dict[str, object]) -> bool:
    applies = meta.get("applies-to")
    if not isinstance(applies, dict):
        return False
    pins = [applies.get(k) for k in ("from", "to")]
    return all(isinstance(p, str) or (isinstance(p, list) and len(p) == 1) for p in pins)
