"""``guidekit init`` from an installed wheel: the wheel ships the example project
(extensions/setup.py copies examples/shop into guidekit/starter)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SKIP = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "_build", "guides")


@pytest.mark.slow
def test_init_copies_the_example_shipped_in_the_wheel(tmp_path: Path) -> None:
    # Build from a copy of the repository's layout: builds write beside the sources.
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "extensions", tree / "extensions", ignore=_SKIP)
    shutil.copytree(ROOT / "examples" / "shop", tree / "examples" / "shop", ignore=_SKIP)
    wheels = tmp_path / "wheels"
    build = ["pip", "wheel", "-q", "--no-deps", str(tree / "extensions"), "-w", str(wheels)]
    subprocess.run([sys.executable, "-m", *build], check=True)
    (wheel,) = wheels.glob("guidekit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "guidekit/starter/conf.py" in names
    assert "guidekit/starter/source/guides.yaml" in names
    assert not [n for n in names if "/_build/" in n or n.endswith(".mo")]

    # The unpacked wheel first on the path, away from the checkout's examples/.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    shutil.rmtree(tree)
    project = tmp_path / "new-project"
    script = (
        "import sys, guidekit; from guidekit.cli import main; "
        "print(guidekit.__file__); sys.exit(main(['init', sys.argv[1]]))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(project)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(site / "guidekit"))
    for name in ("conf.py", "source/guides.yaml", "procedures/versions.yaml"):
        expected = (ROOT / "examples" / "shop" / name).read_text()
        assert (project / name).read_text() == expected
