"""``manage.py export_content DIR``: every article, its comments and all topics, as files.

The files are Kith's own format (see ``transfer.kith_format``): ``import_content DIR`` into an
empty database gives back the same content. Comments' e-mail addresses are not exported.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch

from articles.models import Article
from topics.models import Topic
from transfer import kith_format


class Command(BaseCommand):
    help = (
        "Write every article (any status) as front-matter Markdown, its comments in "
        "<slug>.comments.yaml and all topics in topics.yaml, into DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder to write into (created).")

    def handle(self, *args, directory: Path, **options) -> None:
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a folder.")
        try:
            directory.mkdir(parents=True, exist_ok=True)
            counts = self._export(directory)
        except OSError as exc:
            raise CommandError(f"Cannot write to {directory}: {exc.strerror or exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {counts['articles']} articles, {counts['comments']} comments and "
                f"{counts['topics']} topics to {directory}."
            )
        )

    def _export(self, directory: Path) -> dict[str, int]:
        topics = list(Topic.objects.select_related("parent").prefetch_related("related"))
        (directory / kith_format.TOPICS_FILE).write_text(
            kith_format.topics_document(sorted(topics, key=lambda t: t.slug)), encoding="utf-8"
        )
        counts = {"articles": 0, "comments": 0, "topics": len(topics)}
        articles = (
            Article.objects.order_by("slug")
            .for_detail()
            .prefetch_related(Prefetch("comments", to_attr="all_comments"))
        )
        for article in articles.iterator(chunk_size=100):
            (directory / f"{article.slug}.md").write_text(
                kith_format.article_document(article), encoding="utf-8"
            )
            comments = sorted(article.all_comments, key=lambda c: (c.created_at, c.pk))
            sidecar = directory / f"{article.slug}{kith_format.COMMENTS_SUFFIX}"
            if comments:
                sidecar.write_text(
                    kith_format.comments_document(article, comments), encoding="utf-8"
                )
            elif sidecar.exists():
                sidecar.unlink()  # the article's comments are gone since the last export
            counts["articles"] += 1
            counts["comments"] += len(comments)
        return counts
