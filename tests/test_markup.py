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


def test_headings_of_plain_words_read_as_the_html_parser_reads_them():
    """``page_headings`` skips the HTML parser for headings without markup; the text is the
    same either way, and headings with markup or entities still go through the parser."""
    from kith.markup import _plain_heading, page_headings, plain_text

    samples = [
        "Plain words", " two  spaces\n and newline ", "Quotes \"x\" and 'y'", "Ünïcode — dash",
        "tab\there", "\u00a0nbsp\u00a0", "a = b; c?", "<em>Stressed</em> words", "Tom &amp; Jo",
        "1 &lt; 2",
    ]  # fmt: skip
    for text in samples:
        assert _plain_heading(text) == plain_text(text), text
    body = render_markdown("## Sleep & rest\n\nText.\n\n## *Why* it helps\n\nMore.")
    assert [text for _, text in page_headings(body)] == [
        plain_text("Sleep &amp; rest"),
        "Why it helps",
    ]
