"""Options shared by the ``guidekit`` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--root`` option every ``guidekit`` subcommand shares."""
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder, with conf.py (default: the nearest one above)",
    )
