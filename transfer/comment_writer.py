"""Imported reader comments: classified and decided like a comment posted on the site.

A comment that speaks of suicide or self-harm is held for risk and is never published by an
import, whatever ``--comments`` says. Each imported comment is remembered by a hash of how its
source had it (``ImportedComment``), so a re-import finds it even after a moderator edited it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.article_writer import validation_details
from articles.models import Article
from comments import moderation
from comments.classify import HoldReason, WordLists, risk_summary
from comments.models import Comment, ModerationEvent
from transfer.models import ImportedComment
from transfer.options import ImportOptions
from transfer.records import CommentRecord, ParseError
from transfer.report import FileChanges


def save_comments_file(
    article_slug: str, records: list[CommentRecord], *, options: ImportOptions,
    changes: FileChanges,
) -> None:  # fmt: skip
    article = Article.objects.filter(slug=article_slug).first()
    if article is None:
        raise ParseError(f"no article with the slug {article_slug!r}; import its .md file first")
    save_comments(article, records, key_prefix=f"kith:{article_slug}", options=options,
                  authoritative=True, changes=changes)  # fmt: skip


def save_comments(
    article: Article, records: list[CommentRecord], *, key_prefix: str, options: ImportOptions,
    authoritative: bool, changes: FileChanges,
) -> None:  # fmt: skip
    words = moderation.word_lists()
    saved: list[Comment | None] = []
    for record in records:
        parent = None
        if record.reply_to is not None and 0 <= record.reply_to < len(saved):
            parent = saved[record.reply_to]
        saved.append(
            _save_comment(
                article,
                record,
                parent=parent,
                key=f"{key_prefix}#{record.fingerprint()}"[:255],
                options=options,
                authoritative=authoritative,
                words=words,
                changes=changes,
            )  # fmt: skip
        )


def _save_comment(
    article: Article, record: CommentRecord, *, parent: Comment | None, key: str,
    options: ImportOptions, authoritative: bool, words: WordLists, changes: FileChanges,
) -> Comment | None:  # fmt: skip
    link = ImportedComment.objects.filter(source_key=key).select_related("comment").first()
    if link is not None:
        changes.mark("comments", link.comment_id, "unchanged")
        return link.comment
    created_at = record.created_at or timezone.now()
    same = Comment.objects.filter(article=article, created_at=created_at, body=record.body).first()
    if same is not None:  # exported from this very site and imported back
        ImportedComment.objects.create(source_key=key, comment=same)
        changes.mark("comments", same.pk, "unchanged")
        return same
    if not record.body.strip() and record.status != Comment.Status.REMOVED:
        return None
    fresh = moderation.hold_reasons(title=record.title, body=record.body, words=words)
    if HoldReason.RISK in record.hold_reasons:  # held as urgent: that says it mentions risk
        fresh = [reason for reason in fresh if reason != HoldReason.MENTIONS_RISK]
    reasons = list(dict.fromkeys([*record.hold_reasons, *fresh]))
    status = _comment_status(record, reasons, fresh, options=options, authoritative=authoritative)
    comment = Comment(
        article=article, parent=parent, title=record.title, name=record.name, body=record.body,
        hold_reasons=",".join(reasons), created_at=created_at,
        risk_summary=(
            risk_summary(record.body, title=record.title)
            if {HoldReason.RISK, HoldReason.MENTIONS_RISK} & set(fresh)
            else ""
        ),
        moderator_note=record.moderator_note, edited_by_moderator=record.edited_by_moderator,
    )  # fmt: skip
    if status == Comment.Status.APPROVED:
        # Readers saw it on the old site from its own date: keep that place in the thread.
        # (Set before saving: ``approve`` keeps a first-published time it finds.)
        comment.published_at = record.published_at or created_at
    try:
        comment.full_clean(exclude=["body_html", "article", "parent", "body"])
    except ValidationError as exc:
        details = validation_details(exc)
        raise ParseError(f"a comment from {created_at:%Y-%m-%d}: {details}") from None
    comment.save()
    note = "Imported from another site."
    ModerationEvent.objects.create(
        comment=comment, action=ModerationEvent.Action.POSTED, to_status=comment.status, note=note
    )
    if status == Comment.Status.APPROVED:
        comment.approve(note="Imported as approved.")
    elif status == Comment.Status.SPAM:
        comment.mark_spam(
            note="Imported as spam." if record.status else "Imported: contains a disallowed word."
        )
    elif status == Comment.Status.REJECTED:
        comment.reject(note="Imported as rejected.")
    elif status == Comment.Status.REMOVED:
        comment.remove(note="Imported as removed.")
    if authoritative and comment.moderator_note != record.moderator_note:
        # The state change above logged its own note; an exported comment keeps its own.
        comment.moderator_note = record.moderator_note
        comment.save(update_fields=["moderator_note"])
    ImportedComment.objects.create(source_key=key, comment=comment)
    changes.mark("comments", comment.pk, "created")
    return comment


def _comment_status(
    record: CommentRecord, reasons: list[str], fresh: list[str], *, options: ImportOptions,
    authoritative: bool,
) -> str:  # fmt: skip
    """The moderation pipeline's decision, with the import's policy on top.

    ``decide`` sends disallowed words to spam and holds the rest; ``--comments approved``
    then publishes only comments the classifier found no reason to hold. A Kith export keeps
    each comment's state unless the classifier now finds a reason no moderator saw (one not
    in the exported hold reasons): then it goes back to the queue.
    """
    if authoritative and options.comments is None and record.status:
        unseen = [reason for reason in fresh if reason not in record.hold_reasons]
        if not unseen or record.status != Comment.Status.APPROVED:
            return record.status
        return moderation.decide(unseen, known_commenter=False)
    decision = moderation.decide(reasons, known_commenter=False)
    if options.comments == "approved" and not reasons:
        # The operator's explicit choice stands in for premoderation, as for a known commenter;
        # whatever the classifier holds (risk above all) still waits for a moderator.
        return Comment.Status.APPROVED
    return decision
