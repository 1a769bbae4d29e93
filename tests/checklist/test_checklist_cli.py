"""`guidekit checklist`: every topology and path, formats, languages, errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidekit.checklist import core as checklist
from guidekit.cli import main
from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
MANIFEST = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
).manifest
BASE = ["checklist", "--root", str(REPO)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*BASE, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("current", "target"), [("4.2", "4.3"), ("4.3", "4.4"), ("4.2", "4.4"), ("4.4.z", "4.4")]
)
@pytest.mark.parametrize("topology", checklist.env_topologies(MANIFEST))
def test_each_topology_and_path(
    capsys: pytest.CaptureFixture[str], current: str, target: str, topology: str
) -> None:
    code, out, err = run(
        capsys,
        "--from",
        current,
        "--to",
        target,
        "--topology",
        topology,
        "--host-type",
        "rhvh",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    env = checklist.Environment(
        checklist.normalize_version(current), target, topology, {"host-type": "rhvh"}
    )
    expected = checklist.select(MANIFEST, env)
    assert [g["guide"] for g in data["guides"]] == [g.id for g, _e in expected]
    for guide, (_g, entries) in zip(data["guides"], expected, strict=True):
        assert [s["slug"] for s in guide["steps"]] == [e.step.slug for e in entries]
        for step in guide["steps"]:
            assert step["title"]
            docname, anchor = step["href"].split("#")
            assert docname == f"{step['docname']}.html"
            assert anchor == checklist.anchor(f"{guide['guide']}/{step['slug']}")

    code, md, err = run(
        capsys, "--from", current, "--to", target, "--topology", topology, "--host-type", "rhvh"
    )
    assert code == 0, err
    # One item per step, numbered as in the guide; the alternatives of a choice
    # under one "Do one of" item.
    steps = re.findall(r"^(?:  )?- \[ \] (\d+[A-Z]?(?:\.\d+)?)\. (?!Do one of)", md, re.M)
    assert steps == [s["number"] for g in data["guides"] for s in g["steps"]]
    choices = {
        (g["guide"], s["group"])
        for g in data["guides"]
        for s in g["steps"]
        if s["group"] is not None
    }
    assert len(re.findall(r"^- \[ \] \d+\. Do one of the following:$", md, re.M)) == len(choices)
    assert re.findall(r"^## \[(.*?)\]", md, re.M) == [g["title"] for g in data["guides"]]


def test_options_change_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--from", "4.2", "--to", "4.4", "--topology", "self-hosted", "--host-type", "rhvh"]
    _code, plain, _err = run(capsys, *args)
    code, more, err = run(capsys, *args, "--local-storage", "--sha1", "--external-ca")
    assert code == 0 and err == ""
    added = set(more.splitlines()) - set(plain.splitlines())
    # Links and marks ("— **Point of no return**") left out.
    assert {re.sub(r"\]\([^)]*\)(?: — .*)?$", "]", line) for line in added} == {
        "# Checklist: 4.2 → 4.4 · Self-hosted engine · Red Hat Virtualization Host (RHVH) · "
        "HTTPS certificate signed by an external CA · Local storage domains on hosts · "
        "Certificates still signed with SHA-1",
        "- [ ] 8. [Upgrading RHVH while preserving local storage]",
        "- [ ] 12. [Replacing SHA-1 certificates with SHA-256 certificates]",
        # With an external CA, only one way of re-signing is left: the guide's 13B.
        "- [ ] 13B. [Replacing all signed certificates with SHA-256]",
        # The 4.2 -> 4.3 guide relies on every host being Up only for re-signing.
        "- [ ] In the Administration Portal, under Compute \u2023 Hosts, every host has the "
        "status Up; none is in maintenance. *(Only in: Certificates still signed with SHA-1)*",
    }
    # An option no step of the path depends on is accepted, with a note.
    code, out, err = run(capsys, *args, "--remote-dwh")
    assert code == 0
    assert out.splitlines()[2:] == plain.splitlines()[2:]
    assert err == "note: --remote-dwh does not change the checklist from 4.2 to 4.4\n"
    # Gluster on RHVH picks the hyperconverged branch of the 4.3 -> 4.4 upgrade.
    code, out, err = run(capsys, *args, "--gluster")
    assert code == 0 and err == ""
    assert "upgrade-rhvh-gluster-storage.html" in out and "upgrade-she-4.3-to-4.4.html" not in out
    assert "upgrade-she-4.3-to-4.4.html" in plain


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "4.4.z", "--to", "4.3"], "older than the current release 4.4"),
        (["--from", "4.3", "--to", "4.3"], "No guide updates 4.3 within its release"),
        (["--from", "3.6", "--to", "4.4"], "Unknown release 3.6"),
        (["--from", "4.2", "--to", "4.4", "--topology", "hosted"], "argument --topology: invalid"),
        (
            ["--from", "4.2", "--to", "4.4", "--host-type", "ubuntu"],
            "argument --host-type: invalid",
        ),
        (["--from", "4.2", "--to", "4.4", "--format", "pdf"], "argument --format: invalid"),
        (["--from", "4.2", "--to", "4.4", "--lang", "xx"], "--lang xx: the guides are in en, ja"),
        (["--to", "4.4"], "the following arguments are required: --from"),
    ],
)
def test_errors_are_one_line_with_status_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    defaults = {"--topology": "local-db", "--host-type": "rhel"}
    for name, value in defaults.items():
        if name not in args:
            args = [*args, name, value]
    try:
        code, out, err = run(capsys, *args)
    except SystemExit as stop:  # argparse's own errors
        code, (out, err) = stop.code, capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert message in lines[0]
    assert lines[0].startswith(("guidekit: error: ", "guidekit checklist: error: "))


@pytest.mark.parametrize("args", [["--from", "3.6"], ["--from", "4.2", "--topology", "hosted"]])
def test_the_command_ends_with_status_2_and_one_line(args: list[str]) -> None:
    """The same as a shell sees it: status 2, one line, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "guidekit", *BASE, *args, "--to", "4.4", "--host-type", "rhel"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.fixture
def ja_root(tmp_path: Path) -> Path:
    """The project's data with a Japanese catalog that translates two titles."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "conf.py").write_text('guidekit_languages = ["en", "ja"]\n', "utf-8")
    shutil.copy(REPO / "source" / "guides.yaml", root / "source" / "guides.yaml")
    shutil.copytree(REPO / "procedures", root / "procedures")
    po = root / "locales" / "ja" / "LC_MESSAGES" / "guides.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Analyzing the environment"\nmsgstr "環境の分析"\n\n'
        'msgid "Updating between minor releases of 4.4"\n'
        'msgstr "4.4 のマイナーリリース間の更新"\n\n'
        '#, fuzzy\nmsgid "Updating all hosts in a cluster"\nmsgstr "未確認"\n',
        encoding="utf-8",
    )
    return root


def test_japanese_titles_from_the_catalog(
    ja_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "checklist",
            "--root",
            str(ja_root),
            "--from",
            "4.4.z",
            "--to",
            "4.4",
            "--topology",
            "local-db",
            "--host-type",
            "rhel",
            "--lang",
            "ja",
            "--format",
            "json",
            "--base-url",
            "_build/html/ja/",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    guide = data["guides"][0]
    assert guide["title"] == "4.4 のマイナーリリース間の更新"
    titles = {s["slug"]: s["title"] for s in guide["steps"]}
    assert titles["analyze-environment"] == "環境の分析"
    # Fuzzy and missing translations fall back to English, with a note.
    assert titles["update-all-hosts"] == "Updating all hosts in a cluster"
    assert guide["steps"][0]["href"].startswith("_build/html/ja/guides/minor-4.4/")
    assert data["notes"] == [n[len("note: ") :] for n in err.splitlines()]
    assert re.fullmatch(
        r"note: \d+ title\(s\) have no ja translation yet and are shown in "
        r"English: .*Updating all hosts in a cluster.*\n",
        err,
    )
    assert "環境の分析" not in err


def test_a_bad_condition_in_the_manifest_names_file_and_line(
    ja_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = ja_root / "source" / "guides.yaml"
    text = manifest.read_text("utf-8")
    bad = text.replace("when: {remote-dwh: true}", "when: {remote-dwh: maybe}", 1)
    manifest.write_text(bad, "utf-8")
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "remote-dwh: maybe" in t)
    code = main(
        [
            "checklist",
            "--root",
            str(ja_root),
            "--from",
            "4.3",
            "--to",
            "4.4",
            "--topology",
            "remote-db",
            "--host-type",
            "rhel",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == (
        f"guidekit: error: {manifest}:{line}: guides.4.steps.5."
        "upgrade-remote-dwh-4.3-to-4.4.when.remote-dwh: 'maybe' is not of type "
        "'boolean'\n"
    )


def test_steps_are_marked_with_downtime_and_point_of_no_return(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The marks come from the procedures' front matter (downtime, verify,
    rollback.point-of-no-return), in JSON for every step and in Markdown after the title."""
    project = load_project(
        REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
    )
    common = ("--from", "4.3", "--to", "4.4", "--topology", "local-db", "--host-type", "rhel")
    code, out, err = run(capsys, *common, "--format", "json")
    assert code == 0, err
    steps = json.loads(out)["guides"][0]["steps"]
    for step in steps:
        checks = project.library.procedures[step["procedure"]].checks
        assert ("downtime" in step["marks"]) == bool(checks.downtime)
        assert ("verify" in step["marks"]) == bool(checks.verify)
        assert ("point-of-no-return" in step["marks"]) == bool(checks.no_return)
    upgrade = next(s for s in steps if s["procedure"] == "upgrade-manager-4.3-to-4.4")
    assert upgrade["marks"] == ["downtime", "verify", "point-of-no-return"]
    code, out, err = run(capsys, *common)
    assert code == 0, err
    line = next(ln for ln in out.splitlines() if "upgrade-manager-4.3-to-4.4.html" in ln)
    assert line.endswith(" — **Downtime**, **Point of no return**")
    analyze = next(ln for ln in out.splitlines() if "analyze-environment.html" in ln)
    assert "—" not in analyze


def test_an_option_without_effect_says_what_its_steps_need(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Gluster with RHEL hosts changes nothing: the note says why, as the helper does;
    with RHVH hosts it picks the hyperconverged alternative and there is no note."""
    args = ["--from", "4.3", "--to", "4.4", "--topology", "self-hosted"]
    code, rhel, err = run(capsys, *args, "--host-type", "rhel", "--gluster")
    assert code == 0
    assert err == (
        "note: --gluster does not change the checklist from 4.3 to 4.4: "
        "its steps need host-type: rhvh\n"
    )
    _code, plain, _err = run(capsys, *args, "--host-type", "rhel")
    assert rhel.splitlines()[2:] == plain.splitlines()[2:]
    code, rhvh, err = run(capsys, *args, "--host-type", "rhvh", "--gluster")
    assert code == 0 and err == ""
    assert "7B. [Upgrading RHVH while preserving Gluster storage]" in rhvh
