"""How each import format is read, without the database: fields, furniture, encodings, limits."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path

import pytest

from transfer import captured_html, captured_text, reading
from transfer.records import ParseError, parse_date

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def parse(relative: str):
    return reading.parse(reading.read(FIXTURES / relative))


def test_question_and_answer_front_matter_maps_to_a_qa_article():
    """A static site's Q&A page: question, answer body with \\n escapes, topic, summary, tags."""
    record = parse("good/qa-winding-down.md")
    fields = record.fields
    assert fields["kind"] == "qa"
    assert fields["question"] == "How can I wind down before bed when my mind keeps racing?"
    assert "\n\n1. **Write it down**" in fields["body"] and "\\n" not in fields["body"]
    assert fields["summary"].startswith("Practical ways to quieten a busy mind")
    assert fields["published_at"] == datetime(2024, 3, 18, tzinfo=UTC)
    assert record.primary_topic.name == "Sleep Health"
    assert record.tags == ["sleep", "racing thoughts", "bedtime routine", "worry"]  # no dupes
    assert [a.name for a in record.authors] == ["Test Clinic Team"]
    assert record.source_url == "/learn/sleep/questions/wind-down-racing-mind"
    assert record.source_key == "url:/learn/sleep/questions/wind-down-racing-mind"


def test_generic_front_matter_uses_the_markdown_after_it_and_splits_the_byline():
    """Without an answer the body is the Markdown; “A, LCSW & B, Ph.D.” is two authors."""
    record = parse("good/notes-on-grounding.md")
    assert record.fields["kind"] == "basic"
    assert "## The five senses exercise" in record.fields["body"]
    assert [(a.name, a.credentials) for a in record.authors] == [
        ("Dana Reyes", "LCSW"),
        ("Omar Haddad", "Ph.D."),
    ]
    assert record.tags == ["grounding", "stress", "coping"]


def test_plain_text_capture_finds_title_byline_topics_body_and_comments():
    """A captured page's parts are found; navigation, search box and badges are left out."""
    record = parse("good/evening-worry-capture.txt")
    assert record.fields["title"] == "Putting Evening Worry Down"
    assert [(a.name, a.credentials) for a in record.authors] == [
        ("Ruth Adeyemi", "Ph.D."),
        ("Tom Quayle", "M.A."),
    ]
    assert record.fields["content_updated_at"] == datetime(2021, 3, 9, tzinfo=UTC)
    assert record.primary_topic.name == "Worry and Rumination"
    assert [t.name for t in record.related_topics] == ["Sleep Problems", "Low Mood"]
    body = record.fields["body"]
    assert "- Schedule a fifteen-minute worry period" in body
    for furniture in ("Therapist", "Find a", "Follow us", "certified", "Powered by", "Discuss"):
        assert furniture not in body
    comments = [(c.title, c.name, c.created_at.date().isoformat()) for c in record.comments]
    assert comments == [
        ("This helped", "Maya", "2021-04-02"),
        ("Not sure", "", "2021-05-14"),
        ("Tonight", "Anon", "2021-06-01"),
    ]
    assert record.comments[1].body == "I tried it but my worries came back at night anyway."
    assert "Follow us" not in record.comments[-1].body


def test_html_capture_reads_markup_and_drops_scripts_navigation_adverts_and_teasers():
    """Title, canonical URL, meta author, section, pull quote, headings, list, comments."""
    record = parse("good/boundaries-page.html")
    assert record.fields["title"] == "Saying no kindly"
    assert record.source_url == "https://therapy.example.org/articles/saying-no-kindly"
    assert record.primary_topic.name == "Relationships"
    assert [(a.name, a.credentials) for a in record.authors] == [("Priya Nair", "Psy.D.")]
    assert (
        record.fields["pull_quote"] == "A clear no can protect a relationship rather than harm it."
    )
    body = record.fields["body"]
    assert "## Why boundaries help" in body and "- They reduce resentment" in body
    for furniture in (
        "tracking",
        "color",
        "Home",
        "Share",
        "Advertisement",
        "Ten tips",
        "certified",
    ):
        assert furniture not in body
    assert [(c.title, c.name) for c in record.comments] == [("Needed this", "Lee"), ("Call me", "")]
    assert record.comments[0].created_at == datetime(2022, 7, 4, 9, 30, tzinfo=UTC)


def test_about_the_author_block_becomes_the_bio_and_names_the_author():
    """With no byline, “About the Author” gives the author, their role and a bio."""
    text = (
        "Learning to rest\n“Rest is a skill.”\nRest is something we can practise daily.\n"
        "About the Author\nSam Ortiz is a licensed Counsellor in Leeds who works with adults.\n"
    )
    record = captured_text.read(text)
    assert record.fields["pull_quote"] == "Rest is a skill."
    (author,) = record.authors
    assert (author.name, author.credentials) == ("Sam Ortiz", "Counsellor")
    assert "works with adults" in author.bio
    assert "About" not in record.fields["body"]


def test_disclaimer_ends_the_article_and_adverts_inside_it_are_dropped():
    """A pitch with a call to action, a disclaimer and the teasers after it stay out."""
    text = (
        "Sleep and mood\nSleep shapes mood more than most people think.\n"
        "Our directory lists calm, qualified people near you.\nFind Your Therapist\n"
        "A second paragraph of the article.\n"
        "Important: this site does not provide medical advice.\n"
        "Another article title\nA teaser that trails off...\n"
    )
    body = captured_text.read(text).fields["body"]
    assert body == (
        "Sleep shapes mood more than most people think.\n\nA second paragraph of the article."
    )


def test_utf16_file_with_a_byte_order_mark_is_read():
    """A Windows export in UTF-16 (with BOM) imports like UTF-8."""
    record = parse("good/sleep-diary-utf16.txt")
    assert record.fields["title"] == "Sleep Diary Basics"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken/bad-yaml.md", "front matter is not valid YAML"),
        ("broken/empty.txt", "the file is empty"),
        ("broken/binary.txt", "binary file"),
        ("broken/latin1.txt", "not UTF-8 (byte 0xE9 at position 3)"),
        ("broken/no-title.html", "no title found"),
    ],
)
def test_broken_files_give_a_reason(name, reason):
    """Each broken fixture fails with a reason an editor can act on."""
    with pytest.raises(ParseError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse(name)


def test_html_declaring_latin1_is_decoded_with_its_charset():
    """A page that says charset=iso-8859-1 is read in that encoding, not refused."""
    raw = '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body>'
    raw += "<h1>Caf\xe9 talk</h1><p>Na\xefve text.</p></body></html>"
    text, _warnings = reading.decode(raw.encode("latin-1"))
    assert captured_html.read(text).fields["title"] == "Café talk"


def test_bom_utf8_and_stray_nul_are_accepted():
    """A UTF-8 BOM is dropped; a stray NUL byte is removed with a warning, not a failure."""
    text, warnings = reading.decode(codecs.BOM_UTF8 + b"Title\n\nBody\x00 text")
    assert text == "Title\n\nBody text"
    assert warnings == ["NUL bytes were removed."]


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    """A 20 MB file is refused by its size, without loading it."""
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(ParseError, match="20.0 MB; the limit is 5 MB"):
        reading.read(big)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apr 4th 2016", datetime(2016, 4, 4, tzinfo=UTC)),
        ("September 21, 2020", datetime(2020, 9, 21, tzinfo=UTC)),
        ("4 July 2022", datetime(2022, 7, 4, tzinfo=UTC)),
        ("2025-01-26", datetime(2025, 1, 26, tzinfo=UTC)),
        ("Feb 30th 2020", None),
        ("yesterday", None),
    ],
)
def test_dates_in_common_forms(text, expected):
    """Captured pages write dates many ways; impossible dates are None, not an error."""
    assert parse_date(text) == expected
