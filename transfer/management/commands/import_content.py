"""``manage.py import_content PATH [PATH …]``: articles and reader comments from files.

Each file is read, parsed and stored in its own transaction: a file that fails is reported with
its path and reason and rolled back, the others still import, and the command exits non-zero
when any failed. See ``transfer`` for the formats and README for the options.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from articles.models import Article, ClinicalReviewer
from topics.models import Topic
from transfer import comment_writer, kith_format, reading, writer
from transfer.options import ImportOptions
from transfer.records import ArticleRecord, CommentsFile, ParseError, TopicsFile
from transfer.report import FileChanges, ImportReport, file_summary

PROGRESS_FROM = 4  # files; fewer finish before a progress bar would help
BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import articles and reader comments from front-matter Markdown, captured HTML or "
        "plain-text pages, and Kith exports. Paths may be files or folders (walked recursively)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Import as for real inside a transaction that is rolled back: the same "
            "report and counts, nothing written.",
        )
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.PUBLISHED],
            default=None,
            help="Status of imported articles (default: draft, so an editor reviews them; "
            "a Kith export keeps its own; a re-import keeps what an editor set).",
        )
        parser.add_argument(
            "--reviewed-by",
            metavar="USERNAME",
            help="Needed with --status published: the account of the clinical reviewer who has "
            "reviewed the imported articles. Articles without a review of their own are "
            "recorded as reviewed by them today. Without it, nothing is published unreviewed.",
        )
        parser.add_argument("--topic", metavar="SLUG", help="The topic for files that name none.")
        parser.add_argument(
            "--comments",
            choices=["approved", "pending"],
            default=None,
            help="Imported comments go to the moderation queue (pending, the default) or are "
            "published (approved) — except those the classifier holds, e.g. for risk.",
        )

    def handle(self, *args, paths: list[Path], dry_run: bool, status: str | None,
               topic: str | None, comments: str | None, reviewed_by: str | None,
               **options) -> None:  # fmt: skip
        default_topic = None
        if topic:
            default_topic = Topic.objects.filter(slug=topic).first()
            if default_topic is None:
                raise CommandError(f"--topic: there is no topic with the slug {topic!r}.")
        self.unreviewed_notice = ""
        if status == Article.Status.PUBLISHED and not reviewed_by:
            # Refuse to publish, not to import: the articles wait "in review" for a clinician,
            # so nothing is lost and nothing reaches readers unreviewed.
            self.unreviewed_notice = (
                "Not published: --status published needs --reviewed-by USERNAME (the clinical "
                "reviewer who reviewed these articles). Articles without a recorded review "
                "wait in review for a clinician."
            )
            self.stderr.write(self.style.WARNING(self.unreviewed_notice))
        reviewer = _reviewer(reviewed_by) if reviewed_by else None
        self.options = ImportOptions(
            status=status, comments=comments, topic=default_topic, reviewer=reviewer
        )
        self.dry_run = dry_run
        self.report = ImportReport()
        self.related: dict[str, list[str]] = {}  # slug → related slugs, linked once all exist
        self.translations: dict[str, list[str]] = {}  # slug → its other language versions, too
        files, missing = reading.collect(paths)
        for path in missing:
            self.report.fail(str(path), "no such file or folder", kind="files")
        if not files and not missing:
            raise CommandError("No files to import: folders hold no .md, .txt, .html or .yaml.")
        # A dry run is the real run inside one transaction that is rolled back at the end, so
        # it counts exactly what the real run would (later files see earlier files' rows).
        with transaction.atomic():
            for number, path in enumerate(files, start=1):
                if len(files) >= PROGRESS_FROM:
                    self._progress(number, len(files), path)
                self._import(path)
            if len(files) >= PROGRESS_FROM and self.stderr.isatty():
                self.stderr.write("")
            self._link_related()
            if dry_run:
                transaction.set_rollback(True)
        self._summarise()

    def _import(self, path: Path) -> None:
        changes = FileChanges()
        try:
            source = reading.read(path)
            record = reading.parse(source)
            with transaction.atomic():
                self._store(record, source, changes)
        except ParseError as exc:
            self.report.fail(str(path), str(exc), kind=_kind(path))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the rest
            # e.g. Python's HTML parser raising AssertionError on “<![”: reported, not fatal.
            self.report.fail(str(path), f"{type(exc).__name__}: {exc}"[:300], kind=_kind(path))
        else:
            self.report.add(changes)
            self.report.warnings.extend((str(path), w) for w in record.warnings)
            if isinstance(record, ArticleRecord):
                self.report.found.append((str(path), file_summary(record)))

    def _store(
        self, record: ArticleRecord | CommentsFile | TopicsFile, source: reading.SourceFile,
        changes: FileChanges,
    ) -> None:  # fmt: skip
        if isinstance(record, TopicsFile):
            writer.save_topics(record.topics, changes)
        elif isinstance(record, CommentsFile):
            comment_writer.save_comments_file(
                record.article_slug, record.comments, options=self.options, changes=changes
            )
        else:
            article = writer.save_article(
                record, content_hash=source.sha256, options=self.options, changes=changes
            )
            if record.related_articles:
                self.related[article.slug] = record.related_articles
            if record.translations:
                self.translations[article.slug] = record.translations

    def _link_related(self) -> None:
        """Related articles and translations may come later in the folder: link them once all
        are imported."""
        changes = FileChanges()
        with transaction.atomic():
            for article in Article.objects.filter(slug__in=self.related):
                missing = writer.link_related(article, self.related[article.slug], changes)
                if missing:
                    self.report.warnings.append(
                        (article.slug, f"related articles not found: {', '.join(missing)}")
                    )
            for article in Article.objects.filter(slug__in=self.translations).order_by("pk"):
                article.refresh_from_db(fields=["translation_group"])  # an earlier link may set it
                slugs = self.translations[article.slug]
                for problem in writer.link_translations(article, slugs, changes):
                    self.report.warnings.append((article.slug, f"translation not kept: {problem}"))
        self.report.add(changes, file=False)

    def _progress(self, number: int, total: int, path: Path) -> None:
        done = BAR_WIDTH * number // total
        line = f"[{'#' * done}{'.' * (BAR_WIDTH - done)}] {number}/{total} {path.name}"[:100]
        if self.stderr.isatty():
            self.stderr.write("\r" + line.ljust(100), ending="")
        else:
            self.stderr.write(line)

    def _summarise(self) -> None:
        for path, lines in self.report.found:
            self.stdout.write(f"Read: {path}")
            for line in lines:
                self.stdout.write(f"  {line}")
        for path, warning in self.report.warnings:
            self.stdout.write(f"Warning: {path}: {warning}")
        for path, reason in self.report.failures:
            self.stderr.write(self.style.ERROR(f"Failed: {path}: {reason}"))
        self.stdout.write(self.report.table())
        if self.unreviewed_notice:
            self.stderr.write(self.style.WARNING(self.unreviewed_notice))
        if self.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if self.report.failed:
            raise CommandError(f"{len(self.report.failures)} file(s) could not be imported.")


def _reviewer(username: str) -> ClinicalReviewer:
    """The clinical reviewer profile of the account ``username``, able to review now."""
    user = get_user_model().objects.filter(username=username[:150]).first()
    if user is None:
        raise CommandError(f"--reviewed-by: there is no account with the username {username!r}.")
    reviewer = ClinicalReviewer.objects.filter(user=user).first()
    if reviewer is None:
        raise CommandError(
            f"--reviewed-by: {username!r} is not a clinical reviewer (no clinical reviewer "
            "profile is linked to this account in the admin)."
        )
    if not reviewer.is_active or not reviewer.credentials.strip():
        raise CommandError(
            f"--reviewed-by: {reviewer.name} cannot review: they need credentials and "
            "“may review” ticked."
        )
    return reviewer


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name == kith_format.TOPICS_FILE:
        return "topics"
    return "comments" if name.endswith(kith_format.COMMENTS_SUFFIX) else "articles"
