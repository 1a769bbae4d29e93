"""How long a bad-input build test takes: a sphinx-build subprocess per case (as
the tests had to while event handlers raised SystemExit) beside an in-process
Sphinx app (sphinx.testing's way, possible now). Prints figures, asserts nothing;
compare the ratio (the machine is shared and noisy).

Usage: python benchmarks/bad_input_tests.py [--cases 12] [--repeat 1]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.building import copy_root, sphinx_command  # noqa: E402 - the tests' own
from tests.sphinx_ext.test_bad_input_build import BAD_INPUTS  # noqa: E402 - and cases


def _copy(case: tuple[str, str, str, str], folder: Path) -> Path:
    root = copy_root(folder / "root")
    file, old, new, _expected = case
    path = root / file
    text = path.read_text("utf-8").replace(old, new, 1)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return root


def subprocess_build(root: Path) -> int:
    return subprocess.run(
        sphinx_command(root, root / "_build", "-q"),
        capture_output=True,
        check=False,
    ).returncode


def in_process_build(root: Path) -> int:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            root,
            root,
            root / "_build",
            root / "_build" / ".doctrees",
            "html",
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        app.build()
        return app.statuscode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    cases = BAD_INPUTS[: args.cases] * args.repeat
    timings: dict[str, float] = {}
    for name, run in (("subprocess", subprocess_build), ("in-process", in_process_build)):
        start = time.perf_counter()
        for case in cases:
            with tempfile.TemporaryDirectory() as folder:
                status = run(_copy(case, Path(folder)))
                assert status == 1, (name, case)
        timings[name] = time.perf_counter() - start
    for name, seconds in timings.items():
        print(
            f"{name:11} {len(cases):3} bad-input builds: {seconds:6.1f} s "
            f"({seconds / len(cases):.2f} s each)"
        )
    print(f"in-process / subprocess: {timings['in-process'] / timings['subprocess']:.2f}")


if __name__ == "__main__":
    main()
