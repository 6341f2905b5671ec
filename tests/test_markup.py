from __future__ import annotations

from kith.markup import render_comment, render_markdown


def test_markdown_script_is_shown_as_text_not_run():
    """Raw HTML in editor Markdown becomes visible text, never an element."""
    html = render_markdown("Hello <script>alert(1)</script>")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_comment_links_are_nofollow_ugc():
    """Links readers type are marked so search engines do not reward spam."""
    html = render_comment("see https://example.org now")
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow ugc"' in html
