"""E-mail when someone replies: subscribing, confirming, batching, sending and stopping.

The rules, all here:
- A reader ticks “E-mail me when someone replies” with an address. The first request for an
  address sends a confirmation link; nothing else goes to it until it is confirmed (an address
  already confirmed on another conversation needs no second confirmation).
- A reply is news only when it is **approved** (``Comment.approve`` calls
  ``queue_reply_notifications``). The e-mail names the article and links to the reply; it never
  contains the reply's text (health data stays out of mailboxes). At most one e-mail per
  conversation per hour: replies approved meanwhile join the e-mail that is waiting.
- E-mail leaves after the commit, outside the request, as a django-tasks task
  (comments/tasks.py). A failure is recorded on the ``ReplyNotification`` and retried later;
  after the last attempt it stays “failed” in the admin, where a moderator can retry it.
- Every notification carries a signed, expiring unsubscribe link, the RFC 8058 one-click
  headers, and a page that stops one conversation or every notification to the address.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from comments.language import site_language
from comments.models import (
    Comment,
    NotificationKind,
    ReplyNotification,
    ReplySubscription,
)

CONFIRM_SALT = "kith.comments.reply-notifications.confirm"
UNSUBSCRIBE_SALT = "kith.comments.reply-notifications.unsubscribe"


# --- Tokens: signed, expiring, and tied to the address they were sent to ---
class TokenError(Exception):
    """Why a link does not work: ``expired`` or ``invalid`` (forged, damaged, wrong kind)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def make_token(subscription: ReplySubscription, *, salt: str) -> str:
    # The address key's first characters bind the token to this address: a subscription
    # deleted and its number reused for another address does not obey an old link.
    return signing.dumps([subscription.pk, subscription.email_hash[:16]], salt=salt)


def read_token(token: str, *, salt: str, max_age_days: int) -> tuple[int, str]:
    """``(subscription pk, address-key prefix)`` from a token, or ``TokenError``."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age_days * 86_400)
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise TokenError("invalid") from None
    valid = (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    )
    if not valid:
        raise TokenError("invalid")
    return value[0], value[1]


def subscription_for(pk: int, key_prefix: str) -> ReplySubscription | None:
    """The subscription a valid token names, if it still exists (None once stopped)."""
    found = (
        ReplySubscription.objects.select_related("thread__article")
        .only("email_hash", "confirmed_at", "thread__article__title")
        .filter(pk=pk)
        .first()
    )
    if found is None or not found.email_hash.startswith(key_prefix):
        return None
    return found


def absolute(path: str) -> str:
    return settings.KITH_SITE_URL + path


def confirm_url(subscription: ReplySubscription) -> str:
    token = make_token(subscription, salt=CONFIRM_SALT)
    return absolute(reverse("comments:notify-confirm", args=[token]))


def unsubscribe_urls(subscription: ReplySubscription) -> tuple[str, str]:
    """The page with the two buttons, and the RFC 8058 one-click address."""
    token = make_token(subscription, salt=UNSUBSCRIBE_SALT)
    return (
        absolute(reverse("comments:notify-stop", args=[token])),
        absolute(reverse("comments:notify-one-click", args=[token])),
    )


# --- Subscribing and stopping ---
def subscribe_to_replies(*, comment: Comment, email: str, email_hash: str) -> ReplySubscription:
    """Follows the thread of ``comment`` for ``email``; the first request for an address waits
    for its confirmation link, a confirmed address is followed at once."""
    thread_id = comment.parent_id or comment.pk
    with transaction.atomic():
        subscription, created = ReplySubscription.objects.get_or_create(
            thread_id=thread_id, email_hash=email_hash, defaults={"email": email}
        )
        if subscription.is_confirmed():
            return subscription
        if ReplySubscription.objects.confirmed().filter(email_hash=email_hash).exists():
            subscription.confirm()
            return subscription
        if created:
            notification = ReplyNotification.objects.create(
                subscription=subscription, kind=NotificationKind.CONFIRMATION
            )
            schedule(notification)
    return subscription


def stop(subscription: ReplySubscription, *, everything: bool) -> int:
    """Deletes this subscription, or every one of its address; returns how many."""
    if everything:
        found = ReplySubscription.objects.filter(email_hash=subscription.email_hash)
    else:
        found = ReplySubscription.objects.filter(pk=subscription.pk)
    return found.delete()[1].get(ReplySubscription._meta.label, 0)


# --- An approved reply is news ---
def queue_reply_notifications(reply: Comment) -> None:
    """Adds ``reply`` to the waiting e-mail of each subscriber of its thread, or starts one,
    sent now or when the hour since the last e-mail is over."""
    with transaction.atomic():
        subscribers = ReplySubscription.objects.for_reply(reply).select_for_update()
        for subscription in subscribers:
            waiting = subscription.notifications.filter(kind=NotificationKind.REPLIES).unsent()
            notification = waiting.first()
            if notification is None:
                try:
                    with transaction.atomic():
                        notification = ReplyNotification.objects.create(
                            subscription=subscription,
                            kind=NotificationKind.REPLIES,
                            send_after=subscription.next_send_at(),
                        )
                except IntegrityError:  # another approval started it a moment ago
                    notification = waiting.get()
                else:
                    schedule(notification)
            notification.replies.add(reply)


def schedule(notification: ReplyNotification) -> None:
    """After the commit, hands the e-mail to the task backend: at once when it is due, at its
    time when the backend can wait (the database worker). With the immediate backend a
    waiting e-mail is sent by ``manage.py send_reply_notifications`` (see the README)."""
    from comments.tasks import deliver_notification  # the tasks module imports this one

    def enqueue() -> None:
        if notification.send_after <= timezone.now():
            deliver_notification.enqueue(notification.pk)
        elif deliver_notification.get_backend().supports_defer:
            deliver_notification.using(run_after=notification.send_after).enqueue(notification.pk)

    transaction.on_commit(enqueue)


# --- Sending ---
def deliver(notification_id: int) -> str:
    """Sends one notification if it is due; returns what happened (kept in the task result).

    The row is locked while it is sent, so that two workers never send it twice.
    """
    with transaction.atomic():
        notification = (
            ReplyNotification.objects.select_for_update()
            .select_related("subscription__thread__article")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status not in ("waiting", "retrying"):
            return "nothing to send"
        if notification.send_after > timezone.now():
            return "not due yet"
        message = build_message(notification)
        if message is None:
            notification.cancel()
            return "cancelled: no approved reply left"
        try:
            message.send(fail_silently=False)
        except Exception as error:  # any mail failure is recorded, never lost
            notification.record_failure(f"{type(error).__name__}: {error}")
            if notification.status == "retrying":
                schedule(notification)
            return f"failed (attempt {notification.attempts}): {notification.last_error}"
        notification.mark_sent()
        if notification.kind == NotificationKind.REPLIES:
            subscription = notification.subscription
            subscription.last_sent_at = notification.sent_at
            subscription.save(update_fields=["last_sent_at"])
    return "sent"


def deliver_due() -> int:
    """Sends every notification that is due (the command, and a backend that cannot wait)."""
    ids = list(ReplyNotification.objects.due().order_by("send_after").values_list("pk", flat=True))
    return sum(deliver(pk) == "sent" for pk in ids)


def build_message(notification: ReplyNotification) -> EmailMessage | None:
    """The e-mail, in the language of the article the conversation is on (the worker that
    sends it has no reader's request to take a language from)."""
    article = notification.subscription.thread.article
    with translation.override(site_language(article.language) or settings.LANGUAGE_CODE):
        return _build_message(notification)


def _build_message(notification: ReplyNotification) -> EmailMessage | None:
    subscription = notification.subscription
    article = subscription.thread.article
    if notification.kind == NotificationKind.CONFIRMATION:
        return EmailMessage(
            gettext("Please confirm: e-mails about replies on %(site)s")
            % {"site": settings.KITH_SITE_NAME},
            confirmation_text(article_title=article.title, link=confirm_url(subscription)),
            None,
            [subscription.email],
        )
    replies = list(notification.replies.approved().order_by("published_at", "pk"))
    if not replies:
        return None
    page, one_click = unsubscribe_urls(subscription)
    links = [absolute(reply.get_absolute_url()) for reply in replies]
    return EmailMessage(
        ngettext("New reply on “%(title)s”", "New replies on “%(title)s”", len(replies))
        % {"title": article.title},
        replies_text(article_title=article.title, links=links, stop_link=page),
        None,
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def confirmation_text(*, article_title: str, link: str) -> str:
    return gettext(
        "Someone asked %(site)s to send this address an e-mail when there are replies to a "
        "comment on “%(title)s”.\n\n"
        "If it was you, please confirm here:\n\n%(link)s\n\n"
        "If it was not you, ignore this e-mail: nothing more will be sent."
    ) % {"site": settings.KITH_SITE_NAME, "title": article_title, "link": link}


def replies_text(*, article_title: str, links: list[str], stop_link: str) -> str:
    count = len(links)
    said = ngettext(
        "Someone has replied in a conversation you follow on “%(title)s”.\n\n"
        "Read it here:\n\n%(links)s\n\n",
        "There are %(count)d new replies in a conversation you follow on “%(title)s”.\n\n"
        "Read them here:\n\n%(links)s\n\n",
        count,
    ) % {"count": count, "title": article_title, "links": "\n".join(links)}
    return said + gettext(
        "We do not put the replies in this e-mail, to keep what people share private.\n\n"
        "To stop these e-mails, for this conversation or for everything, use this link:\n\n"
        "%(link)s"
    ) % {"link": stop_link}
