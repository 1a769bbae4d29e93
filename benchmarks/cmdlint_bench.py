"""cmdlint benchmark: prints blocks linted per second.

0. The assembled guides, linted by the Sphinx builder (-b cmdlint), end to end.
1. The whole corpus (the assembled guides' sources: procedures/*.md, plus the
   reference guide fixture and any paths given) linted the normal way: bash -n and
   shellcheck batched.
2. The same corpus with shellcheck run once per block (the naive way), for comparison.
3. A synthetic corpus 100 times larger (the corpus copied with varied names), to
   show how the time grows.

Usage: python benchmarks/cmdlint_bench.py [--scale 100] [PATH...]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))

from cmdlint import oracle  # noqa: E402
from cmdlint.blocks import extract_blocks  # noqa: E402
from cmdlint.engine import analyse, known_commands, lint_texts  # noqa: E402
from cmdlint.registry import Context  # noqa: E402

DEFAULT = [
    ROOT / "procedures",
    ROOT / "tests" / "cmdlint" / "fixtures" / "reference" / "rhv-4.4-upgrade-guide-ja.md",
]


def corpus(paths: list[Path]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in paths:
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        for file in files:
            if file.name != "README.md" and file.is_file():
                texts[str(file)] = file.read_text(encoding="utf-8")
    return texts


def count_blocks(texts: dict[str, str]) -> int:
    return sum(len(extract_blocks(text, path)) for path, text in texts.items())


def timed(texts: dict[str, str], context: Context) -> tuple[float, int]:
    start = time.perf_counter()
    findings = lint_texts(texts, context)
    return time.perf_counter() - start, len(findings)


def shellcheck_per_block(texts: dict[str, str]) -> tuple[float, int]:
    known = known_commands()
    scripts = []
    for path, text in texts.items():
        for block in extract_blocks(text, path):
            analysis = analyse(block, known)
            if analysis.category == "shell" and analysis.script.strip():
                scripts.append(analysis.script)
    start = time.perf_counter()
    oracle.shellcheck(scripts, per_snippet=True)
    return time.perf_counter() - start, len(scripts)


def assembled_guides() -> tuple[float, int, str]:
    """The assembled guides linted by the Sphinx builder, end to end (read + lint)."""
    with tempfile.TemporaryDirectory(prefix="cmdlint-bench-") as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-j", "1", "-c", str(ROOT),
                        "-b", "cmdlint", str(ROOT / "source"), out], check=True)
        seconds = time.perf_counter() - start
        report = (Path(out) / "output.txt").read_text(encoding="utf-8")
    match = re.search(r"(\d+) code block\(s\) linted", report)
    summary = report.strip().splitlines()[-1] if report.strip() else ""
    return seconds, int(match.group(1)) if match else 0, summary


def synthetic(texts: dict[str, str], scale: int) -> dict[str, str]:
    big: dict[str, str] = {}
    for copy in range(scale):
        for path, text in texts.items():
            varied = text.replace("newengine", f"engine{copy}").replace("apache", f"web{copy}")
            big[f"synthetic/{copy}/{Path(path).name}"] = varied
    return big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    texts = corpus(args.paths or DEFAULT)
    blocks = count_blocks(texts)
    print(f"tools: {oracle.tool_versions()}")
    if not args.paths:
        seconds_guides, guide_blocks, summary = assembled_guides()
        print(f"assembled guides (sphinx-build -b cmdlint, read + lint): {guide_blocks} "
              f"block(s) in {seconds_guides:.2f} s, {guide_blocks / seconds_guides:.0f} "
              f"blocks/s; {summary}")
    print(f"corpus: {len(texts)} file(s), {blocks} block(s)")
    lint_texts(texts, Context())  # warm-up: specs, grammar, caches
    seconds, found = timed(texts, Context())
    print(
        f"batched (bash -n + shellcheck): {seconds:.2f} s, {blocks / seconds:.0f} blocks/s, "
        f"{found} finding(s)"
    )
    seconds_nosc, _ = timed(texts, Context(use_shellcheck=False))
    print(f"without shellcheck: {seconds_nosc:.2f} s, {blocks / seconds_nosc:.0f} blocks/s")
    per_seconds, shell_blocks = shellcheck_per_block(texts)
    print(
        f"shellcheck alone, one process per block: {per_seconds:.2f} s for {shell_blocks} "
        f"shell block(s), {shell_blocks / per_seconds:.0f} blocks/s"
    )
    big = synthetic(texts, args.scale)
    big_blocks = blocks * args.scale
    seconds_big, found_big = timed(big, Context())
    print(
        f"synthetic x{args.scale}: {big_blocks} block(s), {seconds_big:.2f} s, "
        f"{big_blocks / seconds_big:.0f} blocks/s, {found_big} finding(s); "
        f"time ratio {seconds_big / seconds:.0f}x for {args.scale}x the blocks"
    )


if __name__ == "__main__":
    main()
