"""Random mutations of the project's inputs, through the code that reads them.

Each target takes one mutated text and runs it through what a build or a
check does with it. A target may raise the project's own error type
(GuideError: a clear message for the writer); anything else is a bug. The
CI test (test_fuzz.py) runs a fixed seed; ``python tests/fuzz/run_fuzz.py``
runs more, with any seed, by hand.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BASIC = REPO / "tests" / "roots" / "test-basic"

#: Characters that break parsers: line ends, BOM, controls, YAML/Jinja/MyST syntax.
NASTY = [
    "\x00",
    "\x02",
    "\x1b",
    "\r",
    "\r\n",
    "\ufeff",
    "\t",
    "\u200b",
    "\u2028",
    "{",
    "}",
    "%",
    "#",
    "`",
    ":",
    "-",
    "&",
    "*",
    "!",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "[",
    "]",
    "é",
    "日本",
    "\U0001f600",
    "\ud800",
    "\n",
    "    ",
    "---\n",
    "$(",
    "<<EOF\n",
]

JINJA = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "{{ params }}",
    "{{ params.nope }}",
    "{{ guide.id }}",
    "{{ src.manager.repos }}",
    "{{ dst.manager.repos | join(' ') }}",
    "{{ 1/0 }}",
    "{{ enable_repos(dst.manager.repos) }}",
    "{{ enable_repos(3) }}",
    "{% if x %}",
    "{% if guide.topology == 'self-hosted' %}",
    "{% endif %}",
    "{% for r in range(3) %}",
    "{% endfor %}",
    "{% else %}",
    "{{ releases['9.9'] }}",
    "{{ eap_channel('4.4') }}",
    "{{ eap_channel('9.9') }}",
    "{{ virt_stream('4.4.1') }}",
    "{{ virt_stream(None) }}",
    "{{ 'a' * 99999999 }}",
    "{{ range(10**9) | list }}",
    "{{ ''.__class__ }}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{{ x | nosuchfilter }}",
    "{% include 'other' %}",
    "{% extends 'base' %}",
    "{{ '%s' % () }}",
    "{{ [] | first }}",
    "{{ {} | dictsort | first }}",
    "{% set x = 1 %}{{ x.y.z }}",
    "{{ 2 ** 99999 }}",
    # templates that try to change what other pages see, or to grow without bound
    "{{ dst.rhel.minors.pop() }}",
    "{% set _ = dst.update({'package_manager': 'x'}) %}",
    "{{ releases.clear() }}",
    "{{ dst.manager.repos.append('x') }}",
    "{{ params.update({}) }}",
    "{{ dst.manager.repos.extend(dst.manager.repos) }}",
    "{{ src.rhel.minors.sort() }}",
    "{{ dst.rhel.minors | attr('reverse') }}",
    "{{ dst.setdefault('x', 1) }}",
    "{{ '{:>{w}}'.format('x', w=10**9) }}",
    "{{ '%*s' % (10**9, 'x') }}",
    "{{ lipsum(10**7) }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s | length }}",
    "{{ ('x' * 999999).replace('x', 'yy') }}",
    '{{ "\\x1b[2J" }}',
    '{{ "\\u009b" }}',
]

MYST = [
    "```{command} manager\n# true\n```\n",
    "```{command} nosuch\n# x\n```\n",
    "```{output}\n",
    ":::{steps}\n",
    ":::\n",
    "::::{tabs}\n",
    ":::{tab} X\nx\n:::\n",
    "{procref}`update`",
    "{procref}`nosuch`",
    "```{procedure} sub\nwhat: x\n```\n",
    "```{procedure} update\n```\n",
    "```{procedure} sub\n: [\n```\n",
    "(label)=\n",
    "# Heading\n",
    "[link](#nowhere)",
    "```{guide-step} x y\n```\n",
    "{guilabel}`OK`",
    "```{eval-rst}\n.. raw:: html\n```\n",
    "$$\n",
    "| a | b |\n|---|\n",
    "[^1]\n",
    "<div>\n",
    "```\n",
]

YAML = [
    "&a [1]",
    "*a",
    "<<: *a",
    ": :",
    "- ",
    "? ",
    "!!python/object:os.system",
    "4.10:",
    '"4.10":',
    "yes:",
    "~",
    "[",
    "{",
    "]",
    "}",
    "'",
    "\t",
    "99999999999999999999999",
    "!!binary xx",
    "%YAML 1.1\n",
    "--- ",
    "...",
    "id: x",
    "slug: index",
    "when: {x: 1}",
    "optional: maybe",
    "parts: {nosuch: {}}",
    "- nosuch",
    "- update",
    'from: "9.9"',
]

PO = [
    'msgid "x"\nmsgstr "y"\n',
    'msgstr ""',
    'msgid ""',
    '"\\"',
    "\\n",
    "#, fuzzy\n",
    "#, python-format\n",
    'msgid_plural "xs"\n',
    'msgstr[0] "a"\n',
    'msgctxt "c"\n',
    '"Language: xx_INVALID\\n"\n',
    '"Plural-Forms: nplurals=x;\\n"\n',
    "%s",
    "%(name)s",
    "{guilabel}`x`",
    "``code``",
    "`code`",
    "**bold**",
    "[link](x)",
    "{procref}`x`",
    '#~ msgid "old"\n',
    # markup and escapes a translator could slip in
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<!-- x -->",
    "{raw}`html <b>`",
    "```{raw} html\n",
    "\\033[2J",
    "\\a",
    "\\x9b",
    "\\e",
    "\\0",
    "\u009b",
    '\\"><b>',
]

#: What an accepted translation may not hold unless its source text does.
HOSTILE = ("<script", "onerror", "onload", "javascript:", "<!--", "{raw}", "\x1b", "\x9b", "\x07")


@dataclass
class Outcome:
    """What a fuzz run found: runs, project errors, and foreign exceptions."""

    runs: int = 0
    project_errors: int = 0
    foreign: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def add_foreign(self, exc: BaseException, text: str) -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        self.foreign[key] += 1
        self.examples.setdefault(key, text[:2000])


def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
    """One to four random edits of ``text``: insert, delete, duplicate, swap, repeat."""
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        at = rng.randrange(len(text) + 1)
        if op <= 1:
            text = text[:at] + rng.choice(pool) + text[at:]
        elif op == 2:
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif op == 3:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif op == 4:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
            text = "\n".join(lines)
        elif op == 5:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == 6:
            end = min(len(text), at + rng.randint(1, 20))
            text = text[:at] + text[at:end] * rng.choice((2, 10, 200)) + text[end:]
        else:
            text = text[: rng.randrange(len(text) + 1)] if rng.random() < 0.3 else text
    return text


def run(
    target: Callable[[str], Any],
    seeds: list[str],
    pool: list[str],
    runs: int,
    seed: int,
    seconds: float | None = None,
) -> Outcome:
    """Mutate the seed texts ``runs`` times (or until ``seconds`` pass)."""
    from guidekit.model.errors import GuideError

    rng = random.Random(seed)
    outcome = Outcome()
    start = time.perf_counter()
    for _ in range(runs):
        if seconds is not None and time.perf_counter() - start > seconds:
            break
        text = mutate(rng, rng.choice(seeds), pool)
        outcome.runs += 1
        try:
            target(text)
        except GuideError:
            outcome.project_errors += 1
        except Exception as exc:  # what the fuzzer is for: any other exception is a bug
            outcome.add_foreign(exc, text)
    outcome.seconds = time.perf_counter() - start
    return outcome


# --- targets -----------------------------------------------------------------------


class ProcedureTarget:
    """Parse a procedure, render its body, title and summary for a guide, parse the
    result as MyST (docutils, the guidekit directives unknown: reported, not raised)."""

    def __init__(self) -> None:
        from guidekit.model.manifest import guide_context
        from guidekit.model.project import load_project

        project = load_project(
            REPO / "source/guides.yaml", REPO / "procedures", REPO / "procedures/versions.yaml"
        )
        guide = project.manifest.guides[0]
        self.context = guide_context(guide, project.manifest, project.matrix)
        self.shared = ("guide", "src", "dst", "releases")
        self.snapshot = repr({key: self.context[key] for key in self.shared})
        self.seeds = [p.read_text("utf-8") for p in sorted((BASIC / "procedures").glob("*.md"))]
        small = sorted((REPO / "procedures").glob("*.md"), key=lambda p: p.stat().st_size)
        self.seeds += [p.read_text("utf-8") for p in small[1:4]]
        self.pool = JINJA + MYST + YAML
        self._myst: Any = None

    def myst(self, text: str) -> None:
        from docutils.core import publish_doctree
        from docutils.parsers.rst import directives, roles
        from myst_parser.parsers.docutils_ import Parser

        # Sphinx apps of other tests register their directives in docutils'
        # global registry; outside a Sphinx build they would fail for want of
        # one. Plain docutils only, here: the build itself is tested elsewhere.
        saved = directives._directives, roles._roles  # type: ignore[attr-defined]
        directives._directives, roles._roles = {}, {}  # type: ignore[attr-defined]
        try:
            publish_doctree(
                text,
                parser=Parser(),
                settings_overrides={
                    "report_level": 5,
                    "halt_level": 5,
                    "warning_stream": io.StringIO(),
                    "myst_enable_extensions": ["colon_fence"],
                },
            )
        finally:
            directives._directives, roles._roles = saved  # type: ignore[attr-defined]

    def __call__(self, text: str) -> None:
        from guidekit.model.procedures import bind_params, parse_procedure
        from guidekit.model.templating import render_inline, render_template

        proc = parse_procedure(
            text, "procedures/update.md" if "id: update" in text else "procedures/x.md"
        )
        params, _problems = bind_params(
            proc, {n: "x" for n, p in proc.params.items() if p.required}
        )
        context = {**self.context, "params": params}
        try:
            render_inline(proc.title, context, proc.path, proc.title_line)
            render_inline(proc.summary, context, proc.path, proc.summary_line)
            rendered = render_template(proc.body, context, proc.path, proc.body_line)
        finally:
            # Whatever the template did, what other pages see is as it was.
            if repr({key: self.context[key] for key in self.shared}) != self.snapshot:
                raise AssertionError("a template changed the shared data")
        self.myst(rendered.text)


class ManifestTarget:
    """Parse a manifest and check it against the real procedures and matrix."""

    def __init__(self) -> None:
        from guidekit.model.matrix import load_matrix
        from guidekit.model.procedures import load_library

        self.library = load_library(REPO / "procedures")
        self.matrix = load_matrix(REPO / "procedures" / "versions.yaml")
        self.seeds = [
            (REPO / "source" / "guides.yaml").read_text("utf-8"),
            (BASIC / "guides.yaml").read_text("utf-8"),
        ]
        self.pool = YAML

    def __call__(self, text: str) -> None:
        from guidekit.model.manifest import check_manifest, parse_manifest
        from guidekit.model.stubs import stub_pages

        manifest = parse_manifest(text, "source/guides.yaml")
        check_manifest(manifest, self.library, self.matrix)
        stub_pages(manifest)


class CatalogTarget:
    """Read a catalog as the build and the gate do, run the gate's checks, compile it."""

    def __init__(self) -> None:
        folder = REPO / "locales" / "ja" / "LC_MESSAGES"
        self.seeds = [
            (folder / "guidekit.po").read_text("utf-8"),
            (folder / "sphinx.po").read_text("utf-8"),
        ]
        self.pool = PO
        shm = Path("/dev/shm")  # a catalog is a file: write it where writing is cheap
        self._dir = tempfile.TemporaryDirectory(
            prefix="fuzz-po-", dir=shm if shm.is_dir() else None
        )
        self.path = Path(self._dir.name) / "guides.po"

    def __call__(self, text: str) -> None:
        from guidekit.l10n import checks
        from guidekit.l10n.catalogs import compile_catalog, read_catalog

        self.path.write_bytes(text.encode("utf-8", "surrogatepass"))
        catalog = read_catalog(self.path, "ja")
        for check in (checks.check_complete, checks.check_variants, checks.check_formats):
            check(catalog, str(self.path))
        if not checks.check_markup(catalog, str(self.path)):
            # Accepted by the gate and the build: no script the source text lacks.
            for message in catalog:
                if not message.id:
                    continue  # the header: never published
                strings = (
                    message.string
                    if isinstance(message.string, tuple | list)
                    else (message.string,)
                )
                for value in strings:
                    source = repr(message.id)
                    bad = [h for h in HOSTILE if h in repr(value) and h not in source]
                    if bad:
                        raise AssertionError(f"accepted translation with {bad[0]!r}")
        compile_catalog(catalog, self.path.with_suffix(".mo"))


class CmdlintTarget:
    """Lint a Markdown file with every cmdlint rule (bash -n and shellcheck included,
    many files per call as the CLI batches them; a failing batch is split)."""

    def __init__(self) -> None:
        self.seeds = [(BASIC / "procedures" / "update.md").read_text("utf-8")]
        self.seeds.append(
            "# Notes\n\n```console\n$ sudo dnf install -y foo \\\n"
            "    --enablerepo=bar\n# systemctl restart ovirt-engine\n```\n\n"
            "```bash\ncat <<EOF > /etc/x.conf\nkey=value\nEOF\n```\n"
        )
        self.pool = [
            *MYST,
            "```console\n",
            "```bash\n",
            "$ ",
            "# ",
            " \\\n",
            "<<'EOF'\n",
            "EOF\n",
            "$(",
            ")",
            "`",
            "'",
            '"',
            "&&",
            "||",
            "|",
            ";",
            "sudo ",
            "yum install",
            "engine-setup --offline",
            "--",
            "4.4",
            "4.3.9",
        ]

    def __call__(self, text: str) -> None:
        from cmdlint.engine import lint_text

        lint_text(text, "doc.md")


class AsciidocIncludeTarget:
    """Read an AsciiDoc set whose includes try to leave the repository: no line of
    a file outside it may reach a block or a finding."""

    SECRET = "SECRET-OUTSIDE-7f3a"

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="fuzz-adoc-")
        base = Path(self._dir.name)
        (base / "outside.txt").write_text(f"# echo {self.SECRET}\n", "utf-8")
        self.root = base / "repo"
        (self.root / ".git").mkdir(parents=True)
        (self.root / "docs" / "parts").mkdir(parents=True)
        (self.root / "docs" / "parts" / "cmd.sh").write_text("# ls /\n", "utf-8")
        (self.root / "docs" / "parts" / "out.adoc").symlink_to(base / "outside.txt")
        self.path = str(self.root / "docs" / "book.adoc")
        self.seeds = [
            "= Book\n\n:dir: parts\n\n[source,bash]\n----\ninclude::parts/cmd.sh[]\n"
            "----\n\ninclude::{dir}/cmd.sh[]\n"
        ]
        escapes = [
            "../outside.txt",
            "../../outside.txt",
            str(base / "outside.txt"),
            "parts/out.adoc",
            "/etc/passwd",
            "/dev/zero",
            "/proc/self/environ",
            "{dir}/../../../outside.txt",
            "parts/../../../outside.txt",
            "parts",
        ]
        self.pool = [
            *(f"include::{e}[]\n" for e in escapes),
            ":dir: ../..\n",
            f":dir: {base}\n",
            "----\n",
            "[source,bash]\n",
            "include::",
            "[]\n",
        ]

    def __call__(self, text: str) -> None:
        from cmdlint.asciidoc import read_asciidoc
        from cmdlint.registry import Context

        blocks, findings = read_asciidoc({self.path: text}, Context(use_shellcheck=False))
        seen = [line for b in blocks for line in b.lines] + [f.message for f in findings]
        if any(self.SECRET in line for line in seen):
            raise AssertionError("a file outside the repository reached the output")
        if any(not Path(b.path).resolve().is_relative_to(self.root.resolve()) for b in blocks):
            raise AssertionError("a block names a file outside the repository")


def run_cmdlint_batched(
    target: CmdlintTarget, runs: int, seed: int, batch: int = 100, seconds: float | None = None
) -> Outcome:
    """Like :func:`run`, with ``batch`` files linted together (one bash and one
    shellcheck process per batch, as the CLI does); a batch that raises is
    linted file by file to find the culprit."""
    from cmdlint.engine import lint_texts

    rng = random.Random(seed)
    outcome = Outcome()
    start = time.perf_counter()
    while outcome.runs < runs:
        if seconds is not None and time.perf_counter() - start > seconds:
            break
        texts = {
            f"doc{i}.md": mutate(rng, rng.choice(target.seeds), target.pool)
            for i in range(min(batch, runs - outcome.runs))
        }
        outcome.runs += len(texts)
        try:
            lint_texts(texts)
        except Exception:
            for text in texts.values():
                try:
                    target(text)
                except Exception as exc:  # a bug: cmdlint raises nothing on any text
                    outcome.add_foreign(exc, text)
    outcome.seconds = time.perf_counter() - start
    return outcome
