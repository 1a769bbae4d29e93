"""Read AsciiDoc documentation sets: listing and literal blocks, attributes, includes.

A faithful reader of the subset that command blocks need, in-process (no
Asciidoctor process per file): ``----`` listings and ``....`` literals, with or
without a ``[source,...]`` or ``[options=...,subs=...]`` line; ``[source]``/
``[listing]``/``[literal]`` paragraphs and indented literal paragraphs; attribute
entries (``:name: value``) from the documents, their includes, attributes files
and the configuration; ``include::`` relative to the including file (cycles and
missing files reported); ``ifdef``/``ifndef``/``ifeval`` kept as written (inside a
block each combination of its conditions is linted); comments skipped.

Every file of the set is linted once, in its own lines, so findings name the
``.adoc`` file and line a writer edits.  A block made of an ``include::`` of a
script names the script.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from cmdlint.asciidoc_blocks import (
    ATTRIBUTE_ENTRY,
    ESCAPED_REPLACEMENT,
    INCLUDE,
    SHELL_LANGUAGES,
    Attrs,
    Listing,
    Source,
    flow,
    parse_attrlist,
    structure,
    suppressed,
    variants,
)
from cmdlint.asciidoc_subs import (
    apply_quotes,
    attribute_names,
    replacements,
    resolve_subs,
    strip_callouts,
    substitute_attributes,
)
from cmdlint.blocks import LINTED
from cmdlint.model import Block, BlockKind, Finding, Severity
from cmdlint.registry import Context

SUFFIXES = (".adoc", ".asciidoc", ".asc")
#: Largest file an include may pull in, and most lines of code blocks in one file
#: with what its blocks include (``[tool.cmdlint]`` max-file-size, max-code-lines).
MAX_INCLUDE_BYTES = 5_000_000
MAX_CODE_LINES = 20_000
__all__ = ["DocumentSet", "include_roots", "is_asciidoc", "parse_attrlist", "read_asciidoc"]


def include_roots(paths: Sequence[str]) -> tuple[str, ...]:
    """Where includes may be read from by default: the repository of each given
    file (the nearest folder above it with ``.git``); outside a repository, the
    working folder when the file is in it, else the file's own folder."""
    roots: dict[str, None] = {}
    cwd = Path.cwd().resolve()
    for path in paths:
        here = Path(path).resolve().parent
        repository = next((f for f in (here, *here.parents) if (f / ".git").exists()), None)
        if repository is None:
            repository = cwd if cwd == here or cwd in here.parents else here
        roots[str(repository)] = None
    return tuple(roots)


def is_asciidoc(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


class _TooMuchCode(Exception):
    """A file's code blocks, with what they include, passed ``max_code_lines``."""


def _shown(resolved: str, includer: str) -> str:
    """An included file as findings name it: relative to the working folder, as the
    file that includes it was given (``sub/part.adoc``, not ``/home/.../sub/part.adoc``)."""
    if os.path.isabs(includer):
        return resolved
    relative = os.path.relpath(resolved)
    return resolved if relative.startswith("..") else relative


class DocumentSet:
    """The files of one documentation set, their attributes and includes."""

    def __init__(
        self,
        texts: Mapping[str, str],
        attributes: Mapping[str, str] | None = None,
        attribute_files: Sequence[str] = (),
        roots: Sequence[str] | None = None,
        max_code_lines: int = MAX_CODE_LINES,
        max_include_bytes: int = MAX_INCLUDE_BYTES,
    ) -> None:
        self.texts = dict(texts)
        # Includes are read from these folders only (a pull request's include::/etc/passwd[]
        # must not put the file into findings and CI annotations).
        self.roots = tuple(Path(r).resolve() for r in (roots or include_roots(list(texts))))
        self.max_code_lines = max_code_lines
        self.max_include_bytes = max_include_bytes
        self.refused: dict[str, str] = {}  # include target -> why it is not read
        self.reported: set[tuple[str, int]] = set()
        self.code_lines = 0  # of the file being read, with its blocks' includes
        self.config = dict(attributes or {})
        self.definitions: dict[str, str] = {}  # the first definition in the set
        self.defined_at: dict[str, dict[int, str]] = {}  # path -> {line: name}, for order
        self.findings: list[Finding] = []
        self.unknown: dict[str, tuple[int, int, int, str]] = {}  # name -> its first use
        self.files: list[str] = []
        self.order: dict[str, int] = {}  # file -> its place in reading order
        self.includes: dict[str, list[tuple[int, str | None, str]]] = {}
        self.given = {str(Path(p).resolve()): p for p in texts}  # a file is read once
        queue = [*attribute_files, *(p for p in texts if is_asciidoc(p))]
        seen: set[str] = set()
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            text = self.read(path)
            if text is None:
                continue
            self.order[path] = len(self.files)
            self.files.append(path)
            self._scan_definitions(path, text)
            queue.extend(t for _n, t, _w in self.includes[path] if t is not None)
        self._report_cycles()

    def read(self, path: str) -> str | None:
        if path not in self.texts:
            if path in self.refused:
                return None
            try:  # not blocking on a pipe, reading no more than the limit
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as file:
                    if not stat.S_ISREG(os.fstat(fd).st_mode):
                        return None
                    data = file.read(self.max_include_bytes + 1)
                if len(data) > self.max_include_bytes:
                    return None
                self.texts[path] = data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        return self.texts[path]

    def _refusal(self, resolved: Path) -> str | None:
        """Why the include of ``resolved`` (links followed) is not read, or None."""
        if not any(resolved == root or root in resolved.parents for root in self.roots):
            where = ", ".join(str(root) for root in self.roots)
            return f"it is outside the repository ({where}); cmdlint reads includes inside it only"
        try:
            info = resolved.stat()
        except OSError:
            return None  # reported as not found
        if not stat.S_ISREG(info.st_mode):
            return "it is not a regular file (a device, a pipe or a folder)"
        if info.st_size > self.max_include_bytes:
            return (
                f"it is too large ({info.st_size:,} bytes, limit "
                f"{self.max_include_bytes:,}; [tool.cmdlint] max-file-size)"
            )
        return None

    def _refuse(self, path: str, line: int, written: str) -> None:
        if (path, line) not in self.reported:
            self.reported.add((path, line))
            self.findings.append(
                Finding(
                    path,
                    line,
                    1,
                    "asciidoc-include",
                    Severity.ERROR,
                    f"include not read: {written}: {self.refused[self._resolve(path, written)]}",
                )
            )

    def _resolve(self, path: str, written: str) -> str:
        """The include's file, links followed; a name no file can have (a NUL byte,
        a lone surrogate, a link loop) stays as written, refused."""
        joined = Path(path).parent / written
        try:
            return str(joined.resolve())
        except (ValueError, UnicodeError, OSError, RuntimeError):
            self.refused.setdefault(str(joined), "it is not a name a file can have")
            return str(joined)

    def _scan_definitions(self, path: str, text: str) -> None:
        self.includes[path] = []
        for number, line, in_block in flow(text.split("\n")):
            if in_block:
                continue
            entry = ATTRIBUTE_ENTRY.match(line)
            if entry and not (entry[1] or entry[3]):
                self.definitions.setdefault(entry[2], entry[4] or "")
                self.defined_at.setdefault(path, {})[number] = entry[2]
                continue
            include = INCLUDE.match(line)
            if include:
                self.includes[path].append((number, *self._target(path, include[1], number)))

    def _target(self, path: str, target: str, line: int) -> tuple[str | None, str]:
        written = substitute_attributes(target, self.value, lambda _n, _c: None)
        if "<" in written or re.match(r"^[a-z]+://", written):
            return None, written  # an unknown attribute in the path, or a URL
        resolved = self._resolve(path, written)
        if resolved in self.given:
            return self.given[resolved], written  # a file given to cmdlint is read anyway
        if resolved not in self.refused:
            why = self._refusal(Path(resolved))
            if why is not None:
                self.refused[resolved] = why
        if resolved in self.refused:
            self._refuse(path, line, written)
            return None, written
        return _shown(resolved, path), written

    def value(self, name: str, depth: int = 0) -> str | None:
        raw = self.config.get(name, self.definitions.get(name))
        if raw is None or depth > 8 or "{" not in raw:
            return raw
        return substitute_attributes(raw, lambda n: self.value(n, depth + 1), lambda _n, _c: None)

    def missing(self, path: str, line: int) -> Callable[[str, int], None]:
        """A callback that notes an undefined attribute; the first use is reported."""
        order = self.order.get(path, len(self.files))

        def note(name: str, column: int) -> None:
            use = (order, line, column, path)
            if name not in self.unknown or use < self.unknown[name]:
                self.unknown[name] = use

        return note

    def undefined(self) -> list[Finding]:
        """One warning per attribute defined nowhere, at its first use."""
        return [
            Finding(
                path,
                line,
                column,
                "asciidoc-attribute",
                Severity.WARNING,
                f"attribute '{{{name}}}' is defined nowhere in the documentation set (the "
                "reader sees it literally); define it, or set it in [tool.cmdlint] attributes",
            )
            for name, (_order, line, column, path) in sorted(self.unknown.items())
        ]

    def _report_cycles(self) -> None:
        cycles: set[frozenset[str]] = set()
        for path in self.files:
            for number, target, written in self.includes.get(path, []):
                if target is None or self.read(target) is None:
                    if target is not None:
                        self.findings.append(
                            Finding(
                                path,
                                number,
                                1,
                                "asciidoc-include",
                                Severity.WARNING,
                                f"include file not found: {written}",
                            )
                        )
                    continue
                chain = self._path_back(target, path, [path, target])
                if chain and frozenset(chain) not in cycles:
                    cycles.add(frozenset(chain))
                    names = " -> ".join(Path(p).name for p in chain)
                    self.findings.append(
                        Finding(
                            path,
                            number,
                            1,
                            "asciidoc-include",
                            Severity.ERROR,
                            f"include cycle: {names}",
                        )
                    )

    def _path_back(self, start: str, goal: str, chain: list[str]) -> list[str] | None:
        """The include chain from ``start`` back to ``goal``, if there is one."""
        stack: list[tuple[str, list[str]]] = [(start, chain)]
        visited: set[str] = set()
        while stack:
            here, trail = stack.pop()
            if here in visited:
                continue
            visited.add(here)
            for _n, target, _w in self.includes.get(here, []):
                if target == goal:
                    return [*trail, goal] if here != goal else trail
                if target is not None and target in self.includes:
                    stack.append((target, [*trail, target]))
        return None

    def blocks(self, path: str) -> list[Block]:
        """The listing, literal and prose blocks of one file, substitutions applied."""
        text = self.read(path) or ""
        lines = text.split("\n")
        found: list[Block] = []
        prose: list[tuple[int, str]] = []
        self.code_lines = 0
        over = False
        for item in structure(lines):
            if not isinstance(item, Listing):
                prose.append(item)
                continue
            if over:
                continue
            try:
                found.extend(self._listing(path, lines, item.opening, item.attrs, item.content))
            except _TooMuchCode:
                self.findings.append(
                    Finding(
                        path,
                        item.opening,
                        1,
                        "asciidoc-include",
                        Severity.ERROR,
                        f"more than {self.max_code_lines:,} lines of code blocks with what they "
                        "include; split the file or raise [tool.cmdlint] max-code-lines (no block "
                        "of the file is linted)",
                    )
                )
                found, over = [block for block in found if block.kind == BlockKind.PROSE], True
        found.extend(self._prose(path, prose))
        for block in found:
            # the reader resolves attributes itself and reports what stays unresolved
            block.suppress.setdefault("unresolved-placeholder", "AsciiDoc attributes")
        return found

    def _listing(
        self, path: str, lines: list[str], opening: int, attrs: Attrs, content: list[Source]
    ) -> list[Block]:
        language = attrs.language if attrs.style == "source" else ""
        kind = SHELL_LANGUAGES.get(language, language)
        if kind not in LINTED:
            return []
        subs = resolve_subs(attrs.named.get("subs"))
        content = [Source(s.text, path, s.line, s.conditions) for s in content]
        content = self._expand_includes(path, content)
        reason = suppressed(lines, opening)
        blocks = []
        for variant in variants(content):
            block_path = (
                variant[0].path if variant and len({s.path for s in variant}) == 1 else path
            )
            texts = [self._substitute(s, subs, s.path == block_path) for s in variant]
            block = Block(
                block_path, variant[0].line if variant else opening + 1, texts, BlockKind(kind)
            )
            block.line_map = [(s.line if s.path == block_path else opening, 0) for s in variant]
            block.suppress.update(reason)
            blocks.append(block)
        return blocks

    def _substitute(self, source: Source, subs: set[str], own: bool) -> str:
        text = strip_callouts(source.text)
        if "replacements" in subs:
            for column, written, becomes in replacements(text) if own else []:
                self.findings.append(
                    Finding(
                        source.path,
                        source.line,
                        column,
                        "asciidoc-replacement",
                        Severity.WARNING,
                        f"the block's subs turn {written!r} into {becomes}, which the reader "
                        'copies into the command; escape it (\\) or drop "replacements" '
                        'from the subs (subs="+quotes,+attributes" instead of "normal")',
                    )
                )
            text = ESCAPED_REPLACEMENT.sub(r"\1", text)  # the backslash is not shown
        if "quotes" in subs or "macros" in subs:
            text = apply_quotes(text)
        if "attributes" in subs:
            return substitute_attributes(text, self.value, self.missing(source.path, source.line))
        defined = [(n, c) for n, c in attribute_names(text) if self.value(n) is not None]
        for name, column in defined if own else []:
            # in a comment of the block the reader only sees the name: no command breaks
            comment = re.search(r"(?:^|\s)(?:#|//)", text[: column - 1]) is not None
            self.findings.append(
                Finding(
                    source.path,
                    source.line,
                    column,
                    "asciidoc-attribute",
                    Severity.INFO if comment else Severity.ERROR,
                    f"'{{{name}}}' is not replaced in this block, whose subs do not include "
                    'attributes: add subs="attributes+" to its attribute line',
                )
            )
        for name, _column in defined:  # reported once above, not again as a lost '$'
            text = text.replace(f"{{{name}}}", f"<{name}>")
        return text

    def _count_code(self, lines: int) -> None:
        self.code_lines += lines
        if self.code_lines > self.max_code_lines:
            raise _TooMuchCode

    def _expand_includes(self, path: str, content: list[Source]) -> list[Source]:
        result: list[Source] = []
        for source in content:
            self._count_code(1)
            include = INCLUDE.match(source.text)
            target = self._target(source.path, include[1], source.line)[0] if include else None
            text = self.read(target) if target else None
            if include is None or target is None or text is None:
                result.append(source)
                continue
            body = text.split("\n")
            if body and body[-1] == "":
                body.pop()
            self._count_code(len(body))
            result.extend(Source(t, target, n, source.conditions) for n, t in enumerate(body, 1))
        return result

    def _prose(self, path: str, lines: list[tuple[int, str]]) -> list[Block]:
        blocks: list[Block] = []
        for _key, group in itertools.groupby(
            enumerate(lines), key=lambda item: item[1][0] - item[0]
        ):
            run = [entry for _i, entry in group]
            texts = [substitute_attributes(t, self.value, self.missing(path, n)) for n, t in run]
            blocks.append(Block(path, run[0][0], texts, BlockKind.PROSE))
        return blocks


def read_asciidoc(texts: Mapping[str, str], context: Context) -> tuple[list[Block], list[Finding]]:
    """All blocks of the AsciiDoc files in ``texts`` and of the files they include."""
    extra = context.extra
    documents = DocumentSet(
        texts,
        context.attributes,
        context.attribute_files,
        roots=(*include_roots(list(texts)), *extra.get("include_paths", ())),
        max_code_lines=int(extra.get("max_code_lines", MAX_CODE_LINES)),
        max_include_bytes=int(extra.get("max_file_size", MAX_INCLUDE_BYTES)),
    )
    blocks = [block for path in documents.files for block in documents.blocks(path)]
    return blocks, documents.findings + documents.undefined()
