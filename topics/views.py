"""Topic pages. A topic page composes article querysets; the topic models know no articles."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView

from articles.models import Article
from topics.models import Topic

ARTICLES_PER_SECTION = 6
SECTION_PAGE_SIZE = 20


class TopicListView(ListView):
    """All topics A–Z with their summaries."""

    template_name = "topics/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self) -> QuerySet[Topic]:
        return Topic.objects.alphabetical()


class TopicDetailView(DetailView):
    """A topic's introduction, then one section per article kind in Mental Help Net's order."""

    model = Topic
    context_object_name = "topic"

    def get_queryset(self) -> QuerySet[Topic]:
        return Topic.objects.select_related("parent")

    def get_object(self, queryset: QuerySet[Topic] | None = None) -> Topic:
        topic = super().get_object(queryset)
        topic.prefetch_page_relations()
        return topic

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(sections=self.sections(), **kwargs)

    def sections(self) -> list[dict[str, Any]]:
        published = Article.objects.published().filter(topics=self.object)
        counts = dict(
            published.order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        # One query for every section: the newest few of each kind, ranked in the database.
        newest = (
            published.for_listing()
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("kind"),
                    order_by=[F("published_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=ARTICLES_PER_SECTION)
            .order_by("-published_at", "-pk")
        )
        by_kind: dict[str, list[Article]] = {}
        for article in newest:
            by_kind.setdefault(article.kind, []).append(article)
        return [
            {
                "kind": kind,
                "label": label,
                "slug": Article.section_slug(kind),
                "articles": by_kind[kind],
                "count": counts.get(kind, len(by_kind[kind])),
            }
            for kind, label in Article.Kind.choices
            if by_kind.get(kind)
        ]


class TopicSectionView(ListView):
    """Every published article of one kind in a topic, paginated, e.g. its Questions and Answers."""

    template_name = "topics/topic_section.html"
    context_object_name = "articles"
    paginate_by = SECTION_PAGE_SIZE

    def get_queryset(self) -> QuerySet[Article]:
        self.topic = get_object_or_404(
            Topic.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        self.kind = Article.kind_for_section_slug(self.kwargs["section"])
        if self.kind is None:
            raise Http404(gettext("No such section."))
        return (
            Article.objects.published()
            .filter(topics=self.topic, kind=self.kind)
            .for_listing()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            topic=self.topic, section_label=Article.Kind(self.kind).label, **kwargs
        )
