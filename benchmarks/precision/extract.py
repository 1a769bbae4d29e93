"""Extract the code blocks of public documentation sets into the precision corpus.

Each corpus file keeps the path and every line number of its source file: lines of
code blocks, fences, AsciiDoc block attribute lines, delimiters, attribute entries,
includes and conditionals stay as they are, and so do prose lines with template markup
or placeholders (``{{< ref >}}``, ``{name}``), which cmdlint reads; other prose is
replaced by ``x`` (list markers and indentation kept, so blocks are found as in the
original).
Findings on the corpus are those on the original files, by the same path and line.

    python benchmarks/precision/extract.py GIT_DIR PROJECT   # PROJECT from manifest.yaml

GIT_DIR is a clone (bare or not) of the project's repository at any commit that has
the manifest's commit.  The corpus is written to benchmarks/precision/corpus/PROJECT.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "extensions"))

from cmdlint.blocks import FENCE, _markdown_blocks  # noqa: E402

ADOC_KEEP = re.compile(
    r"^(?::!?[\w-]+!?:.*|include::.*|(?:ifdef|ifndef|ifeval|endif)::.*|\[.*\]\s*"
    r"|(?:-{4,}|\.{4,}|/{4,}|\+{4,}|={4,}|\|===|\+)\s*|//.*)$"
)
ADOC_MARKER = re.compile(
    r"^(\s*(?:[*-]+\s+|\.+\s+|\d+\.\s+|[a-zA-Z]\.\s+|<\d+>\s+|\.(?=[^.\s])|a?\|\s*"
    r"|=+\s+|[^\s:]+?(?::{2,4}|;;)(?:\s+|$))?)"
)
MD_MARKER = re.compile(r"^(\s*(?:[-*+]\s+|\d+[.)]\s+|#+\s+|>\s*)?)")
DELIMITER = re.compile(r"^(-{4,}|\.{4,}|/{4,}|\+{4,})\s*$")


# prose that cmdlint reads too: template markup of site generators, placeholders
PROSE_KEEP = re.compile(r"\{\{|\{%|<%|\$\{|\{[\w-]+\}")


def _prose(line: str, marker: re.Pattern[str]) -> str:
    if not line.strip():
        return ""
    if PROSE_KEEP.search(line):
        return line
    match = marker.match(line)
    return (match.group(1) if match else "") + "x"


def strip_markdown(text: str, path: str) -> str:
    lines = text.split("\n")
    keep = [False] * len(lines)
    for block in _markdown_blocks(lines, path):
        first = block.line - 1
        fenced = first > 0 and FENCE.match(lines[first - 1]) is not None
        start = first - 1 if fenced else first
        end = first + len(block.lines) + (1 if fenced else 0)
        for index in range(max(start, 0), min(end, len(lines))):
            keep[index] = True
    out = []
    fence: str | None = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if keep[index]:
            out.append(line)
        elif fence is not None or match:
            # a fence of a language cmdlint does not read: its lines stay blank
            out.append(line if match else "")
        else:
            out.append(_prose(line, MD_MARKER))
        if fence is None and match and not keep[index]:
            fence = match["fence"][0]
        elif fence is not None and match and line.strip().startswith(fence * 3):
            fence = None
    return "\n".join(out)


def strip_asciidoc(text: str) -> str:
    out = []
    closing: str | None = None
    paragraph = False  # the paragraph after a block attribute line ([source,yaml])
    for line in text.split("\n"):
        stripped = line.rstrip()
        if paragraph and stripped and not DELIMITER.match(line):
            out.append(line)
            continue
        paragraph = bool(re.match(r"^\[(?:source|listing|literal)\b", stripped))
        if closing is not None:
            out.append(line)
            if stripped == closing:
                closing = None
            continue
        if DELIMITER.match(line):
            closing = stripped
            out.append(line)
        elif ADOC_KEEP.match(line) or line[:1] in {" ", "\t"}:
            out.append(line)  # structure, or an indented (literal) paragraph
        else:
            out.append(_prose(line, ADOC_MARKER))
    return "\n".join(out)


def files_at(git_dir: str, commit: str) -> list[str]:
    result = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", commit],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.splitlines()


def links_at(git_dir: str, commit: str) -> dict[str, str]:
    result = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", commit],
        check=True,
        capture_output=True,
        text=True,
    )
    links = {}
    for row in result.stdout.splitlines():
        meta, path = row.split("\t", 1)
        if meta.startswith("120000"):
            links[path] = show(git_dir, commit, path).strip()
    return links


def show(git_dir: str, commit: str, path: str) -> str:
    result = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    )
    return result.stdout.decode("utf-8", "replace")


def main(argv: list[str]) -> int:
    git_dir, name = argv
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
    project = manifest["projects"][name]
    commit = project["commit"]
    selected = [
        path
        for path in files_at(git_dir, commit)
        if any(fnmatch.fnmatch(path, pattern) for pattern in project["include"])
        and not any(fnmatch.fnmatch(path, pattern) for pattern in project.get("exclude", []))
    ]
    target = HERE / "corpus" / name
    for path in selected:
        text = show(git_dir, commit, path)
        stripped = strip_asciidoc(text) if path.endswith(".adoc") else strip_markdown(text, path)
        if path.endswith(".md") and not (
            _markdown_blocks(text.split("\n"), path) or PROSE_KEEP.search(text)
        ):
            continue  # nothing cmdlint reads
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(stripped.rstrip("\n") + "\n", encoding="utf-8")
    for path, link in links_at(git_dir, commit).items():
        out = target / path
        if out.parent.is_dir() and (out.parent / link).resolve().is_dir() and not out.exists():
            out.symlink_to(link)  # assemblies/modules -> ../modules, as in the repository
    print(f"{name}: {len(selected)} files from {commit[:12]} into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
