"""``python -m guidekit``: the same as the ``guidekit`` command."""

import sys

from guidekit.cli import main

sys.exit(main())
