"""cmdlint precision benchmark: how many of its findings on documentation nobody here
wrote are real mistakes?

The corpus (benchmarks/precision/corpus/, see manifest.yaml there) holds the code
blocks of three public documentation sets, every line at its original number.  Each
project is linted as a new user would lint the repository (``cmdlint corpus/<project>``,
no configuration).  benchmarks/precision/verdicts.yaml holds a hand-triaged verdict for
every error and a sample of warnings: ``true`` (a reader following the text would hit
a mistake), ``false``, and why.  Prints per project and overall: shell blocks, errors
and warnings per 100 shell blocks, precision of errors and of the triaged warnings, the
true mistakes still reported and lost, and the findings that have no verdict yet.

Usage: python benchmarks/cmdlint_precision.py [--project NAME]... [--subset]
       [--show untriaged|false|true|all] [--json FILE]

``--subset`` lints the files listed under ``subset:`` in manifest.yaml (the CI test).
Nothing is executed: cmdlint parses (tree-sitter, ``bash -n``, shellcheck).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))

from cmdlint.blocks import SHELL_TAGS, extract_blocks  # noqa: E402
from cmdlint.cli import collect  # noqa: E402
from cmdlint.engine import is_asciidoc, lint_texts  # noqa: E402
from cmdlint.model import Block, Finding, Severity  # noqa: E402
from cmdlint.registry import Context  # noqa: E402

HERE = ROOT / "benchmarks" / "precision"
SHELL_KINDS = SHELL_TAGS | {"console"}


@dataclass
class Verdict:
    true: bool
    why: str


@dataclass
class Result:
    project: str
    files: int = 0
    shell_blocks: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Lint with paths relative to the project, as `cmdlint .` in its checkout."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def is_shell_block(block: Block) -> bool:
    """The benchmark's own definition, independent of cmdlint's classifier: tagged as a
    shell language, or untagged with a ``$ `` prompt line."""
    if block.kind in SHELL_KINDS:
        return True
    return block.kind in {"", "text", "plaintext", "none"} and any(
        line.startswith("$ ") for line in block.lines
    )


def count_shell_blocks(texts: dict[str, str]) -> int:
    blocks: list[Block] = []
    asciidoc = {path: text for path, text in texts.items() if is_asciidoc(path)}
    if asciidoc:
        from cmdlint.asciidoc import read_asciidoc

        blocks.extend(b for b in read_asciidoc(asciidoc, Context())[0] if b.kind != "prose")
    for path, text in texts.items():
        if path not in asciidoc:
            blocks.extend(extract_blocks(text, path))
    seen = {(b.path, b.line) for b in blocks if is_shell_block(b)}  # a variant counts once
    return len(seen)


def lint_project(name: str, only: Sequence[str] = ()) -> Result:
    folder = HERE / "corpus" / name
    result = Result(name)
    with inside(folder):
        files, problems = collect(list(only) or ["."])
        if problems:
            raise SystemExit(f"{name}: {'; '.join(problems)}")
        texts = {str(path): path.read_text(encoding="utf-8") for path in files}
        result.files = len(texts)
        result.shell_blocks = count_shell_blocks(texts)
        start = time.perf_counter()
        result.findings = lint_texts(texts, Context())
        result.seconds = time.perf_counter() - start
    return result


def key(project: str, finding: Finding) -> str:
    return f"{project}:{finding.path}:{finding.line}:{finding.rule}"


def load_verdicts() -> dict[str, Verdict]:
    path = HERE / "verdicts.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: Verdict(bool(v["true"]), str(v.get("why", ""))) for k, v in data.items()}


def ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a "


@dataclass
class Score:
    blocks: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    error_true: int = 0
    error_false: int = 0
    error_untriaged: int = 0
    warning_true: int = 0
    warning_false: int = 0
    kept: int = 0
    lost: list[str] = field(default_factory=list)

    @property
    def error_precision(self) -> float:
        judged = self.error_true + self.error_false
        return self.error_true / judged if judged else 1.0

    @property
    def warning_precision(self) -> float:
        judged = self.warning_true + self.warning_false
        return self.warning_true / judged if judged else 1.0

    def add(self, other: Score) -> None:
        for name in (
            "blocks",
            "errors",
            "warnings",
            "infos",
            "error_true",
            "error_false",
            "error_untriaged",
            "warning_true",
            "warning_false",
            "kept",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lost.extend(other.lost)


def score(result: Result, verdicts: dict[str, Verdict], scope: set[str] | None) -> Score:
    """``scope``: the files linted (a subset), so that a true mistake elsewhere is not lost."""
    s = Score(blocks=result.shell_blocks)
    reported = {(f.path, f.line) for f in result.findings if f.severity is not Severity.INFO}
    for finding in result.findings:
        verdict = verdicts.get(key(result.project, finding))
        if finding.severity is Severity.ERROR:
            s.errors += 1
            if verdict is None:
                s.error_untriaged += 1
            elif verdict.true:
                s.error_true += 1
            else:
                s.error_false += 1
        elif finding.severity is Severity.INFO:
            s.infos += 1
        elif finding.severity is Severity.WARNING:
            s.warnings += 1
            if verdict is not None:
                s.warning_true += verdict.true
                s.warning_false += not verdict.true
    prefix = result.project + ":"
    for name, verdict in verdicts.items():
        if not name.startswith(prefix) or not verdict.true:
            continue
        path, line, _rule = name[len(prefix) :].rsplit(":", 2)
        if scope is not None and path not in scope:
            continue
        if (path, int(line)) in reported:
            s.kept += 1
        else:
            s.lost.append(name)
    return s


def report(
    results: list[Result], verdicts: dict[str, Verdict], scopes: dict[str, set[str]], show: str
) -> Score:
    total = Score()
    print(
        f"{'project':12} {'files':>5} {'shell':>6} {'err/100':>8} {'warn/100':>8} "
        f"{'err prec':>8} {'warn prec':>9} {'true kept':>9} {'untriaged':>9} {'time':>6}"
    )
    for result in results:
        s = score(result, verdicts, scopes.get(result.project))
        total.add(s)
        print(
            f"{result.project:12} {result.files:5} {s.blocks:6} "
            f"{100 * s.errors / max(s.blocks, 1):8.1f} {100 * s.warnings / max(s.blocks, 1):8.1f} "
            f"{ratio(s.error_true, s.error_true + s.error_false):>8} "
            f"{ratio(s.warning_true, s.warning_true + s.warning_false):>9} "
            f"{s.kept:4}/{s.kept + len(s.lost):<4} {s.error_untriaged:9} {result.seconds:5.1f}s"
        )
    print(
        f"{'all':12} {sum(r.files for r in results):5} {total.blocks:6} "
        f"{100 * total.errors / max(total.blocks, 1):8.1f} "
        f"{100 * total.warnings / max(total.blocks, 1):8.1f} "
        f"{ratio(total.error_true, total.error_true + total.error_false):>8} "
        f"{ratio(total.warning_true, total.warning_true + total.warning_false):>9} "
        f"{total.kept:4}/{total.kept + len(total.lost):<4} {total.error_untriaged:9}"
    )
    print(
        f"errors: {total.errors} ({total.error_true} true, {total.error_false} false, "
        f"{total.error_untriaged} untriaged); warnings: {total.warnings} "
        f"({total.warning_true} true, {total.warning_false} false of those triaged); "
        f"info: {total.infos} ({100 * total.infos / max(total.blocks, 1):.1f} per 100)"
    )
    for name in total.lost:
        print(f"LOST true mistake: {name} -- {verdicts[name].why}")
    if show:
        for result in results:
            for f in result.findings:
                if f.severity is Severity.INFO:
                    continue
                verdict = verdicts.get(key(result.project, f))
                state = "untriaged" if verdict is None else ("true" if verdict.true else "false")
                if show in {state, "all"}:
                    print(f"[{state}] {key(result.project, f)} {f.severity.value}: {f.message}")
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", action="append", default=[])
    parser.add_argument("--subset", action="store_true", help="the CI subset of manifest.yaml")
    parser.add_argument("--show", choices=["untriaged", "false", "true", "all"], default="")
    parser.add_argument("--json", help="write the findings to this file")
    args = parser.parse_args(argv)
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
    names = args.project or list(manifest["projects"])
    subset: dict[str, list[str]] = manifest.get("subset", {}) if args.subset else {}
    if args.subset:
        names = [n for n in names if n in subset]
    results = [lint_project(name, subset.get(name, ())) for name in names]
    scopes = {name: set(files) for name, files in subset.items()}
    verdicts = load_verdicts()
    report(results, verdicts, scopes, args.show)
    if args.json:
        Path(args.json).write_text(
            json.dumps({r.project: [f.as_dict() for f in r.findings] for r in results}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
