"""Code blocks that scroll sideways can be scrolled from the keyboard (axe
``scrollable-region-focusable``): every highlighted ``<pre>`` takes the focus."""

from __future__ import annotations

from guidekit.sphinx_ext.a11y import focusable_code


def test_highlighted_blocks_take_the_focus() -> None:
    body = (
        '<div class="highlight-console notranslate"><div class="highlight"><pre><span></span>'
        '<span class="gp"># </span>engine-setup</pre></div></div>'
        '<div class="highlight">\n<pre>two</pre></div>'
    )
    done = focusable_code(body)
    assert done.count('<pre tabindex="0">') == 2
    assert done.replace(' tabindex="0"', "") == body
    assert focusable_code(done) == done  # once only


def test_other_preformatted_text_is_left_alone() -> None:
    body = '<pre class="literal">x</pre><div class="highlight"><pre class="y">z</pre></div>'
    assert focusable_code(body) == body
