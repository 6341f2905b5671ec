"""Captured article pages in common layouts, written here: what a reader sees is what is stored.

Each page below is invented for the test (WordPress, Blogger, Ghost, Medium-style, a news CMS
with JSON-LD, Disqus…). The rules: the title, authors and date come from the page's own
statements; reader comments become comments in the moderation queue and never article text;
a page that does not state a fact is imported as a draft with a note, never with an invented
one; a dry run counts what a real run does; one unreadable file does not stop the rest.
"""

from __future__ import annotations

import json
import re
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article
from comments.models import Comment
from tests.factories import make_reviewer, make_user
from transfer import extraction, reading
from transfer.records import ParseError

ARTICLE_TEXT = (
    "<p>Worry tends to grow at night, when there is little else to hold our attention and the "
    "house is quiet.</p><p>Writing the worry down, with one small next step beside it, gives "
    "the mind permission to set it aside until morning.</p><h2>Try a worry window</h2><p>Set "
    "fifteen minutes each evening to think about worries on purpose, then close the notebook. "
    "Most people find the rest of the evening calmer within a week or two.</p>"
)
FIRST_SENTENCE = "Worry tends to grow at night"
RISKY = "I don't want to be alive anymore and I have been thinking about ending it."


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>"
    )


WORDPRESS = page(
    "<title>Calmer evenings – Quiet Minds Blog</title>"
    '<meta property="og:site_name" content="Quiet Minds Blog">'
    '<meta property="article:published_time" content="2021-10-05T08:00:00+00:00">',
    '<nav class="main-navigation"><a href="/">Home</a><a href="/about">About us</a></nav>'
    '<article class="post type-post"><header class="entry-header">'
    '<h1 class="entry-title">Calmer evenings</h1><div class="entry-meta">Posted on '
    '<time class="entry-date published" datetime="2021-10-05T08:00:00+00:00">October 5, 2021'
    '</time> by <span class="author vcard"><a class="url fn n" href="/author/ines/" '
    'rel="author">Ines Okafor</a></span></div></header>'
    f'<div class="entry-content">{ARTICLE_TEXT}</div>'
    '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><a>Share on Twitter</a></div>'
    "</article>"
    '<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on '
    '“Calmer evenings”</h2><ol class="comment-list">'
    '<li id="comment-11" class="comment even thread-even depth-1 parent">'
    '<article id="div-comment-11" class="comment-body"><footer class="comment-meta">'
    '<div class="comment-author vcard"><b class="fn">Marisol</b> <span class="says">says:</span>'
    '</div><div class="comment-metadata"><a href="#comment-11"><time datetime="2021-10-06T10:15:00'
    '+00:00">October 6, 2021 at 10:15 am</time></a></div></footer>'
    '<div class="comment-content"><p>The worry window has helped me sleep on work nights.</p>'
    '</div><div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article>'
    '<ol class="children"><li id="comment-12" class="comment byuser depth-2">'
    '<article id="div-comment-12" class="comment-body"><footer class="comment-meta">'
    '<div class="comment-author vcard"><b class="fn">Ines Okafor</b></div>'
    '<div class="comment-metadata"><time datetime="2021-10-06T12:00:00+00:00">October 6, 2021'
    '</time></div></footer><div class="comment-content"><p>So glad to hear it, thank you for '
    "telling us.</p></div></article></li></ol></li>"
    '<li id="comment-13" class="comment odd depth-1"><article id="div-comment-13" '
    'class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">'
    '<b class="fn">Anon</b></div><div class="comment-metadata"><time datetime="2021-10-07T22:40:00'
    f'+00:00">October 7, 2021</time></div></footer><div class="comment-content"><p>{RISKY}</p>'
    "</div></article></li></ol>"
    '<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form id="commentform" '
    'class="comment-form"><p class="comment-notes">Your email address will not be published.'
    '</p><textarea name="comment"></textarea></form></div></div>'
    '<footer class="site-footer">Proudly powered by WordPress</footer>',
)

BLOGGER = page(
    "<title>Quiet Minds: Sleep and the racing mind</title>"
    '<meta content="Quiet Minds" property="og:site_name">',
    '<div class="blog-posts hfeed"><div class="date-outer"><h2 class="date-header"><span>'
    'Tuesday, March 2, 2021</span></h2><div class="post hentry" itemprop="blogPost" itemscope '
    'itemtype="http://schema.org/BlogPosting"><h3 class="post-title entry-title" '
    'itemprop="name">Sleep and the racing mind</h3><div class="post-header"></div>'
    f'<div class="post-body entry-content" itemprop="description articleBody">{ARTICLE_TEXT}</div>'
    '<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn" '
    'itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">'
    'Tomasz Wojcik</span></span></span> at <a class="timestamp-link" href="#"><abbr '
    'class="published" itemprop="datePublished" title="2021-03-02T09:12:00-08:00">9:12 AM</abbr>'
    "</a></div></div></div></div>"
    '<div class="comments" id="comments"><h4>2 comments:</h4><div id="comments-block">'
    '<dl id="comments-block"><dt class="comment-author" id="c101">Ruth said...</dt>'
    '<dd class="comment-body"><p>Reading this on a night I could not sleep. Thank you.</p></dd>'
    '<dd class="comment-footer"><span class="comment-timestamp"><a href="#c101">March 3, 2021 at '
    "1:05 AM</a></span></dd>"
    '<dt class="comment-author" id="c102">Anonymous said...</dt>'
    '<dd class="comment-body"><p>Does the worry window work for teenagers too?</p></dd>'
    '<dd class="comment-footer"><span class="comment-timestamp"><a href="#c102">March 4, 2021 at '
    "6:30 PM</a></span></dd></dl></div></div>",
)

GHOST = page(
    '<title>When your body keeps the score</title><meta property="og:site_name" content="Field '
    'Notes"><meta property="og:title" content="When your body keeps the score">'
    '<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "publisher": {"@type": "Organization", "name": "Field Notes"},
            "author": {"@type": "Person", "name": "Aiko Tanaka", "url": "https://x.example/a"},
            "headline": "When your body keeps the score",
            "datePublished": "2022-04-11T07:30:00.000Z",
            "dateModified": "2022-05-01T10:00:00.000Z",
        }
    )
    + "</script>",
    '<header class="gh-head"><a href="/">Field Notes</a><a href="/tag/sleep/">Sleep</a></header>'
    '<main class="gh-main"><article class="gh-article post"><header class="gh-article-header">'
    '<h1 class="gh-article-title">When your body keeps the score</h1></header>'
    f'<section class="gh-content gh-canvas">{ARTICLE_TEXT}</section></article>'
    '<section class="footer-cta"><h2>Sign up for more like this.</h2><form>'
    '<input type="email"></form></section></main>',
)

MEDIUM = page(
    '<meta property="og:title" content="Five minutes of stillness - Gabe Ruiz - Medium">'
    '<meta property="og:site_name" content="Medium"><meta name="author" content="Gabe Ruiz">'
    '<meta property="article:published_time" content="2020-01-20T16:02:11.123Z">',
    '<div class="metabar">Open in app Sign up Sign in Write</div><article><section>'
    '<h1 class="pw-post-title">Five minutes of stillness</h1><div class="pw-author">'
    '<a href="/@gabe">Gabe Ruiz</a><span>Follow</span></div><span data-testid="storyReadTime">'
    f"4 min read</span><span>Jan 20, 2020</span>{ARTICLE_TEXT}</section></article>"
    '<div class="responses"><h2>Responses (1)</h2><div class="pw-response">'
    "<p>Lovely piece.</p></div></div>",
)

NEWS_JSON_LD = page(
    "<title>Therapy waiting lists grow, survey finds | The Daily Example</title>"
    '<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "The Daily Example"},
                {
                    "@type": "NewsArticle",
                    "headline": "Therapy waiting lists grow, survey finds",
                    "author": [
                        {"@type": "Person", "name": "Nadia Petrova"},
                        {"@type": "Person", "name": "Owen Price"},
                    ],
                    "datePublished": "2023-06-14T05:00:00+01:00",
                    "inLanguage": "en-GB",
                    "articleSection": "Health",
                },
            ],
        }
    )
    + "</script>",
    '<div class="site-header"><h1>The Daily Example</h1></div><div class="breadcrumbs">News'
    " &gt; Health</div><article><h2>Therapy waiting lists grow, survey finds</h2>"
    f'<p class="byline">By Nadia Petrova and Owen Price</p>{ARTICLE_TEXT}</article>'
    '<aside class="most-popular"><h3>Most read</h3><p>Celebrity chef opens cafe</p></aside>',
)

NO_DATE = page(
    '<title>Grounding in five senses</title><meta name="author" content="Lena Fischer">',
    f"<article><h1>Grounding in five senses</h1>{ARTICLE_TEXT}</article>",
)

NO_AUTHOR = page(
    "<title>Grounding in five senses</title>"
    '<meta property="article:published_time" content="2019-09-09T09:00:00Z">',
    f"<article><h1>Grounding in five senses</h1>{ARTICLE_TEXT}</article>",
)

FRENCH = page(
    '<meta property="og:title" content="Apprivoiser l’inquiétude du soir">'
    '<meta name="author" content="Claire Morel">'
    '<meta property="article:published_time" content="2018-02-02">',
    "<article><h1>Apprivoiser l’inquiétude du soir</h1><p>L’inquiétude grandit souvent le soir, "
    "quand la maison est calme et que rien ne retient notre attention. Noter ce qui nous "
    "préoccupe, avec une petite étape pour le lendemain, permet de la mettre de côté.</p>"
    "</article>",
    lang="fr-FR",
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def write(folder: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def reader_text(html: str) -> list[str]:
    """Every comment's text as the page shows it (what must never reach an article body)."""
    return [c.body for c in extraction.read(html).comments]


class WrittenLayoutsTests(TestCase):
    """Each common layout yields its real title, authors, date, text and comments."""

    def test_wordpress_article_threaded_comments_and_no_furniture(self):
        record = extraction.read(WORDPRESS)
        assert record.fields["title"] == "Calmer evenings"
        assert [a.name for a in record.authors] == ["Ines Okafor"]
        assert record.fields["published_at"].isoformat() == "2021-10-05T08:00:00+00:00"
        body = record.fields["body"]
        assert body.startswith(FIRST_SENTENCE) and "## Try a worry window" in body
        for furniture in ("Home", "Share this", "Leave a Reply", "powered by", "says:"):
            assert furniture not in body
        names = [(c.name, c.created_at.date().isoformat(), c.reply_to) for c in record.comments]
        assert names == [
            ("Marisol", "2021-10-06", None),
            ("Ines Okafor", "2021-10-06", 0),
            ("Anon", "2021-10-07", None),
        ]
        assert record.comments[0].body == "The worry window has helped me sleep on work nights."

    def test_blogger_post_and_old_comment_block(self):
        record = extraction.read(BLOGGER)
        assert record.fields["title"] == "Sleep and the racing mind"
        assert [a.name for a in record.authors] == ["Tomasz Wojcik"]
        assert record.fields["published_at"].date().isoformat() == "2021-03-02"
        assert [(c.name, c.created_at.date().isoformat()) for c in record.comments] == [
            ("Ruth", "2021-03-03"),
            ("Anonymous", "2021-03-04"),
        ]
        assert "could not sleep" not in record.fields["body"]

    def test_ghost_json_ld_gives_author_and_both_dates(self):
        record = extraction.read(GHOST)
        assert record.found["title"] == "json-ld" and record.found["authors"] == "json-ld"
        assert [a.name for a in record.authors] == ["Aiko Tanaka"]
        assert record.fields["published_at"].date().isoformat() == "2022-04-11"
        assert record.fields["content_updated_at"].date().isoformat() == "2022-05-01"
        assert "Sign up for more" not in record.fields["body"]

    def test_medium_style_title_loses_the_site_and_responses_stay_out(self):
        record = extraction.read(MEDIUM)
        assert record.fields["title"].startswith("Five minutes of stillness")
        assert [a.name for a in record.authors] == ["Gabe Ruiz"]
        assert record.fields["published_at"].date().isoformat() == "2020-01-20"
        assert "Lovely piece" not in record.fields["body"]
        assert record.fields["body"].startswith(FIRST_SENTENCE)

    def test_news_cms_json_ld_graph_two_authors_language_and_section(self):
        record = extraction.read(NEWS_JSON_LD)
        assert record.fields["title"] == "Therapy waiting lists grow, survey finds"
        assert [a.name for a in record.authors] == ["Nadia Petrova", "Owen Price"]
        assert record.fields["published_at"].date().isoformat() == "2023-06-14"
        assert record.fields["language"] == "en"
        assert record.primary_topic.name == "Health"
        body = record.fields["body"]
        assert body.startswith(FIRST_SENTENCE)
        assert "Most read" not in body and "Celebrity" not in body and "By Nadia" not in body

    def test_page_language_is_read_from_its_markup(self):
        record = extraction.read(FRENCH)
        assert record.fields["language"] == "fr" and record.found["language"] == "markup"

    def test_a_page_without_a_date_or_author_says_so(self):
        assert extraction.read(NO_DATE).missing == ["date"]
        assert extraction.read(NO_AUTHOR).missing == ["authors"]

    def test_a_page_with_no_title_at_all_is_refused_with_a_reason(self):
        with pytest.raises(ParseError, match="no title found"):
            extraction.read(page("", "<div><p>Just some words.</p></div>"))


class ImportedPagesTests(TestCase):
    """The command stores what the pages say, and nothing they do not."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.folder = Path(tempfile.mkdtemp())
        write(
            cls.folder,
            {
                "wordpress.html": WORDPRESS,
                "blogger.html": BLOGGER,
                "ghost.html": GHOST,
                "medium.html": MEDIUM,
                "news.html": NEWS_JSON_LD,
                "no-date.html": NO_DATE,
                "french.html": FRENCH,
            },
        )
        make_reviewer(user=make_user(username="reviewer"))
        cls.output = run(
            cls.folder, "--status", "published", "--reviewed-by", "reviewer",
            "--comments", "approved",
        )  # fmt: skip

    def test_no_reader_comment_text_is_in_any_article_body(self):
        """Nothing a reader wrote lands in an article, on any written page."""
        texts = [t for html in (WORDPRESS, BLOGGER, MEDIUM) for t in reader_text(html)]
        texts.append("Lovely piece.")  # a response section without per-comment markup: dropped
        assert len(texts) == 6
        for article in Article.objects.all():
            for text in texts:
                assert text[:40] not in article.body_text, (article.title, text)

    def test_comments_go_through_the_posting_classifier(self):
        """With --comments approved the ordinary ones are published; risk waits for a human."""
        article = Article.objects.get(title="Calmer evenings")
        comments = Comment.objects.filter(article=article).order_by("created_at")
        assert comments.count() == 3
        risky = comments.get(name="Anon")
        assert risky.held_for_risk and not risky.is_approved()
        assert comments.get(name="Marisol").is_approved()
        reply = comments.get(name="Ines Okafor")
        assert reply.parent == comments.get(name="Marisol")

    def test_a_page_without_a_date_is_a_draft_with_a_note_not_dated_today(self):
        """Asked to publish, the importer keeps a page with no date as a draft and says why."""
        article = Article.objects.get(title="Grounding in five senses")
        assert article.status == Article.Status.DRAFT
        assert article.published_at is None and article.content_updated_at is None
        assert "without a publication date" in article.review_notes
        assert "not found: date" in self.output

    def test_complete_pages_are_published_with_their_own_dates(self):
        article = Article.objects.get(title="Therapy waiting lists grow, survey finds")
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at.date().isoformat() == "2023-06-14"
        assert article.review_notes == ""

    def test_language_is_stored(self):
        assert Article.objects.get(title__startswith="Apprivoiser").language == "fr"
        assert Article.objects.get(title="Calmer evenings").language == "en"

    def test_report_names_title_authors_date_comments_and_sources_per_file(self):
        report = self.output
        assert f"Read: {self.folder / 'wordpress.html'}" in report
        assert "  title: Calmer evenings (markup)" in report or "  title: Calmer evenings" in report
        assert "  authors: Aiko Tanaka (json-ld)" in report
        assert "  date: 2022-04-11 (json-ld)" in report
        assert "  comments: 3" in report
        assert "  date: NOT FOUND" in report
        assert re.search(r"^articles\s+7\s+0\s+0\s+0$", report, re.M)

    def test_re_import_changes_nothing(self):
        before = (Article.objects.count(), Comment.objects.count())
        output = run(
            self.folder, "--status", "published", "--reviewed-by", "reviewer",
            "--comments", "approved",
        )  # fmt: skip
        assert (Article.objects.count(), Comment.objects.count()) == before
        assert re.search(r"^articles\s+0\s+0\s+7\s+0$", output, re.M)


class CommandSafetyTests(TestCase):
    def test_dry_run_counts_exactly_what_the_real_run_does_and_writes_nothing(self):
        """Two pages sharing an author: the dry run sees the first one's rows too."""
        sam_lee = '<meta name="author" content="Sam Lee">'
        folder = write(
            Path(self.enterContext(tempfile.TemporaryDirectory())),
            {
                "a.html": NO_AUTHOR.replace("<title>", sam_lee + "<title>"),
                "b.html": GHOST.replace("Aiko Tanaka", "Sam Lee"),
            },
        )
        dry = run(folder, "--dry-run")
        assert Article.objects.count() == 0 and Comment.objects.count() == 0
        real = run(folder)
        table = [line for line in real.splitlines() if re.match(r"^(files|articles|authors)", line)]
        assert table and all(line in dry for line in table)
        assert re.search(r"^authors\s+1\s+0\s+1\s+0$", real, re.M)
        assert "Dry run: nothing was written." in dry

    def test_a_file_that_breaks_a_parser_is_reported_and_the_rest_imported(self):
        """“<![” once made Python's HTML parser raise AssertionError and stop the command."""
        folder = write(
            Path(self.enterContext(tempfile.TemporaryDirectory())),
            {
                "odd.html": "<![if !IE]><p>Old conditional comment<![endif]><![",
                "good.html": NO_AUTHOR,
            },
        )
        out, err = StringIO(), StringIO()
        with pytest.raises(CommandError, match="1 file"):
            call_command("import_content", str(folder), stdout=out, stderr=err)
        assert "odd.html" in err.getvalue()
        assert Article.objects.filter(title="Grounding in five senses").exists()

    def test_an_exception_inside_a_reader_is_reported_for_that_file_only(self):
        folder = write(
            Path(self.enterContext(tempfile.TemporaryDirectory())),
            {"a.html": NO_AUTHOR, "b.html": NO_DATE.replace("Grounding", "Breathing")},
        )
        original = extraction.read

        def boom(html: str):
            if "Breathing" in html:
                raise AssertionError("unexpected markup")
            return original(html)

        err = StringIO()
        with (
            pytest.MonkeyPatch.context() as patch,
            pytest.raises(CommandError, match="1 file"),
        ):
            patch.setattr(extraction, "read", boom)
            call_command("import_content", str(folder), stdout=StringIO(), stderr=err)
        assert "b.html: AssertionError: unexpected markup" in err.getvalue()
        assert Article.objects.count() == 1


class FrontMatterValidationTests(TestCase):
    """Bad front matter is refused with the field named; nothing is published from it."""

    def fails(self, text: str, message: str) -> None:
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "page.md").write_text(text, encoding="utf-8")
        with pytest.raises(ParseError, match=re.escape(message)):
            reading.parse(reading.read(folder / "page.md"))

    def test_wrongly_typed_fields_name_the_field(self):
        self.fails("---\ntitle: {nested: mapping}\n---\nText.\n", "field 'title' must be text")
        self.fails("---\ntitle: T\nanswer: true\n---\n", "field 'answer' must be text")
        self.fails("---\ntitle: T\ndate: someday\n---\nText.\n", "field 'date' must be a date")
        self.fails("---\ntitle: T\ntags: {a: 1}\n---\nText.\n", "field 'tags' must be a list")
        self.fails("---\ntitle: T\nauthor: [1, [2]]\n---\nText.\n", "field 'author' must be")

    def test_an_empty_answer_or_body_is_refused(self):
        self.fails("---\ntitle: T\nquestion: Why?\nanswer:\n---\n", "the article text is empty")
        self.fails("---\ntitle: T\n---\n\n", "the article text is empty")

    def test_a_short_text_cut_mid_sentence_waits_as_a_draft_with_a_warning(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "cut.md").write_text(
            "---\ntitle: Attitudes\nauthor: Kim Ode\ndate: 2020-02-02\n---\nThe attitu\n",
            encoding="utf-8",
        )
        output = run(folder, "--status", "published")
        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT
        assert "may be cut off" in article.review_notes and "concern:" in output

    def test_markdown_comments_section_becomes_comments(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "post.md").write_text(
            "---\ntitle: Letting go\nauthor: Kim Ode\ndate: 2020-02-02\n---\n"
            "Letting go is a practice, not a single decision.\n\n## Comments\n\n---\n\n"
            "**[reader_one](https://example.org/u/1)** on Feb. 3, 2020 9:15 PM — *Yes*\n\n"
            "This is what I needed today.\n\n---\n\n**reader_two** on Feb. 4, 2020 8:00 AM\n\n"
            "Same here.\n",
            encoding="utf-8",
        )
        run(folder)
        article = Article.objects.get()
        assert "needed today" not in article.body and "Comments" not in article.body
        comments = list(Comment.objects.order_by("created_at").values_list("name", "title"))
        assert comments == [("reader_one", "Yes"), ("reader_two", "")]
        assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


# --- the shared real pages (skipped when ../shared/realpages is absent) ---------------------------

_REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = (_REPO.parent / "shared" / "realpages", _REPO.parent.parent / "shared" / "realpages")
REALPAGES = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is not present")
class RealPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run(REALPAGES)

    def test_zero_reader_comment_text_in_any_article_body(self):
        """Every comment stored from the real pages is absent from every article's text."""
        comments = list(Comment.objects.values_list("body", flat=True))
        assert len(comments) >= 36  # 11 + 12 + 13 reader comments on three of the pages
        bodies = list(Article.objects.values_list("body_text", flat=True))
        for comment in comments:
            probe = " ".join(comment.split())[:60]
            assert all(probe not in " ".join(body.split()) for body in bodies), probe

    def test_comments_wait_in_the_queue_by_default(self):
        assert not Comment.objects.filter(status=Comment.Status.APPROVED).exists()


READER_COMMENTS_AS_TEXT = page(
    '<meta property="og:title" content="Small steps out of low mood">'
    '<meta name="author" content="Ravi Shah"><meta name="date" content="2012-05-05">',
    f"<div id='main'><h1>Small steps out of low mood</h1>{ARTICLE_TEXT}"
    "<h3>Reader Comments</h3><p>Helpful - Jo - Jun 2nd 2012</p><p>I printed the list for my "
    "fridge.</p><p>Hard days - - Jul 9th 2012</p><p>Some days even small steps feel big.</p>"
    "</div>",
)


def test_reader_comments_written_as_text_under_a_heading_become_comments():
    """Kith's seed layout in HTML: “Title - Name - Date” lines under “Reader Comments”."""
    record = extraction.read(READER_COMMENTS_AS_TEXT)
    assert "fridge" not in record.fields["body"] and "Reader Comments" not in record.fields["body"]
    assert [(c.title, c.name, c.created_at.date().isoformat()) for c in record.comments] == [
        ("Helpful", "Jo", "2012-06-02"),
        ("Hard days", "", "2012-07-09"),
    ]


def test_a_folders_readme_is_not_an_article_but_a_named_file_still_imports(tmp_path):
    """Walking a folder skips README.md; a Markdown heading's marks never reach a title."""
    write(tmp_path, {"README.md": "# About these files\n\nNotes for whoever keeps them.\n"})
    assert reading.collect([tmp_path])[0] == []
    record = reading.parse(reading.read(tmp_path / "README.md"))
    assert record.fields["title"] == "About these files"
