"""The moderation pipeline: what happens between a reader pressing “Post” and a moderator.

Each rule is a small function, called in this order by the posting view and ``submit_comment``:
risk screen → closed comments → honeypot → signed timestamp and the form's own checks → flood →
duplicate → rate limit → classification → decision. Rules that refuse raise ``Refused`` (with the
HTTP status to answer) or ``Discarded`` (a bot filled the honeypot: answer as if all went well
and store nothing).

The risk screen comes first and refuses nothing: it only says whether the text as sent may speak
of suicide or self-harm, so that whatever rule refuses the post, its writer sees the helplines
first (see ``screen_submission``). A risky comment that the flood, duplicate or rate limit
refuses is still kept for the urgent queue, a few times an hour at most (``keep_for_risk``).

Side effects (e-mail to moderators, the deletion link) are called explicitly from here, never
from ``save()`` or a signal.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail, send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from articles.models import Article, ArticleAuthor
from comments.classify import (
    HoldReason,
    WordLists,
    classify,
    risk_summary,
    speaks_of_risk,
)
from comments.models import (
    BODY_MAX_LENGTH,
    HOLD_REASON_LABELS,
    REPORTED,
    Comment,
    CommentErased,
    CommentReport,
    ModeratedWord,
    ModerationEvent,
    ReportReason,
    summarise_reports,
)

MODERATORS_GROUP = "Moderators"
HONEYPOT_FIELD = "website"
_TIMESTAMP_SALT = "kith.comments.form-timestamp"


class Refused(Exception):
    """A rule refused the comment; ``message`` is what the reader is told."""

    def __init__(self, message: str, *, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class Discarded(Exception):
    """A bot filled the honeypot: store nothing and say nothing."""


# --- Before any rule: is the writer at risk? ---
# The screen reads at most this much of each field: four times the longest comment is far more
# than a reader types, and a hostile megabyte then costs no more than a long comment.
SCREEN_MAX_CHARS = 4 * BODY_MAX_LENGTH

# What the writer at risk reads under the helplines when their comment was not sent.
# Lazy: they are read out in the crisis panel's language, which may not be the page's.
NOT_SENT_FORM_ERRORS = _(
    "Your comment has not been sent yet: please look at the form below. Your words are still in it."
)
NOT_SENT_DISCARDED = _(
    "Your comment could not be sent from this page. If you wrote it, please send it again: your "
    "words are still in the form below."
)
NOT_SENT_ORIGIN = _(
    "For your safety we could not accept that form, so your comment was not sent. Go back, "
    "reload the page and send it again."
)


def screen_submission(*, title: str, body: str) -> bool:
    """Whether the title and body, exactly as sent, may speak of suicide or self-harm: urgent
    for the risk model, or words the rules find (the helplines cost a safe writer little).

    Called before any rule may refuse the post, so that a writer at risk is shown the helplines
    whatever else happens: a closed article, a bot trap, a stale form, a form error or a limit.
    """
    body, title = str(body)[:SCREEN_MAX_CHARS], str(title)[:SCREEN_MAX_CHARS]
    return speaks_of_risk(body, title=title)


def not_sent_line(refused: Refused) -> str:
    """The calm line under the helplines for a post a limit refused and that was not kept."""
    return format_lazy(
        _("{refusal} Your comment has not been sent, but your words are still in the form below."),
        refusal=refused.message,
    )


# --- Who is posting (never the raw address) ---
def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of ``value`` with a key derived from SECRET_KEY, separate per purpose."""
    return salted_hmac(f"kith.comments.{purpose}", value, algorithm="sha256").hexdigest()


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw; a client can forge the header."""
    proxies = settings.KITH_COMMENTS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    return keyed_hash(client_address(request), purpose="client")


def email_key(email: str) -> str:
    email = (email or "").strip().lower()
    return keyed_hash(email, purpose="email") if email else ""


# --- Whether an article takes comments ---
def closed_message(article: Article) -> str:
    """Why comments are closed on ``article``, or "" when they are open."""
    if not article.is_published():
        return _("Comments open when the article is published.")
    if not article.comments_open:
        return _("Comments are closed on this article.")
    days = settings.KITH_COMMENTS_CLOSE_AFTER_DAYS
    if days and article.published_at + timedelta(days=days) <= timezone.now():
        return ngettext_lazy(
            "Comments close %(days)d day after an article is published, so this one is closed.",
            "Comments close %(days)d days after an article is published, so this one is closed.",
            "days",
        ) % {"days": days}
    return ""


def comments_close_at(article: Article) -> datetime | None:
    """When comments on ``article`` close by age (KITH_COMMENTS_CLOSE_AFTER_DAYS), if ever."""
    days = settings.KITH_COMMENTS_CLOSE_AFTER_DAYS
    if not days or article.published_at is None:
        return None
    return article.published_at + timedelta(days=days)


# --- The rules, in order ---
def check_honeypot(value: str) -> None:
    """People never see the field (it is hidden); only bots fill it."""
    if value:
        raise Discarded


def sign_timestamp(at: float | None = None) -> str:
    """The value of the form's hidden timestamp: when the form was shown, signed.

    Article pages are cached whole for anonymous readers (kith/page_cache), so the timestamp
    in the comment form is the moment the cached page was built, not the moment this reader
    opened it. Consequences, accepted on purpose: "too fast" only catches a bot that posts
    within seconds of the page being (re)built, and "too old" counts from the build too (the
    server keeps a page at most KITH_PAGE_CACHE_SECONDS, far below the maximum form age). The
    honeypot, flood, duplicate and rate limits and pre-moderation are per request and are
    unaffected; protection against cross-site posting is the origin check in
    kith/same_origin.py, not this value."""
    return signing.dumps(int(at if at is not None else time.time()), salt=_TIMESTAMP_SALT)


def check_timestamp(signed_value: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    if not signed_value:
        raise Refused(_RELOAD, code="timestamp_missing")
    try:
        shown_at = int(signing.loads(signed_value, salt=_TIMESTAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise Refused(_RELOAD, code="timestamp_invalid") from None
    if now - shown_at < settings.KITH_COMMENTS_MIN_FORM_SECONDS:
        raise Refused(
            _(
                "That was quicker than a person can type. Please wait a few seconds and send it "
                "again."
            ),
            code="too_fast",
        )
    if now - shown_at > settings.KITH_COMMENTS_MAX_FORM_AGE_SECONDS:
        raise Refused(
            _(
                "This form was open for a long time. Copy your comment, reload the page and send "
                "it again."
            ),
            code="too_old",
        )


_RELOAD = _("This form could not be checked. Copy your comment, reload the page and send it again.")


def check_flood(commenter: str) -> None:
    if cache.get(f"comments:flood:{commenter}"):
        raise _flooded()


def _flooded() -> Refused:
    return Refused(
        _("You sent a comment a moment ago. Please wait a little before sending another."),
        code="flood",
        status=429,
    )


def check_duplicate(*, article: Article, body: str) -> None:
    since = timezone.now() - timedelta(seconds=settings.KITH_COMMENTS_DUPLICATE_SECONDS)
    if Comment.objects.filter(article=article, body=body, created_at__gte=since).exists():
        raise Refused(
            _(
                "You already posted this comment on this article. It will appear once a moderator "
                "has read it."
            ),
            code="duplicate",
        )


def check_rate_limit(commenter: str) -> None:
    if cache.get(f"comments:rate:{commenter}", 0) >= settings.KITH_COMMENTS_RATE_LIMIT:
        raise _rate_limited()


def claim_posting_slot(commenter: str) -> None:
    """Atomically takes this commenter's flood slot and one unit of their rate limit.

    The checks above only read the counters, so two posts sent at the same moment (to two
    processes) could both pass them. Claiming with the cache's atomic add/incr — atomic across
    processes with Redis — closes that race: only one of them gets the slot.
    """
    if settings.KITH_COMMENTS_FLOOD_SECONDS > 0 and not cache.add(
        f"comments:flood:{commenter}", 1, timeout=settings.KITH_COMMENTS_FLOOD_SECONDS
    ):
        raise _flooded()
    count = _increment(
        f"comments:rate:{commenter}", timeout=settings.KITH_COMMENTS_RATE_WINDOW_SECONDS
    )
    if count > settings.KITH_COMMENTS_RATE_LIMIT:
        raise _rate_limited()


def release_posting_slot(commenter: str) -> None:
    """Gives back what ``claim_posting_slot`` took, when the comment could not be stored."""
    cache.delete(f"comments:flood:{commenter}")
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(f"comments:rate:{commenter}")


def _rate_limited() -> Refused:
    return Refused(
        _("You have sent several comments in a short time. Please come back later."),
        code="rate_limit",
        status=429,
    )


def _increment(key: str, *, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def word_lists() -> WordLists:
    """The moderators' lists, read once per comment (one query)."""
    moderation, disallowed = [], []
    for word, kind in ModeratedWord.objects.values_list("word", "kind"):
        (disallowed if kind == ModeratedWord.Kind.DISALLOW else moderation).append(word)
    return WordLists(moderation=tuple(moderation), disallowed=tuple(disallowed))


def hold_reasons(
    *, title: str, body: str, words: WordLists | None = None, link_limit: int | None = None
) -> list[str]:
    return classify(
        body,
        title=title,
        link_limit=settings.KITH_COMMENTS_LINK_LIMIT if link_limit is None else link_limit,
        words=word_lists() if words is None else words,
    )


def decide(reasons: list[str], *, known_commenter: bool) -> str:
    """The status a new comment starts with."""
    if HoldReason.DISALLOWED_WORDS in reasons:
        return Comment.Status.SPAM
    if reasons or settings.KITH_COMMENTS_PREMODERATION or not known_commenter:
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def is_known_commenter(email_hash: str) -> bool:
    return bool(email_hash) and Comment.objects.approved().filter(email_hash=email_hash).exists()


# --- Posting ---
def submit_comment(
    *,
    article: Article,
    commenter: str,
    title: str,
    name: str,
    email: str,
    body: str,
    parent: Comment | None = None,
    site_url: str = "",
) -> tuple[Comment, str]:
    """Runs flood, duplicate, rate limit, classification and the decision; stores the comment.

    Returns the comment and its deletion token (the only time the token exists in clear). When
    the comment cannot be stored, the commenter's flood slot is given back, so that sending it
    again is not refused as a flood.
    """
    check_flood(commenter)
    check_duplicate(article=article, body=body)
    check_rate_limit(commenter)
    claim_posting_slot(commenter)
    try:
        reasons = hold_reasons(title=title, body=body)
        status = decide(reasons, known_commenter=is_known_commenter(email_key(email)))
        comment, token = _store_comment(
            article=article, parent=parent, title=title, name=name, email=email, body=body,
            commenter=commenter, reasons=reasons, status=status,
        )  # fmt: skip
    except Exception:
        release_posting_slot(commenter)
        raise
    _after_storing(comment, token=token, site_url=site_url)
    return comment, token


@dataclass(frozen=True)
class Submission:
    """A stored comment, its deletion token, and — when it was kept for the urgent queue past a
    limit — the limit's refusal."""

    comment: Comment
    token: str
    kept_despite: Refused | None = None

    @property
    def kept_line(self) -> str:
        """What the writer reads about the limit their kept comment went past ("" if none)."""
        return KEPT_FOR_RISK[self.kept_despite.code][1] if self.kept_despite else ""


# The limits past which a risky comment is kept: its name for moderators, the writer's line.
KEPT_FOR_RISK: dict[str, tuple[str, str]] = {
    "flood": (
        "flood limit (another comment a moment before)",
        _("You sent a comment a moment ago. We kept this one too, so that a moderator reads it."),
    ),
    "duplicate": (
        "duplicate check (the same words on this article)",
        _("These words were already sent. We kept them again, so that a moderator reads them."),
    ),
    "rate_limit": (
        "rate limit (several comments in a short time)",
        _(
            "You have sent several comments in a short time. We kept this one anyway, so that a "
            "moderator reads it."
        ),
    ),
}


def submit_screened_comment(
    *,
    at_risk: bool,
    article: Article,
    commenter: str,
    title: str,
    name: str,
    email: str,
    body: str,
    parent: Comment | None = None,
    site_url: str = "",
) -> Submission:
    """``submit_comment`` for a post already screened by ``screen_submission``.

    When ``at_risk``, a refusal by the flood, duplicate or rate limit does not lose the comment:
    it is kept for the urgent queue (``keep_for_risk``) while the commenter has places left
    this hour. Any other refusal, or one past that bound, is raised as ``Refused``.
    """
    fields = {
        "article": article, "commenter": commenter, "title": title, "name": name,
        "email": email, "body": body, "parent": parent, "site_url": site_url,
    }  # fmt: skip
    try:
        return Submission(*submit_comment(**fields))
    except Refused as refused:
        if not (at_risk and refused.code in KEPT_FOR_RISK and claim_risk_overflow(commenter)):
            raise
        comment, token = keep_for_risk(refused=refused, **fields)
        return Submission(comment, token, kept_despite=refused)


def claim_risk_overflow(commenter: str) -> bool:
    """Takes one of the commenter's places this hour for a risky comment kept past a limit.

    Bounded (KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR), so that risky words are no way around the
    flood and rate limits; atomic across processes like ``claim_posting_slot``.
    """
    allowed = settings.KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR
    if allowed <= 0:
        return False
    return _increment(f"comments:risk-overflow:{commenter}", timeout=3600) <= allowed


def keep_for_risk(
    *,
    refused: Refused,
    article: Article,
    commenter: str,
    title: str,
    name: str,
    email: str,
    body: str,
    parent: Comment | None = None,
    site_url: str = "",
) -> tuple[Comment, str]:
    """Stores a risky comment that ``refused`` turned away: pending and held for risk, never
    published or sent to spam by itself, with a note saying which rule would have refused it.
    The moderators are alerted as for any comment held for risk."""
    found = hold_reasons(title=title, body=body)
    found = [reason for reason in found if reason != HoldReason.MENTIONS_RISK]  # urgent here
    reasons = list(dict.fromkeys([HoldReason.RISK.value, *found]))
    rule = KEPT_FOR_RISK[refused.code][0]
    comment, token = _store_comment(
        article=article, parent=parent, title=title, name=name, email=email, body=body,
        commenter=commenter, reasons=reasons, status=Comment.Status.PENDING,
        note=f"Kept for the urgent queue although the {rule} refused it.",
    )  # fmt: skip
    _after_storing(comment, token=token, site_url=site_url)
    return comment, token


def _store_comment(
    *,
    article: Article,
    parent: Comment | None,
    title: str,
    name: str,
    email: str,
    body: str,
    commenter: str,
    reasons: list[str],
    status: str,
    note: str = "",
) -> tuple[Comment, str]:
    with transaction.atomic():
        comment = Comment(
            article=article,
            parent=parent,
            title=title,
            name=name,
            email=email,
            email_hash=email_key(email),
            body=body,
            hold_reasons=",".join(reasons),
            risk_summary=risk_summary(body, title=title)
            if {HoldReason.RISK, HoldReason.MENTIONS_RISK} & set(reasons)
            else "",
            client_hash=commenter,
            consent_at=timezone.now(),
        )
        token = comment.issue_deletion_token()
        comment.save()
        ModerationEvent.objects.create(
            comment=comment, action=ModerationEvent.Action.POSTED, to_status=comment.status,
            note=note,
        )  # fmt: skip
        if status == Comment.Status.APPROVED:
            comment.approve(note="Approved automatically: a known commenter, nothing held it.")
        elif status == Comment.Status.SPAM:
            comment.mark_spam(note="Contains a disallowed word.")
    return comment, token


def _after_storing(comment: Comment, *, token: str, site_url: str) -> None:
    if comment.held_for_risk:
        notify_moderators_of_risk(comment, site_url=site_url)
    if comment.email:
        send_deletion_link(comment, token=token, site_url=site_url)


# --- Staff replies ("Approve and reply", as in WordPress) ---
def staff_badge_for(user, article: Article) -> str:
    """The badge a staff reply by ``user`` on ``article`` carries, or "" if they may not reply:
    "author" for an author of the article, "team" for a moderator or an editor."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return ""
    if article.article_authors.filter(author__user=user).exists():
        return Comment.Badge.AUTHOR
    if user.has_perm("comments.can_moderate") or user.has_perm("articles.add_article"):
        return Comment.Badge.TEAM
    return ""


def may_reply_as_staff(user) -> bool:
    """Whether ``user`` may reply as staff on some article (moderator, editor or author)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.has_perm("comments.can_moderate") or user.has_perm("articles.add_article"):
        return True
    return ArticleAuthor.objects.filter(author__user=user).exists()


def post_staff_reply(*, parent: Comment, user, name: str, body: str) -> Comment:
    """Approves ``parent`` if it is pending and publishes ``user``'s reply under its thread,
    with the badge only this path sets. The risk screen runs for the record only: a staff
    reply is never held. Approving the reply notifies the thread's subscribers."""
    badge = staff_badge_for(user, parent.article)
    if not badge:
        raise Refused(
            _("You may not reply as staff on this article."), code="not_staff", status=403
        )
    if parent.is_erased:
        raise Refused(CommentErased.message, code="erased")
    with transaction.atomic():
        if parent.status == Comment.Status.PENDING:
            parent.approve(by=user, note="Approved with a staff reply.")
        thread = parent.parent if parent.parent_id else parent
        if not parent.is_approved() or not thread.is_approved():
            raise Refused(
                _("Only a pending or published comment can be answered."), code="not_answerable"
            )
        found = hold_reasons(title="", body=body)
        with translation.override(settings.LANGUAGE_CODE):  # the log is written in one language
            screened = ", ".join(str(HOLD_REASON_LABELS.get(r, r)) for r in found) or "nothing"
        reply = Comment(
            article=parent.article, parent=thread, name=name, body=body, staff_badge=badge
        )
        reply.save()
        ModerationEvent.objects.create(
            comment=reply, action=ModerationEvent.Action.POSTED, to_status=reply.status,
            actor=user, note=f"Staff reply. The screen found: {screened} (recorded, not held).",
        )  # fmt: skip
        reply.approve(by=user, note="Staff reply: published at once.")
    return reply


# --- Reports ---
def report_comment(*, comment: Comment, reason: str, reporter: str, site_url: str = "") -> bool:
    """Records a reader's report; returns whether it sent the comment back to the queue."""
    key = f"comments:report-rate:{reporter}"
    if cache.get(key, 0) >= settings.KITH_COMMENTS_REPORT_RATE_LIMIT:
        raise Refused(
            _("You have sent several reports in a short time. Please come back later."),
            code="report_rate_limit",
            status=429,
        )
    _increment(key, timeout=settings.KITH_COMMENTS_RATE_WINDOW_SECONDS)
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reason=reason, reporter_hash=reporter)
    except IntegrityError:
        return False  # this reader already reported it; one voice counts once
    if not comment.is_approved():
        return False
    # From the first report on, the comment is listed under the admin's "Reported by readers"
    # (``Comment.objects.reported()``) with its reasons; below the threshold it stays public.
    is_risk = reason == ReportReason.RISK
    counts = comment.report_counts_by_reason()
    if not is_risk and sum(counts.values()) < settings.KITH_COMMENTS_REPORT_THRESHOLD:
        return False
    with translation.override(settings.LANGUAGE_CODE):  # the log is written in one language
        note = f"Reported by readers: {summarise_reports(counts)}."
    comment.hold(reasons=[HoldReason.RISK if is_risk else REPORTED], note=note)
    if is_risk:
        notify_moderators_of_risk(comment, site_url=site_url)
    return True


# --- E-mail ---
def moderator_emails() -> list[str]:
    user_model = get_user_model()
    return sorted(
        set(
            user_model.objects.filter(is_active=True)
            .filter(Q(groups__name=MODERATORS_GROUP) | Q(is_superuser=True))
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def notify_moderators_of_risk(comment: Comment, *, site_url: str = "") -> int:
    """E-mails every moderator at once. The comment's text stays out of mailboxes (health data)."""
    link = site_url + reverse("admin:comments_comment_change", args=[comment.pk])
    # Moderators have no language of their own yet: their e-mail speaks the site's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Urgent: a comment may speak of suicide or self-harm"))
        body = str(
            _(
                "A comment on “%(title)s” was held because it may speak of suicide or "
                "self-harm. Please read it as soon as you can:\n\n%(link)s\n\n"
                "Its writer has been shown the helplines. This message does not contain the "
                "comment."
            )
        ) % {"title": comment.article.title, "link": link}
    messages = [(subject, body, None, [address]) for address in moderator_emails()]
    return send_mass_mail(messages, fail_silently=True) if messages else 0


def send_deletion_link(comment: Comment, *, token: str, site_url: str = "") -> None:
    link = site_url + comment.get_deletion_url(token)
    # Sent while the writer's request is answered: in the language of the page they wrote on.
    send_mail(
        str(_("Your comment on %(site)s")) % {"site": settings.KITH_SITE_NAME},
        str(
            _(
                "Thank you for your comment on “%(title)s”.\n\n"
                "You can delete it at any time with this private link:\n\n%(link)s\n\n"
                "Anyone with the link can delete the comment, so please keep it to yourself."
            )
        )
        % {"title": comment.article.title, "link": link},
        None,
        [comment.email],
        fail_silently=True,
    )
