"""Bring every stored article body up to what ``Article.save()`` derives today, without a re-save
(which would move ``updated_at`` and add a history entry):

- headings stored without an anchor get one, so "On this page" lists them: the stored HTML is
  cleaned again, which changes nothing else (cleaning is idempotent; tests/test_properties.py);
- the plain text keeps one line per block (list item, heading, table cell), so that search
  snippets no longer run list items together, and ``&amp;`` is ``&`` again;
- on PostgreSQL the search vector is recomputed from that text (SQLite's FTS5 index follows by
  its triggers, or is rebuilt after migrate); the page cache is told that pages changed.
"""

from django.db import migrations

from kith import page_cache
from kith.markup import plain_text, sanitize_html

BATCH = 500

# Frozen copy of articles.search.document_vector at the time of this migration.
FILL_VECTORS = """
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(a.summary, '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.question, '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(t.name, ' ') FROM articles_taggedarticle AS ta
        JOIN taggit_tag AS t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.body_text, '')), 'C')
WHERE a.id = ANY(%s)
"""


def rederive_bodies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    changed = []
    rows = Article.objects.using(db).only("pk", "body_html", "body_text").order_by("pk")
    for article in rows.iterator(chunk_size=BATCH):
        html = article.body_html
        if "<h2>" in html:  # a heading without an id (stored HTML writes attributes as id=…)
            html = sanitize_html(html)
        text = plain_text(html)
        if (html, text) != (article.body_html, article.body_text):
            article.body_html, article.body_text = html, text
            changed.append(article)
        if len(changed) >= BATCH:
            _write(Article, changed, schema_editor)
            changed = []
    _write(Article, changed, schema_editor)


def _write(Article, articles, schema_editor):
    if not articles:
        return
    db = schema_editor.connection.alias
    Article.objects.using(db).bulk_update(articles, ["body_html", "body_text"])
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FILL_VECTORS, [[article.pk for article in articles]])
    page_cache.bump_content()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_images_only_from_own_library"),
    ]

    operations = [
        migrations.RunPython(rederive_bodies, migrations.RunPython.noop),
    ]
