from __future__ import annotations

from django import template
from django.db.models import Count, Q

from articles.models import Article, ArticleRevision, Helpline
from articles.workflow import DUE_SOON_DAYS

register = template.Library()


@register.inclusion_tag("admin/includes/editorial_counts.html", takes_context=True)
def editorial_counts(context: template.Context) -> dict:
    """The admin index's review counts, for users who may see articles (five small queries):
    articles overdue, due soon and in review, revisions of published articles waiting, and
    helplines overdue for verification."""
    user = context["request"].user
    if not (user.has_perm("articles.view_article") or user.has_perm("articles.change_article")):
        return {"show": False}
    return {
        "show": True,
        "overdue": Article.objects.review_overdue().count(),
        "due_soon": Article.objects.review_due_within(DUE_SOON_DAYS).count(),
        "in_review": Article.objects.filter(status=Article.Status.IN_REVIEW).count(),
        "days": DUE_SOON_DAYS,
        **ArticleRevision.objects.open().aggregate(
            revisions_submitted=Count("pk", filter=Q(state=ArticleRevision.State.SUBMITTED)),
            revision_drafts=Count("pk", filter=Q(state=ArticleRevision.State.DRAFT)),
        ),
        "helplines_overdue": Helpline.objects.verification_overdue().count(),
    }
