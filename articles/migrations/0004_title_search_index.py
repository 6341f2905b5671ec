"""A GIN index of each title's own tsvector (PostgreSQL only).

Search ranks a bounded set of candidates instead of every match (see articles/search.py); this
index lets the articles whose title has the words be picked first without reading any other row.
The expression must stay exactly ``articles.search.title_vector()`` as Django writes it, or the
planner will not use the index: tests/test_search_scale.py checks that it does.

``fastupdate = off``: new titles go straight into the index instead of a pending list that only
VACUUM merges. Articles are written rarely and searched often, and until that merge every search
reads the whole pending list (measured: 3 ms per search after a bulk import, for a tiny index).
"""

from django.db import migrations

INDEX = "article_title_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite's FTS5 ranks every match itself (fast enough there)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(title, ''))) "
        "WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
