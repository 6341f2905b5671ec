"""Thin views: validate, call the moderation module or a model method, redirect (POST/redirect/GET).

What the confirmation page needs travels in the session, never in the URL, so that the deletion
link is shown once and never lands in a log or a browser history.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article
from comments import moderation, notifications
from comments.forms import CommentForm, ReportForm
from comments.language import panel_language
from comments.models import Comment
from kith.same_origin import refused_response, require_same_origin

POSTED_SESSION_KEY = "comments.posted"
RECEIVED_COOKIE = "kith_comment_received"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _too_many(request: HttpRequest, refused: moderation.Refused) -> HttpResponse:
    response = render(request, "429.html", {"message": refused.message}, status=429)
    response.headers["Retry-After"] = str(settings.KITH_COMMENTS_FLOOD_SECONDS)
    return response


def _form_page(
    request: HttpRequest, *, article: Article, form: CommentForm | None, status: int = 200,
    parent: Comment | None = None, closed: str = "", at_risk: bool = False, refusal: str = "",
) -> HttpResponse:  # fmt: skip
    """The comment form page; when ``at_risk``, led by the crisis panel with ``refusal`` under
    the helplines (the post was not sent, the reader's words stay in the form)."""
    context = {
        "article": article, "form": form, "parent": parent, "closed_message": closed,
        "at_risk": at_risk, "refusal": refusal, "panel_language": _panel_language(request, article),
    }  # fmt: skip
    response = render(request, "comments/comment_form.html", context, status=status)
    if status == 429:
        response.headers["Retry-After"] = str(settings.KITH_COMMENTS_FLOOD_SECONDS)
    return response


def _panel_language(request: HttpRequest, article: Article) -> str:
    """The crisis panel speaks the comment's language, else the article's, else the page's."""
    text = f"{request.POST.get('title', '')}\n{request.POST.get('body', '')}"
    return panel_language(
        text=text, article_language=article.language,
        interface_language=translation.get_language(),
    )  # fmt: skip


def _screen(request: HttpRequest) -> bool:
    return moderation.screen_submission(
        title=request.POST.get("title", ""), body=request.POST.get("body", "")
    )


def _origin_refused(request: HttpRequest, slug: str) -> HttpResponse:
    """A post the origin check refused: the generic page, or the helplines first when at risk."""
    article = Article.objects.published().filter(slug=slug).first()
    if article is None or not _screen(request):
        return refused_response(request)
    return _form_page(
        request, article=article, form=None, at_risk=True, refusal=moderation.NOT_SENT_ORIGIN,
        status=403,
    )  # fmt: skip


# The comment form is on whole-page-cached article pages, so it carries no CSRF token: the views
# that take a reader's form check the request's origin instead (see kith/same_origin.py).
@require_same_origin(refused=_origin_refused)
@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    # Screened before any rule may refuse it: a writer at risk sees the helplines, whatever else.
    at_risk = _screen(request)
    form = CommentForm(request.POST, article=article)
    closed = moderation.closed_message(article)
    if closed:
        refusal = ""
        if at_risk:  # lazy: read out in the crisis panel's language
            refusal = format_lazy(_("{closed} Your comment was not sent."), closed=closed)
        return _form_page(
            request, article=article, form=None, closed=closed, status=403, at_risk=at_risk,
            refusal=refusal,
        )  # fmt: skip
    page = {"request": request, "article": article, "form": form, "at_risk": at_risk}
    try:
        moderation.check_honeypot(request.POST.get(moderation.HONEYPOT_FIELD, ""))
    except moderation.Discarded:
        if not at_risk:
            request.session[POSTED_SESSION_KEY] = {"article_id": article.pk, "status": "pending"}
            return redirect("comments:posted")
        return _form_page(**page, status=400, refusal=moderation.NOT_SENT_DISCARDED)
    if not form.is_valid():
        return _form_page(**page, status=400, refusal=moderation.NOT_SENT_FORM_ERRORS)
    data = form.cleaned_data
    try:
        submission = moderation.submit_screened_comment(
            at_risk=at_risk,
            article=article,
            commenter=moderation.client_key(request),
            title=data["title"],
            name=data["name"],
            email=data["email"],
            body=data["body"],
            parent=data["parent"],
            site_url=_site_url(request),
        )
    except moderation.Refused as refused:
        if at_risk:
            refusal = moderation.not_sent_line(refused)
            return _form_page(**page, status=refused.status, refusal=refusal)
        if refused.status == 429:
            return _too_many(request, refused)
        form.add_error(None, refused.message)
        return _form_page(**page, status=400)
    comment = submission.comment
    # The helplines lead the page for a comment that speaks of suicide or self-harm, urgent or not.
    language = _panel_language(request, article) if comment.speaks_of_risk else ""
    notify = data["notify_replies"] and comment.status != Comment.Status.SPAM
    if notify:
        subscription = notifications.subscribe_to_replies(
            comment=comment, email=data["email"], email_hash=comment.email_hash
        )
    request.session[POSTED_SESSION_KEY] = {
        "article_id": article.pk,
        "comment_id": comment.pk,
        "status": comment.status,
        "show_helplines": comment.speaks_of_risk,
        "panel_language": language,
        # The line under the helplines, in the panel's language (the session keeps text only).
        "kept_line": _in_language(language, submission.kept_line),
        "deletion_url": comment.get_deletion_url(submission.token),
        "emailed": bool(comment.email),
        "notify": ("on" if subscription.is_confirmed() else "confirm") if notify else "",
    }
    response = redirect("comments:posted")
    # A second, smaller record of the same fact: if the session cannot be read back (its store
    # unreachable, the cookie refused), the confirmation page still says the comment arrived.
    response.set_signed_cookie(
        RECEIVED_COOKIE, str(comment.pk), salt=RECEIVED_COOKIE, max_age=600,
        path=reverse("comments:posted"), secure=settings.SESSION_COOKIE_SECURE, httponly=True,
        samesite="Lax",
    )  # fmt: skip
    return response


def _in_language(language: str, text: object) -> str:
    if not language:
        return str(text)
    with translation.override(language):
        return str(text)


@require_safe
def posted(request: HttpRequest) -> HttpResponse:
    """The confirmation page; shown once, because the deletion link must not be shown again."""
    # A HEAD (a link checker, a prefetch) must not use up the one showing of the deletion link.
    read = request.session.get if request.method == "HEAD" else request.session.pop
    outcome = read(POSTED_SESSION_KEY, None) or _received_without_session(request)
    if not outcome:
        return redirect("articles:home")
    article = Article.objects.published().filter(pk=outcome["article_id"]).first()
    context = {
        "outcome": outcome, "article": article,
        "panel_language": outcome.get("panel_language") or translation.get_language(),
    }  # fmt: skip
    response = render(request, "comments/posted.html", context)
    if RECEIVED_COOKIE in request.COOKIES and request.method != "HEAD":
        response.delete_cookie(RECEIVED_COOKIE, path=reverse("comments:posted"))
    return response


def _received_without_session(request: HttpRequest) -> dict | None:
    """The outcome told by the signed cookie alone: the comment was stored (no deletion link,
    which only the session carries)."""
    pk = request.get_signed_cookie(RECEIVED_COOKIE, default=None, salt=RECEIVED_COOKIE, max_age=600)
    if not pk or not pk.isdigit():
        return None
    comment = Comment.objects.filter(pk=int(pk)).only("article_id", "status").first()
    if comment is None:
        return None
    return {"article_id": comment.article_id, "comment_id": comment.pk, "status": comment.status}


@require_safe
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A page to answer one comment: works without JavaScript and keeps the article page light."""
    parent = get_object_or_404(
        Comment.objects.approved().filter(article__in=Article.objects.published()), pk=pk
    )
    if parent.parent_id:
        return redirect("comments:reply", pk=parent.parent_id)
    article = parent.article
    closed = moderation.closed_message(article)
    form = None if closed else CommentForm(article=article, initial={"parent": parent.pk})
    return _form_page(request, article=article, form=form, parent=parent, closed=closed)


@require_same_origin
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A page to report one comment, like the reply page: the article page carries only a link.
    GET shows the reasons; POST records the report and says so on the same page."""
    comment = get_object_or_404(
        Comment.objects.approved()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    if request.method != "POST":
        return _report_page(request, comment=comment, form=ReportForm())
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, comment=comment, form=form, status=400)
    try:
        moderation.report_comment(
            comment=comment,
            reason=form.cleaned_data["reason"],
            reporter=moderation.client_key(request),
            site_url=_site_url(request),
        )
    except moderation.Refused as refused:
        return _too_many(request, refused)
    return _report_page(request, comment=comment, form=None)


def _report_page(
    request: HttpRequest, *, comment: Comment, form: ReportForm | None, status: int = 200
) -> HttpResponse:
    """``form`` None: the report was recorded."""
    context = {"comment": comment, "article": comment.article, "form": form}
    return render(request, "comments/comment_report.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The commenter's private link: GET asks to confirm, POST erases the comment for good."""
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None or not comment.deletion_token_matches(token):
        raise Http404("No comment matches this link.")
    if request.method == "POST":
        comment.erase()
        return redirect("comments:deleted")
    return render(request, "comments/comment_confirm_delete.html", {"comment": comment})


@require_safe
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "comments/comment_deleted.html")


# --- E-mail about replies: confirm, stop (no login: the signed link is the key) ---
_LINK_PROBLEMS = {
    "expired": _("This link has expired. The e-mails you receive carry a fresh one."),
    "invalid": _("This link is not valid. Please use the link exactly as it came in the e-mail."),
}


def _link_problem(request: HttpRequest, error: notifications.TokenError) -> HttpResponse:
    context = {"problem": _LINK_PROBLEMS[error.reason]}
    return render(request, "comments/notification_link.html", context, status=400)


def _subscription(token: str, *, salt: str, days: int):
    pk, key = notifications.read_token(token, salt=salt, max_age_days=days)
    return notifications.subscription_for(pk, key)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_notifications(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button, POST confirms: a mail scanner that opens links confirms nothing."""
    try:
        subscription = _subscription(
            token, salt=notifications.CONFIRM_SALT, days=settings.KITH_COMMENTS_CONFIRM_LINK_DAYS
        )
    except notifications.TokenError as error:
        return _link_problem(request, error)
    context = {"subscription": subscription, "action": "confirm"}
    if subscription is not None and request.method == "POST":
        subscription.confirm()
        context["done"] = "confirmed"
    return render(request, "comments/notification_link.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_notifications(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe page: stop this conversation, or everything to this address."""
    try:
        subscription = _subscription(
            token,
            salt=notifications.UNSUBSCRIBE_SALT,
            days=settings.KITH_COMMENTS_UNSUBSCRIBE_LINK_DAYS,
        )
    except notifications.TokenError as error:
        return _link_problem(request, error)
    context = {"subscription": subscription, "action": "stop"}
    if subscription is not None and request.method == "POST":
        everything = request.POST.get("scope") == "all"
        notifications.stop(subscription, everything=everything)
        context.update(subscription=None, done="stopped-all" if everything else "stopped")
    return render(request, "comments/notification_link.html", context)


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF
# token; the signed token in the address is the proof. Answering twice is harmless.
@csrf_exempt
@never_cache
@require_POST
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = _subscription(
            token,
            salt=notifications.UNSUBSCRIBE_SALT,
            days=settings.KITH_COMMENTS_UNSUBSCRIBE_LINK_DAYS,
        )
    except notifications.TokenError as error:
        return HttpResponse(_LINK_PROBLEMS[error.reason], status=400, content_type="text/plain")
    if subscription is not None:
        notifications.stop(subscription, everything=False)
    return HttpResponse(
        _("You will get no more e-mails about replies in this conversation."),
        content_type="text/plain; charset=utf-8",
    )
