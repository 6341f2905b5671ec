"""Search stems each article in its own language (PostgreSQL only).

Until now every stored vector was made with the ``english`` configuration, and title matches
were found through an index of ``to_tsvector('english', title)`` (migration 0004). A Spanish
article must be stemmed as Spanish, and its title too, so the title's vector is now stored
beside the whole article's (``title_search_vector``), made with the same configuration, and the
GIN index that finds title matches (same name, still ``fastupdate = off``) is built on it.
Both vectors of every article are recomputed here with the configuration of its language.
"""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "article_title_search_gin"

# Frozen copy of articles.languages.search_config_of_column() at the time of this migration.
CONFIG = (
    "(CASE split_part(lower(a.language), '-', 1) WHEN 'en' THEN 'english' "
    "WHEN 'es' THEN 'spanish' ELSE 'simple' END)::regconfig"
)
# Frozen copy of articles.search.refresh_document_vectors.
FILL_VECTORS = """
UPDATE articles_article AS a SET
    search_vector =
        setweight(to_tsvector({config}, coalesce(a.title, '')), 'A')
        || setweight(to_tsvector({config}, coalesce(a.summary, '')), 'B')
        || setweight(to_tsvector({config}, coalesce(a.question, '')), 'B')
        || setweight(to_tsvector({config}, coalesce((
            SELECT string_agg(t.name, ' ') FROM articles_taggedarticle AS ta
            JOIN taggit_tag AS t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id
        ), '')), 'B')
        || setweight(to_tsvector({config}, coalesce(a.body_text, '')), 'C'),
    title_search_vector = to_tsvector({config}, coalesce(a.title, ''))
"""


def search_in_article_language(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite's FTS5 index has one tokenizer for every language
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(FILL_VECTORS.format(config=CONFIG))
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON articles_article USING gin (title_search_vector) "
        "WITH (fastupdate = off)"
    )


def search_in_english(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(FILL_VECTORS.format(config="'english'::regconfig"))
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON articles_article "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(title, ''))) "
        "WITH (fastupdate = off)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0016_article_translation_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="title_search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="PostgreSQL full-text index of the title alone, stemmed in the "
                "article's language; empty on SQLite (see search.py).",
                null=True,
                verbose_name="title search vector",
            ),
        ),
        migrations.RunPython(search_in_article_language, search_in_english, elidable=False),
    ]
