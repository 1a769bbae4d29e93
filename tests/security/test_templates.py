"""Templates cannot change shared data and cannot grow a value past the limits."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import guide_context, parse_manifest
from guidekit.model.matrix import load_matrix
from guidekit.model.templating import render_template

REPO = Path(__file__).resolve().parents[2]
MATRIX = load_matrix(REPO / "procedures" / "versions.yaml")
MANIFEST = parse_manifest((REPO / "source" / "guides.yaml").read_text("utf-8"), "guides.yaml")


def _context() -> dict[str, object]:
    guide = next(g for g in MANIFEST.guides if g.to_version == "4.4")
    return {**guide_context(guide, MANIFEST, MATRIX), "params": {"mode": ["a", "b"]}}


@pytest.mark.parametrize(
    ("template", "method"),
    [
        ("{{ dst.rhel.minors.pop() }}", "list.pop"),
        ("{% set _ = dst.update({'package_manager': 'x'}) %}", "dict.update"),
        ("{{ dst.manager.repos.append('evil') }}", "list.append"),
        ("{{ dst.manager.repos.extend(dst.manager.repos) }}", "list.extend"),
        ("{{ dst.rhel.minors.sort(reverse=true) }}", "list.sort"),
        ("{{ releases.clear() }}", "dict.clear"),
        ("{{ dst.setdefault('x', 1) }}", "dict.setdefault"),
        ("{{ params.mode.reverse() }}", "list.reverse"),
        ("{% set m = dst.rhel.minors %}{{ m.insert(0, '9.9') }}", "list.insert"),
        ("{{ dst.rhel.minors | attr('pop') }}", "pop"),
    ],
)
def test_a_template_cannot_change_shared_data(template: str, method: str) -> None:
    context = _context()
    data = ("guide", "src", "dst", "releases", "params")
    before = copy.deepcopy({key: context[key] for key in data})
    with pytest.raises(GuideError) as info:
        render_template(f"one\n{template}\n", context, "procedures/evil.md", 10)
    error = info.value
    assert (error.path, error.line, error.kind) == ("procedures/evil.md", 11, Kind.TEMPLATE)
    assert "templates cannot change data" in error.message and method in error.message
    assert {key: context[key] for key in data} == before
    assert MATRIX.release("4.4") == before["dst"]


def test_a_template_still_builds_new_values_from_shared_data() -> None:
    context = _context()
    minors = context["dst"]["rhel"]["minors"]  # type: ignore[index]
    text = render_template(
        "{{ (dst.rhel.minors + ['x'])[-1] }} {{ dst.rhel.minors | reverse | join(',') }}"
        " {% set ns = namespace(n=0) %}{% for m in dst.rhel.minors %}"
        "{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}",
        context,
        "procedures/ok.md",
    ).text
    assert text == f"x {','.join(reversed(minors))} {len(minors)}"


_DOUBLE = (
    "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = EXPR %}"
    "{% endfor %}{{ ns.s | length }}"
)


@pytest.mark.parametrize(
    "template",
    [
        "{{ '{:>{w}}'.format('x', w=1500000000) }}",
        "{{ '{x:>{w}}'.format_map({'x': 'a', 'w': 1500000000}) }}",
        "{{ '{0}{0}{0}{0}'.format('x' * 900000) }}",
        "{{ '%*s' % (1500000000, 'x') }}",
        "{{ '%*s' | format(1500000000, 'x') }}",
        "{{ ('%s' * 1000) % (('x' * 900000,) * 1000) }}",
        _DOUBLE.replace("EXPR", "ns.s ~ ns.s"),
        _DOUBLE.replace("EXPR", "ns.s + ns.s"),
        _DOUBLE.replace("EXPR", "[ns.s] + [ns.s]").replace("s='ab'", "s=['ab']"),
        _DOUBLE.replace("EXPR", "ns.s.replace('a', ns.s)"),
        _DOUBLE.replace("EXPR", "ns.s | replace('a', ns.s)"),
        _DOUBLE.replace("EXPR", "'%s%s' % (ns.s, ns.s)"),
        _DOUBLE.replace("EXPR", "[ns.s, ns.s] | join"),
        _DOUBLE.replace("EXPR", "ns.s.join([ns.s, ns.s])"),
        _DOUBLE.replace("EXPR", "(ns.s ~ '\\n' ~ ns.s) | indent(ns.s)"),
        "{{ lipsum(10**7) }}",
        "{{ ('x' * 900000).encode() * 2 }}",
        "{{ ('\\t' * 100000).expandtabs(1000) }}",
        "{{ ('a' * 1000).translate({97: 'b' * 10000}) }}",
        "{{ [['x' * 1000] * 1000] * 10 }}",
        "{{ ('a ' * 5000) | wordwrap(1, wrapstring='x' * 5000) }}",
        "{{ [1, 2, 3] | batch(3, 'x' * 900000) | list }}",
        "{{ range(9000) | list | tojson(indent=900000) }}",
    ],
)
def test_every_way_to_grow_a_value_is_bounded(template: str) -> None:
    # No wall-clock bound here (a shared machine makes it flaky): the value is refused
    # before it is built, which the error's kind and message say.
    with pytest.raises(GuideError) as info:
        render_template(f"one\n{template}\n", {}, "procedures/big.md", 5)
    error = info.value
    assert (error.path, error.line, error.kind) == ("procedures/big.md", 6, Kind.LIMIT)
    assert "template too costly" in error.message


def test_ordinary_formatting_still_works() -> None:
    text = render_template(
        "{{ '{:>{w}}|{:,}'.format('x', 12345, w=4) }} {{ '%-5s|' % 'ab' }} {{ lipsum(1, false) "
        "| length > 0 }} {{ 'a-b' | replace('-', '+') }} {{ ['a', 'b'] | join('/') }}"
        " {{ ('x' * 200000) | center(10) | length }} {{ 'ab cd' | wordwrap(2) | length }}",
        {},
        "p.md",
    ).text
    assert text == "   x|12,345 ab   | True a+b a/b 200000 5"
