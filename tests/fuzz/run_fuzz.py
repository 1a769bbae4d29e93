"""Run the fuzzers by hand, longer than CI does, with any seed.

    python tests/fuzz/run_fuzz.py                      # 20,000 runs per target
    python tests/fuzz/run_fuzz.py --runs 100000 --seed 7 --target procedure

Prints, per target: runs, GuideErrors, foreign exceptions (with an example
input each), seconds. Exit status 1 when any foreign exception was found.
cmdlint runs with bash -n and shellcheck here (CI leaves them out).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzing import (
    AsciidocIncludeTarget,
    CatalogTarget,
    CmdlintTarget,
    ManifestTarget,
    ProcedureTarget,
    run,
    run_cmdlint_batched,
)

TARGETS = {
    "procedure": ProcedureTarget,
    "manifest": ManifestTarget,
    "catalog": CatalogTarget,
    "cmdlint": CmdlintTarget,
    "asciidoc-includes": AsciidocIncludeTarget,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=random.randrange(10**6))
    parser.add_argument("--target", choices=sorted(TARGETS), action="append")
    parser.add_argument("--seconds", type=float, default=None, help="stop each target after")
    args = parser.parse_args()
    os.environ["CMDLINT_NO_CACHE"] = "1"  # mutated snippets would fill cmdlint's cache
    found = False
    print(f"seed {args.seed}")
    for name in args.target or list(TARGETS):
        fuzz = TARGETS[name]()
        if name == "cmdlint":
            outcome = run_cmdlint_batched(fuzz, args.runs, args.seed, seconds=args.seconds)
        else:
            outcome = run(fuzz, fuzz.seeds, fuzz.pool, args.runs, args.seed, args.seconds)
        print(
            f"{name:10} {outcome.runs:7} runs  {outcome.project_errors:7} GuideErrors  "
            f"{sum(outcome.foreign.values()):4} foreign  {outcome.seconds:7.1f} s"
        )
        for key, count in outcome.foreign.most_common():
            found = True
            print(f"    {count:5} x {key}\n          e.g. {outcome.examples[key][:400]!r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
