"""Bad input through a whole build, in-process (sphinx.testing): one error naming
file and line, a failed build (status 1, also without -W), no traceback, no
follow-on warnings; and the build recovers once the input is fixed."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Noise of several Sphinx apps in one process (docutils nodes registered again).
NOISE = ("is already registered",)

BAD_INPUTS = [
    (
        "procedures/update.md",
        "```{procedure} sub",
        "```{procedure} nosuch",
        r"procedures/update\.md:41: ERROR: unknown procedure 'nosuch'",
    ),
    (
        "procedures/update.md",
        "what: thing",
        "other: 1",
        r"procedures/update\.md:41: ERROR: procedure 'sub' has no parameter 'other'",
    ),
    (
        "procedures/update.md",
        "what: thing",
        "",
        r"procedures/update\.md:41: ERROR: procedure 'sub' needs parameter 'what'",
    ),
    (
        "guides.yaml",
        "{mode: enable}",
        "{mode: 3}",
        r"guides\.yaml:12: ERROR: parameter 'mode' of 'maintenance': expected text",
    ),
    (
        "procedures/sub.md",
        "Sub body for {{ params.what }}",
        "Sub body {{ params.nope }}",
        r"procedures/sub\.md:9: ERROR: undefined variable",
    ),
    (
        "procedures/sub.md",
        "in {{ guide.id }}.",
        "in {{ guide.id }}.\n\n```{procedure} update\n```",
        r"procedures/sub\.md:11: ERROR: include cycle: update -> sub -> update",
    ),
    (
        "procedures/sub.md",
        "title: A sub",
        "title: [A sub",
        r"procedures/sub\.md:3: ERROR: invalid YAML",
    ),
    (
        "procedures/sub.md",
        "Sub body",
        "Sub \udcff body",
        r"procedures/sub\.md:9: ERROR: invalid UTF-8",
    ),
    (
        "guides.yaml",
        "      - update\n      - maintenance",
        "      - updat\n      - maintenance",
        r"guides\.yaml:13: ERROR: guide 'she-4.3-to-4.4': unknown procedure 'updat'",
    ),
    (
        "versions.yaml",
        'ovs: "2.15"',
        "ovs: 2.15",
        r"versions\.yaml:\d+: ERROR: releases\.4\.4\.ovs: write this value in quotes: YAML "
        r"reads it as the number 2\.15",
    ),
    (
        "procedures/update.md",
        "```{command} manager",
        "```{command} manger",
        r"procedures/update\.md:\d+: ERROR: unknown machine 'manger'",
    ),
    (
        "procedures/update.md",
        "   # engine-upgrade-check",
        "   engine-upgrade-check",
        r"procedures/update\.md:18: ERROR: a command line must start with the root prompt",
    ),
    # issue 13, item 3: runtime errors and bounds of templates
    (
        "procedures/sub.md",
        "Sub body for",
        "Sub {{ 1/0 }} body for",
        r"procedures/sub\.md:9: ERROR: template error: ZeroDivisionError",
    ),
    (
        "procedures/sub.md",
        "Sub body for",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        r"procedures/sub\.md:9: ERROR: template error: calls nested too deeply",
    ),
    (
        "procedures/sub.md",
        "Sub body for",
        "{{ range(10**9) | list }}",
        r"procedures/sub\.md:9: ERROR: template too costly: range\(\) of 1,000,000,000",
    ),
    (
        "procedures/sub.md",
        "Sub body for",
        "{{ 'a' * 2000000000 }}",
        r"procedures/sub\.md:9: ERROR: template too costly: a value of 2,000,000,000",
    ),
    (
        "procedures/update.md",
        "summary: Update the Manager",
        "summary: Update {{ nosuch }}",
        r"procedures/update\.md:4: ERROR: undefined variable: 'nosuch'",
    ),
    (
        "procedures/considerations.md",
        "title: Upgrade considerations",
        'title: "{{ nope }}"',
        r"procedures/considerations\.md:3: ERROR: undefined variable: 'nope'",
    ),
    # item 4: control characters do not vanish or turn into U+FFFD
    (
        "procedures/sub.md",
        "Sub body",
        "Sub \x00 body",
        r"procedures/sub\.md:9: ERROR: control character U\+0000",
    ),
    (
        "procedures/sub.md",
        "Sub body",
        "Sub \x02x\x03 body",
        r"procedures/sub\.md:9: ERROR: control character U\+0002",
    ),
    # items 2 and 9: aliases, non-text version keys
    (
        "guides.yaml",
        "    title: SHE 4.3 to 4.4",
        "    title: &t SHE 4.3 to 4.4\n    kind: *t",
        r"guides\.yaml:7: ERROR: YAML aliases \(\*name\) are not supported",
    ),
    (
        "versions.yaml",
        '  "4.4":',
        "  4.4:",
        r"versions\.yaml:\d+: ERROR: keys must be text, not the number 4\.4; quote it: \"4\.4\"",
    ),
    (
        "procedures/considerations.md",
        "title: Upgrade considerations",
        "title: {{ x }}",
        r"procedures/considerations\.md:3: ERROR: keys must be text, not a mapping or a list; ",
    ),
    (
        "procedures/sub.md",
        "what:\n    type: string",
        "what:\n    type: string\n  x: &a [1]\n  y: *a",
        r"procedures/sub\.md:9: ERROR: YAML aliases",
    ),
]

IDS = [re.sub(r"\W+", "-", b[3].split("ERROR: ")[1])[:40] for b in BAD_INPUTS]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    data = text.replace(old, new, 1).encode("utf-8", "surrogateescape")
    path.write_bytes(data)


Build = Callable[..., tuple[int, list[str]]]


@pytest.fixture
def build(make_app: Callable[..., Any]) -> Build:
    """Build ``root`` in-process; (status, the warning lines, noise left out)."""

    def run(root: Path, **kwargs: Any) -> tuple[int, list[str]]:
        app = make_app("html", srcdir=root, builddir=root / "_build", **kwargs)
        app.build()
        lines = [ANSI.sub("", line) for line in app.warning.getvalue().splitlines()]
        return app.statuscode, [line for line in lines if not any(n in line for n in NOISE)]

    return run


@pytest.mark.parametrize(("file", "old", "new", "expected"), BAD_INPUTS, ids=IDS)
def test_bad_input_gives_one_error_and_fails(
    build: Build, basic_root: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(basic_root / file, old, new)
    status, lines = build(basic_root)
    assert status == 1  # without -W
    assert len(lines) == 1, lines  # one cause, one message: no follow-on warnings
    assert re.search(expected, lines[0]), lines[0]
    assert "Traceback" not in lines[0]


def test_windows_files_build_like_unix_ones(build: Build, basic_root: Path) -> None:
    for path in (basic_root / "procedures").glob("*.md"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    manifest = basic_root / "guides.yaml"
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r"))
    assert build(basic_root) == (0, [])
    _edit(basic_root / "procedures/sub.md", "Sub body for {{ params.what }}", "{{ nope }}")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1
    assert re.search(r"procedures/sub\.md:9: ERROR: undefined variable", lines[0]), lines


def _unreadable(kind: str, folder: Path) -> str:
    target = folder / "broken.md"
    if kind == "folder":
        target.mkdir()
        return "it is a folder"
    if kind == "dangling":
        target.symlink_to(folder / "nowhere.md")
        return "a link to a file that does not exist"
    target.symlink_to(target)
    return "a link that cannot be followed"


@pytest.mark.parametrize("kind", ["folder", "dangling", "loop"])
def test_odd_files_in_procedures(build: Build, basic_root: Path, kind: str) -> None:
    fragment = _unreadable(kind, basic_root / "procedures")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(r"procedures/broken\.md: ERROR: cannot read this file: ", lines[0])
    assert fragment in lines[0]


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        (
            'guidekit_procedures = "nosuch"',
            r"conf\.py: ERROR: guidekit_procedures: .*nosuch "
            r"does not exist",
        ),
        ("guidekit_manifest = 3", r"conf\.py: ERROR: guidekit_manifest must be a path"),
        ("guidekit_languages = 'en'", r"conf\.py: ERROR: guidekit_languages must be a list"),
    ],
)
def test_bad_settings_are_one_error_naming_conf_py(
    build: Build, basic_root: Path, setting: str, fragment: str
) -> None:
    with (basic_root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\n{setting}\n")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(fragment, lines[0]), lines[0]
    assert not (basic_root / "_build" / "html" / "index.html").exists()  # nothing built


def test_a_read_only_source_folder(
    build: Build, basic_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guides = basic_root / "guides"
    if os.geteuid() != 0:
        basic_root.chmod(0o555)
    else:  # root writes anyway: make the stub writes fail as they would
        real = Path.mkdir

        def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
            if self == guides:
                raise PermissionError(13, "Permission denied", str(self))
            real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", refuse)
    try:
        status, lines = build(basic_root)
    finally:
        basic_root.chmod(0o755)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"/guides: ERROR: cannot write the generated page: Permission denied", lines[0]
    ), lines[0]


def test_a_fixed_template_error_heals_the_next_build(build: Build, basic_root: Path) -> None:
    """Issue 13, item 1: the page depends on the procedure even when it failed."""
    assert build(basic_root) == (0, [])
    sub = basic_root / "procedures/sub.md"
    good = sub.read_text("utf-8")
    _edit(sub, "Sub body for", "{{ nosuch }} body for")
    first = build(basic_root)
    assert first[0] == 1 and len(first[1]) == 1
    assert build(basic_root) == first  # nothing changed: still failing, same message
    sub.write_text(good, "utf-8")
    assert build(basic_root) == (0, [])
    page = (basic_root / "_build/html/guides/she-4.3-to-4.4/update.html").read_text("utf-8")
    assert "Sub body for thing" in page


def test_parallel_reads_say_each_problem_once(build: Build, basic_root: Path) -> None:
    # `sub` is rendered on two pages; with -j 2 they are read in two processes.
    _edit(basic_root / "procedures/sub.md", "Sub body for", "{{ nosuch }} body for")
    status, lines = build(basic_root, parallel=2)
    assert status == 1
    assert len(lines) == 1, lines


def test_suppressed_kinds_do_not_fail_the_build(build: Build, basic_root: Path) -> None:
    _edit(basic_root / "procedures/update.md", "```{command} manager", "```{command} manger")
    status, lines = build(basic_root, confoverrides={"suppress_warnings": ["guidekit.machine"]})
    assert (status, lines) == (0, [])


PO = """msgid ""
msgstr ""
"Language: ja\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{msgid}"
msgstr "{msgstr}"
"""
ROLE = "Put the environment in maintenance first: {procref}`maintenance`."
BODY = "Sub body for thing in she-4.3-to-4.4."


@pytest.mark.parametrize(
    ("msgid", "msgstr", "fuzzy", "fragment"),
    [
        (ROLE, "まず {procref}`maintenance でメンテナンスにします。", False, r"role differs"),
        (
            BODY,
            "she-4.3-to-4.4 の thing のサブ本文。\\n\\n```\\ninjected\\n```",
            False,
            r"block differs",
        ),
        (BODY, "she-4.3-to-4.4 の thing のサブ本文。", True, r"fuzzy entry"),
    ],
    ids=["broken-role", "injected-block", "fuzzy"],
)
def test_japanese_build_refuses_what_would_render_wrongly(
    build: Build, basic_root: Path, msgid: str, msgstr: str, fuzzy: bool, fragment: str
) -> None:
    folder = basic_root / "locales" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = PO.format(msgid=msgid, msgstr=msgstr)
    if fuzzy:
        text = text.replace(f'msgid "{msgid}', f'#, fuzzy\nmsgid "{msgid}')
    (folder / "guides.po").write_text(text, "utf-8")
    status, lines = build(
        basic_root,
        confoverrides={
            "language": "ja",
            "locale_dirs": ["locales"],
            "guidekit_languages": ["en", "ja"],
        },
    )
    assert status == 1 and len(lines) == 1, lines
    assert re.search(r"guides\.po:\d+: ERROR: .*" + fragment, lines[0]), lines[0]
    assert not (basic_root / "_build" / "html" / "index.html").exists()


def test_the_cmdlint_build_fails_when_a_page_could_not_be_assembled(
    make_app: Callable[..., Any], basic_root: Path
) -> None:
    """Issue 13, item 4: blocks of a page that failed are not linted, so the
    lint must not pass."""
    app = make_app("cmdlint", srcdir=basic_root, builddir=basic_root / "_build")
    app.build()
    assert app.statuscode == 0
    _edit(basic_root / "procedures/update.md", "Check for updates:", "{{ nope }}")
    app = make_app("cmdlint", srcdir=basic_root, builddir=basic_root / "_build")
    app.build()
    assert app.statuscode == 1
    assert "procedures/update.md:15: ERROR: undefined variable" in ANSI.sub(
        "", app.warning.getvalue()
    )


def test_a_procref_error_in_a_translation_names_the_catalog(build: Build, basic_root: Path) -> None:
    """Issue 13, item 6: not the generated stub page the message was read on."""
    from guidekit.l10n.catalogs import compile_catalog, read_catalog

    folder = basic_root / "locales" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "guides.po"
    po.write_text(PO.format(msgid=ROLE, msgstr="まず {procref}`nosuch` にします。"), "utf-8")
    # Compiled already (as after an earlier build): the catalog checks do not run again.
    compile_catalog(read_catalog(po, "ja"), po.with_suffix(".mo"))
    status, lines = build(
        basic_root,
        confoverrides={
            "language": "ja",
            "locale_dirs": ["locales"],
            "guidekit_languages": ["en", "ja"],
        },
    )
    assert status == 1, lines
    # Sphinx adds its own warning about the reference the translation changed.
    assert [line for line in lines if "i18n.inconsistent_references" not in line] == lines[:1]
    assert re.search(
        r"locales/ja/LC_MESSAGES/guides\.po:7: ERROR: \{procref\}: no step of "
        r"guide 'she-4.3-to-4.4' runs procedure 'nosuch'",
        lines[0],
    ), lines[0]


REFERENCES = """\
documents:
  admin:
    en:
      title: Administration Guide
      url: https://docs.example.com/en/{version}/admin/
"""


def test_document_links_come_from_the_references_table(build: Build, basic_root: Path) -> None:
    (basic_root / "references.yaml").write_text(REFERENCES, "utf-8")
    (basic_root / "conf.py").write_text(
        (basic_root / "conf.py").read_text("utf-8") + 'guidekit_references = "references.yaml"\n',
        "utf-8",
    )
    _edit(
        basic_root / "procedures/sub.md", "Sub body for", "See the {document}`admin`. Sub body for"
    )
    assert build(basic_root) == (0, [])
    page = (basic_root / "_build/html/guides/she-4.3-to-4.4/update.html").read_text("utf-8")
    assert 'href="https://docs.example.com/en/4.4/admin/"><em>Administration Guide</em></a>' in page
    # An id the table does not list, and the title as plain italics: one error each.
    _edit(basic_root / "procedures/sub.md", "{document}`admin`", "{document}`admn`")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"procedures/sub\.md:9: ERROR: \{document\}: 'admn' is not in the "
        r"references table",
        lines[0],
    ), lines
    _edit(basic_root / "procedures/sub.md", "{document}`admn`", "*Administration Guide*")
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"procedures/sub\.md:9: ERROR: 'Administration Guide' is a document of the "
        r"references table: write \{document\}`admin`",
        lines[0],
    ), lines


def test_a_broken_references_table_is_one_error(build: Build, basic_root: Path) -> None:
    (basic_root / "references.yaml").write_text(REFERENCES.replace("https:", "ftp:"), "utf-8")
    (basic_root / "conf.py").write_text(
        (basic_root / "conf.py").read_text("utf-8") + 'guidekit_references = "references.yaml"\n',
        "utf-8",
    )
    status, lines = build(basic_root)
    assert status == 1 and len(lines) == 1, lines
    assert re.search(
        r"references\.yaml:5: ERROR: 'ftp://.*' is not an https:// address", lines[0]
    ), lines
