"""cmdlint mutation benchmark: how many injected defects does cmdlint report?

The correct command blocks of the assembled guides (collected by the Sphinx
builder ``-b cmdlint`` with each guide's versions and phase, as ``tox -e cmdlint``
lints them) are mutated by the operators below, one defect per mutant, the defect
classes of the reference (wrapped lines, option typos, dropped prompts, ...).  A
mutant is detected when cmdlint reports an error in it; the unmutated blocks must
have none.  Prints detection per operator and overall, and the errors on the
unmutated blocks.  Goals: >= 95% overall, >= 85% per operator, 0 false errors.

Usage: python benchmarks/cmdlint_mutation.py [--seed 7] [--per-operator N] [--show-missed]
       python benchmarks/cmdlint_mutation.py --files PATH...   (any Markdown/rST/AsciiDoc:
       its shell blocks that draw no error are mutated, linted without guide versions)

Nothing is executed: cmdlint parses (tree-sitter, ``bash -n``, shellcheck).
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))

from cmdlint.engine import analyse, lint_blocks  # noqa: E402
from cmdlint.model import Block, Severity  # noqa: E402
from cmdlint.registry import Context  # noqa: E402
from cmdlint.session import PROMPT  # noqa: E402

Key = tuple[str, str, str | None] | None
Operator = Callable[[list[str], random.Random], list[str] | None]


@dataclass
class Original:
    block: Block
    key: Key
    commands: list[int] = field(default_factory=list)  # indexes of prompted lines


# -- collecting the blocks ----------------------------------------------------------
def guide_blocks(root: Path = ROOT) -> tuple[list[Original], object]:
    """The shell blocks of the assembled guides as the cmdlint builder collects them."""
    from sphinx.application import Sphinx

    with tempfile.TemporaryDirectory() as tmp:
        app = Sphinx(
            str(root / "source"),
            str(root),
            tmp + "/out",
            tmp + "/doctrees",
            "cmdlint",
            status=io.StringIO(),
            warning=io.StringIO(),
            freshenv=True,
            parallel=0,
        )
        app.build()
        return builder_blocks(app.builder)


def builder_blocks(builder: object) -> tuple[list[Original], object]:
    """The shell blocks that a finished ``-b cmdlint`` build collected (a test
    passes the builder of the build it shares with other tests)."""
    collected = builder.collected  # type: ignore[attr-defined]
    matrix = builder._matrix()  # type: ignore[attr-defined]
    originals: list[Original] = []
    seen: set[tuple[Key, str, int]] = set()
    for key, blocks in collected.items():
        for block in blocks:
            if block.kind == "prose" or (key, block.path, block.line) in seen:
                continue
            seen.add((key, block.path, block.line))
            analysis = analyse(block)
            if analysis.category != "shell" or not analysis.commands:
                continue
            prompted = [i for i, line in enumerate(block.lines) if PROMPT.match(line)]
            originals.append(Original(block, key, prompted))
    return originals, matrix


def file_blocks(paths: list[Path]) -> tuple[list[Original], object]:
    """The shell blocks of documentation files that cmdlint finds no error in."""
    from cmdlint.blocks import extract_blocks
    from cmdlint.matrix import load_releases

    matrix = load_releases(ROOT / "procedures" / "versions.yaml")
    originals = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for number, block in enumerate(extract_blocks(text, str(path))):
            analysis = analyse(block)
            if analysis.category == "shell" and analysis.commands:
                block = replace(block, path=f"{path}#block-{number}")
                originals.append(Original(block, None))
    errors = errors_by_path([o.block for o in originals], None, matrix)
    clean = [o for o in originals if o.block.path not in errors]
    print(
        f"{len(originals) - len(clean)} of {len(originals)} shell blocks left out: "
        "cmdlint reports an error in them before any mutation"
    )
    return clean, matrix


# -- operators ------------------------------------------------------------------------
def _body(line: str) -> tuple[str, str]:
    match = PROMPT.match(line)
    return (line[: match.end()], line[match.end() :]) if match else ("", line)


def _command_lines(lines: list[str]) -> list[int]:
    """Prompted lines that are a whole command (no continuation on or after them)."""
    return [
        i
        for i, line in enumerate(lines)
        if PROMPT.match(line)
        and not line.rstrip().endswith("\\")
        and not (i > 0 and lines[i - 1].rstrip().endswith("\\"))
    ]


def wrap_last_operand(lines: list[str], rng: random.Random) -> list[str] | None:
    """``cp -p SRC DEST`` -> ``cp -p SRC`` / ``DEST``: the first line stays a command."""
    candidates = [
        i
        for i in _command_lines(lines)
        if len(_body(lines[i])[1].split()) >= 3
        and not re.search(r"[|;&<>]|\$\(|[\"'`]", lines[i])
        and not _body(lines[i])[1].split()[-1].startswith("-")
    ]
    if not candidates:
        return None
    i = rng.choice(candidates)
    head, _, last = lines[i].rstrip().rpartition(" ")
    return [*lines[:i], head, last, *lines[i + 1 :]]


PACKAGE_COMMAND = re.compile(r"^(?:yum|dnf)\s+(?:-\S+\s+)*(?:install|update|upgrade|remove)\s")


def wrap_package_list(lines: list[str], rng: random.Random) -> list[str] | None:
    """``dnf install a b c`` -> ``dnf install a`` / ``b c``: a package list cut after one."""
    candidates = []
    for i in _command_lines(lines):
        body = _body(lines[i])[1]
        if PACKAGE_COMMAND.match(body):
            words = body.split()
            packages = [w for w in words[2:] if not w.startswith("-")]
            if len(packages) >= 2:
                candidates.append((i, packages[0]))
    if not candidates:
        return None
    i, first = rng.choice(candidates)
    cut = lines[i].index(" " + first + " ") + len(first) + 1
    return [*lines[:i], lines[i][:cut], lines[i][cut:].strip(), *lines[i + 1 :]]


def wrap_pattern(lines: list[str], rng: random.Random) -> list[str] | None:
    """``grep PATTERN FILE`` / ``pkill PATTERN`` with the pattern wrapped to the next line."""
    candidates = []
    for i, line in enumerate(lines):
        match = re.search(r"\b(grep|pkill|pgrep)((?:\s+-[A-Za-z]+)*)\s+(?=[^\s|;&-])", line)
        if match and not line.rstrip().endswith("\\") and PROMPT.match(line):
            candidates.append((i, match.end()))
    if not candidates:
        return None
    i, cut = rng.choice(candidates)
    return [*lines[:i], lines[i][:cut].rstrip(), lines[i][cut:], *lines[i + 1 :]]


def option_typo(lines: list[str], rng: random.Random) -> list[str] | None:
    """``--mode=global`` -> ``--mdoe=global``: two inner letters swapped (or one dropped)."""
    spots = [
        (i, m)
        for i, line in enumerate(lines)
        if not line.lstrip().startswith("#!")
        for m in re.finditer(r"(?<![\w-])--([a-z][a-z-]{3,})", line)
    ]
    if not spots:
        return None
    i, match = rng.choice(spots)
    name = match[1]
    pos = rng.randrange(1, len(name) - 2)
    if name[pos] != name[pos + 1] and "-" not in name[pos : pos + 2]:
        typo = name[:pos] + name[pos + 1] + name[pos] + name[pos + 2 :]
    else:
        typo = name[:pos] + name[pos + 1 :]
    line = lines[i]
    return [*lines[:i], line[: match.start(1)] + typo + line[match.end(1) :], *lines[i + 1 :]]


def drop_prompt(lines: list[str], rng: random.Random) -> list[str] | None:
    """A later command of a prompted block written without its prompt (also a ``for``)."""
    prompted = [i for i, line in enumerate(lines) if PROMPT.match(line)]
    later = [i for i in prompted[1:] if not (i > 0 and lines[i - 1].rstrip().endswith("\\"))]
    if not later:
        return None
    i = rng.choice(later)
    return [*lines[:i], _body(lines[i])[1], *lines[i + 1 :]]


def backslash_space(lines: list[str], rng: random.Random) -> list[str] | None:
    """A space after a continuation backslash."""
    spots = [i for i, line in enumerate(lines[:-1]) if line.endswith("\\")]
    if not spots:
        return None
    i = rng.choice(spots)
    return [*lines[:i], lines[i] + " ", *lines[i + 1 :]]


def callout(lines: list[str], rng: random.Random) -> list[str] | None:
    """An AsciiDoc callout marker left in a command: ``... \\ <1>`` or ``... <1>``."""
    spots = [i for i, line in enumerate(lines) if PROMPT.match(line) or line.endswith("\\")]
    spots += [i for i in range(len(lines)) if i > 0 and lines[i - 1].endswith("\\")]
    if not spots:
        return None
    i = rng.choice(sorted(set(spots)))
    return [*lines[:i], lines[i] + " <1>", *lines[i + 1 :]]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the top-level quoted parts of a shell line (escapes honoured)."""
    spans, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "'\"":
            j = i + 1
            while j < len(text) and text[j] != ch:
                j += 2 if ch == '"' and text[j] == "\\" else 1
            if j >= len(text):
                return spans
            spans.append((i, j + 1))
            i = j + 1
            continue
        i += 1
    return spans


def unbalanced_quote(lines: list[str], rng: random.Random) -> list[str] | None:
    """The closing quote of a quoted word lost."""
    spots = [
        (i, span)
        for i, line in enumerate(lines)
        if PROMPT.match(line) or (i > 0 and lines[i - 1].endswith("\\"))
        for span in _quoted_spans(_body(line)[1])
    ]
    if not spots:
        return None
    i, (_, end) = rng.choice(spots)
    prompt, body = _body(lines[i])
    body = body[: end - 1] + body[end:]
    return [*lines[:i], prompt + body, *lines[i + 1 :]]


def split_token(lines: list[str], rng: random.Random) -> list[str] | None:
    """A long word cut at a '-' or '/' onto the next line (a PDF wrap)."""
    spots = []
    for i in _command_lines(lines):
        prompt, body = _body(lines[i])
        for match in re.finditer(r"\S{12,}", body):
            cuts = [
                match.start() + k + 1
                for k, ch in enumerate(match[0][:-3])
                if ch in "-/" and k > 2 and match[0][k + 1].isalnum()
            ]
            spots.extend((i, len(prompt) + cut) for cut in cuts)
    if not spots:
        return None
    i, cut = rng.choice(spots)
    return [*lines[:i], lines[i][:cut], lines[i][cut:], *lines[i + 1 :]]


def lost_dollar(lines: list[str], rng: random.Random) -> list[str] | None:
    """``${name}`` -> ``{name}``, ``"$VAR"`` -> ``"VAR"``: an expansion became text."""
    spots = [
        (i, m)
        for i, line in enumerate(lines)
        for m in re.finditer(r"\$(?=\{\w+\}|[A-Za-z_]\w*)", line)
    ]
    if not spots:
        return None
    i, match = rng.choice(spots)
    line = lines[i]
    return [*lines[:i], line[: match.start()] + line[match.end() :], *lines[i + 1 :]]


def dot_source(lines: list[str], rng: random.Random) -> list[str] | None:
    """``. /etc/file.conf`` -> ``./etc/file.conf``: runs a relative path instead."""
    spots = [i for i, line in enumerate(lines) if re.match(r"^\.\s+/", _body(line)[1].lstrip())]
    if not spots:
        return None
    i = rng.choice(spots)
    return [*lines[:i], re.sub(r"\.\s+/", "./", lines[i], count=1), *lines[i + 1 :]]


def literal_loop(lines: list[str], rng: random.Random) -> list[str] | None:
    """``for x in $(cmd ...)``/``for x in $list`` -> a loop over literal words."""
    spots = [
        (i, m)
        for i, line in enumerate(lines)
        for m in re.finditer(r"\bfor\s+\w+\s+in\s+(\$\(([^()]*)\)|\$\{?(\w+)\}?)", line)
    ]
    if not spots:
        return None
    i, match = rng.choice(spots)
    words = match[2] if match[2] is not None else match[3]
    line = lines[i]
    return [*lines[:i], line[: match.start(1)] + words + line[match.end(1) :], *lines[i + 1 :]]


def drop_continuation(lines: list[str], rng: random.Random) -> list[str] | None:
    """A continuation backslash lost: the next line runs as a command of its own."""
    spots = [i for i, line in enumerate(lines[:-1]) if line.rstrip().endswith("\\")]
    if not spots:
        return None
    i = rng.choice(spots)
    return [*lines[:i], lines[i].rstrip()[:-1].rstrip(), *lines[i + 1 :]]


def single_dash_long(lines: list[str], rng: random.Random) -> list[str] | None:
    """``--tags x`` -> ``-tags x``: a long option with one dash reads as short options."""
    spots = [
        (i, m)
        for i, line in enumerate(lines)
        for m in re.finditer(r"(?<![\w-])--([a-z][a-z-]{3,})(?=[\s=]|$)", line)
    ]
    if not spots:
        return None
    i, match = rng.choice(spots)
    line = lines[i]
    return [*lines[:i], line[: match.start()] + line[match.start() + 1 :], *lines[i + 1 :]]


OPERATORS: dict[str, Operator] = {
    "wrap-last-operand": wrap_last_operand,
    "wrap-package-list": wrap_package_list,
    "wrap-pattern": wrap_pattern,
    "option-typo": option_typo,
    "drop-prompt": drop_prompt,
    "backslash-space": backslash_space,
    "callout": callout,
    "unbalanced-quote": unbalanced_quote,
    "split-token": split_token,
    "lost-dollar": lost_dollar,
    "dot-source": dot_source,
    "literal-loop": literal_loop,
    "drop-continuation": drop_continuation,
    "single-dash-long": single_dash_long,
}


# -- running --------------------------------------------------------------------------
@dataclass
class Result:
    operator: str
    mutants: int = 0
    detected: int = 0
    missed: list[str] = field(default_factory=list)


def _context(key: Key, matrix: object) -> Context:
    from cmdlint.config import load_config
    from cmdlint.ruleset import all_rules

    return Context(
        from_version=key[0] if key else None,
        to_version=key[1] if key else None,
        phase=key[2] if key else None,
        matrix=matrix,
        facts=load_config(ROOT / "pyproject.toml", all_rules()).facts,  # the RHV facts
    )


def errors_by_path(blocks: list[Block], key: Key, matrix: object) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in lint_blocks(blocks, _context(key, matrix)):
        if finding.severity is Severity.ERROR:
            found.setdefault(finding.path, []).append(f"{finding.rule}: {finding.message}")
    return found


def unmutated_errors(originals: list[Original], matrix: object) -> list[str]:
    errors = []
    for key in {o.key for o in originals}:
        blocks = [o.block for o in originals if o.key == key]
        for path, messages in errors_by_path(blocks, key, matrix).items():
            errors.extend(f"{path}: {m}" for m in messages)
    return errors


def run_operator(
    name: str, originals: list[Original], matrix: object, seed: int, limit: int | None
) -> Result:
    rng = random.Random(f"{seed}:{name}")
    operator = OPERATORS[name]
    result = Result(name)
    mutants: dict[Key, list[tuple[Block, str]]] = {}
    seen: set[str] = set()
    for index, original in enumerate(originals):
        lines = operator(list(original.block.lines), rng)
        if lines is None or lines == original.block.lines:
            continue
        text = "\n".join(lines)
        if (original.block.path, text) in seen:  # one block, several guides: once
            continue
        seen.add((original.block.path, text))  # type: ignore[arg-type]
        path = f"{original.block.path}#mutant-{name}-{index}"
        mutant = replace(original.block, path=path, lines=lines, line_map=[], suppress={})
        mutants.setdefault(original.key, []).append((mutant, text))
    chosen = [(key, m) for key, items in mutants.items() for m in items]
    if limit is not None and len(chosen) > limit:
        chosen = rng.sample(chosen, limit)
    for key in {key for key, _ in chosen}:
        blocks = [m for k, (m, _) in chosen if k == key]
        errors = errors_by_path(blocks, key, matrix)
        for block in blocks:
            result.mutants += 1
            if errors.get(block.path):
                result.detected += 1
            else:
                result.missed.append(f"{block.path}\n    " + "\n    ".join(block.lines))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-operator", type=int, default=None, help="at most N mutants each")
    parser.add_argument("--show-missed", action="store_true")
    parser.add_argument("--files", nargs="+", type=Path, help="mutate these files' blocks")
    args = parser.parse_args(argv)
    originals, matrix = file_blocks(args.files) if args.files else guide_blocks()
    results = [
        run_operator(name, originals, matrix, args.seed, args.per_operator) for name in OPERATORS
    ]
    false_errors = unmutated_errors(originals, matrix)
    report(results, len(originals), false_errors, args.show_missed)
    return 0


def report(results: list[Result], blocks: int, false_errors: list[str], show: bool) -> None:
    print(f"{blocks} shell blocks (the guides': block x guide versions)")
    print(f"{'operator':22} {'mutants':>8} {'detected':>9} {'rate':>7}")
    for r in results:
        rate = r.detected / r.mutants if r.mutants else 1.0
        print(f"{r.operator:22} {r.mutants:8} {r.detected:9} {rate:7.1%}")
    total = sum(r.mutants for r in results)
    detected = sum(r.detected for r in results)
    print(f"{'overall':22} {total:8} {detected:9} {detected / max(total, 1):7.1%}")
    print(f"errors on unmutated blocks: {len(false_errors)}")
    for line in false_errors:
        print("  " + line)
    if show:
        for r in results:
            for missed in r.missed:
                print(f"MISSED [{r.operator}] {missed}")


def summary(
    seed: int = 7, per_operator: int | None = None, root: Path = ROOT, builder: object = None
) -> tuple[list[Result], list[str]]:
    """The figures without printing (for the test): of the guides at ``root``, or
    of those a finished cmdlint ``builder`` collected."""
    originals, matrix = guide_blocks(root) if builder is None else builder_blocks(builder)
    results = [run_operator(n, originals, matrix, seed, per_operator) for n in OPERATORS]
    return results, unmutated_errors(originals, matrix)


if __name__ == "__main__":
    raise SystemExit(main())
