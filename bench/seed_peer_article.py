"""Put the Wagtail peer's measured article into Kith, with a recorded clinical review.

    DATABASE_URL=... .venv/bin/python bench/seed_peer_article.py   -> prints the article path

The same article, keywords and 50 approved comments as the peer's own ``seed_kith.py``, read at
run time from the peer's content module (``../shared/peer-wagtail/peercontent.py``, or
``PEER_HOME``); nothing of its text is copied here. The peer's script can no longer be used as
it is: it publishes the article without a clinical review, which Kith refuses on every path
(``check_review_for_status`` and the database constraint ``article_published_is_reviewed``).
Here the review is recorded by a bench clinical reviewer, as an editor would record it.

Comments are bulk-created like the peer's script does (one INSERT, no moderation events, no
e-mails), with their derived fields filled by ``Comment.fill_derived()``, the same function
``save()`` uses, and their cards stored once they have ids (``refresh_cards``). Running it
twice replaces the article.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Author, ClinicalReviewer  # noqa: E402
from comments.models import Comment  # noqa: E402
from kith import page_cache  # noqa: E402
from topics.models import Topic  # noqa: E402


def peer_home() -> Path:
    home = os.environ.get("PEER_HOME")
    if home:
        return Path(home)
    beside = ROOT.parent / "shared" / "peer-wagtail"
    return beside if beside.is_dir() else Path("/work/shared/peer-wagtail")


def load_peercontent():
    path = peer_home() / "peercontent.py"
    spec = importlib.util.spec_from_file_location("peercontent", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def markdown_from_peer_html(html: str) -> str:
    """The peer's body is simple HTML (<h2>, <p>); Kith stores Markdown (as seed_kith.py)."""
    return (
        html.replace("</h2>", "\n\n").replace("<h2>", "## ").replace("</p>", "\n\n")
        .replace("<p>", "")
    )  # fmt: skip


@transaction.atomic
def seed() -> Article:
    spec = load_peercontent().main_article()
    slug = "peer-" + spec["slug"]
    Article.objects.filter(slug=slug).delete()
    reviewer, _ = ClinicalReviewer.objects.get_or_create(
        name="Bench Reviewer", defaults={"credentials": "MBBS, MRCPsych (benchmark data)"}
    )
    reviewed = timezone.localdate()
    article = Article(
        title=spec["title"],
        slug=slug,
        summary=spec["intro"],
        body=markdown_from_peer_html(spec["body"]),
        primary_topic=Topic.objects.order_by("pk").first(),
        status=Article.Status.PUBLISHED,
        published_at=spec["published"],
        reviewed_by=reviewer,
        last_reviewed=reviewed,
        next_review_due=reviewed + timedelta(days=365),
    )
    article.full_clean()
    article.save()
    article.topics.add(*Topic.objects.order_by("pk")[:2])
    article.article_authors.create(author=Author.objects.order_by("pk").first(), order=0)
    article.tags.add(*spec["tags"])
    article.refresh_search_vector()
    rows = []
    for c in spec["comments"]:
        if not c["approved"]:
            continue
        comment = Comment(
            article=article, title=c["title"], name=c["name"], body=c["body"],
            status=Comment.Status.APPROVED, created_at=c["created"], published_at=c["created"],
            consent_at=c["created"],
        )  # fmt: skip
        comment.fill_derived()
        rows.append(comment)
    Comment.objects.bulk_create(rows)
    Comment.objects.filter(article=article).refresh_cards()  # their ids are known now
    page_cache.bump_content()
    return article


if __name__ == "__main__":
    print(seed().get_absolute_url())
