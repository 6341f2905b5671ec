from __future__ import annotations

import html
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.forms import SearchForm
from articles.models import Article, Author
from articles.search import (
    MAX_QUERY_LENGTH,
    SearchResults,
    highlight_results,
    normalise_query,
    search_articles,
)
from kith.page_cache import remember
from topics.models import Topic

LATEST_ON_HOME = 8
PAGE_SIZE = 20


def keyword_url(tag: Tag) -> str:
    """The keyword's page, or "" when its slug cannot be an address.

    taggit keeps non-ASCII letters in slugs ("ängste") and leaves "!!!" with an empty one; the
    ``slug`` URL pattern takes neither, and one odd keyword must not turn the article into a 500.
    """
    try:
        return reverse("articles:tag", kwargs={"slug": tag.slug})
    except NoReverseMatch:
        return ""


class PublishedArticleMixin:
    """Readers see published articles; editors who may change articles also see drafts."""

    request: Any

    def get_queryset(self) -> QuerySet[Article]:
        articles = Article.objects.for_detail()
        if self.request.user.has_perm("articles.change_article"):
            return articles
        return articles.published()


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = (
            Article.objects.published().for_listing().newest_first()[:LATEST_ON_HOME]
        )
        context["subjects"] = Topic.objects.top_level().prefetch_related("subtopics")
        return context


class ArticleDetailView(PublishedArticleMixin, DetailView):
    model = Article
    context_object_name = "article"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        article = self.object
        # The most expensive read on the page, shared by every reader until content changes.
        context["related_articles"] = remember(
            f"related:{article.pk}",
            lambda: list(Article.objects.published().related_to(article)),
        )
        context["keywords"] = [(tag, keyword_url(tag)) for tag in article.tags.all()]
        context["is_preview"] = not article.is_published()
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            # A preview is for the editor only: never cached, never indexed.
            response.headers["Cache-Control"] = "private, no-store"
            response.headers["X-Robots-Tag"] = "noindex"
        return response


class AuthorDetailView(ListView):
    """An author's biography and their published articles, newest first."""

    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Article]:
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return (
            Article.objects.published()
            .filter(article_authors__author=self.author)
            .for_listing()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class TagDetailView(ListView):
    """Published articles that carry one keyword; a keyword with none answers 404."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = False

    def get_queryset(self) -> QuerySet[Article]:
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return (
            Article.objects.published()
            .filter(tagged_items__tag=self.tag)
            .for_listing()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(tag=self.tag, **kwargs)


class SearchView(ListView):
    """Full-text search over published articles, best match first (see ``articles/search.py``).

    At most ``RESULT_CAP`` results are paged through; with more, the page says "more than" and
    the last page asks for another word. A page number past the last is a 404, as in every list.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> SearchResults:
        self.form = SearchForm(self.request.GET or None)
        self.terms = self.form.terms()
        articles = Article.objects.published().for_listing()
        if self.terms:
            if topic := self.form.cleaned_data["topic"]:
                articles = articles.filter(topics=topic)
            if kind := self.form.cleaned_data["kind"]:
                articles = articles.filter(kind=kind)
        return search_articles(articles, self.terms)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        found = list(context["object_list"])
        highlight_results(found, self.terms)
        context.update(object_list=found, articles=found)
        query = normalise_query(self.request.GET.get("q", ""))
        return {
            **context,
            "form": self.form,
            "query": query[:MAX_QUERY_LENGTH],
            "more_than_cap": self.object_list.more_than_cap,
            "result_cap": self.object_list.cap,
            "topic_options": self.topic_options(self.request.GET.get("topic", "")),
        }

    @staticmethod
    def topic_options(selected: str) -> str:
        """The topic filter's ``<option>`` list, made in Python: a template loop over 2 000
        topics took 70 ms, more than the search itself. The list is shared until content
        changes (no query, no loop); only the chosen topic is marked per request."""
        options = remember(
            "search-topic-options",
            lambda: "".join(
                f'<option value="{html.escape(slug)}">{html.escape(name)}</option>'
                for slug, name in Topic.objects.alphabetical().values_list("slug", "name")
            ),
        )
        if selected:
            chosen = f'<option value="{html.escape(selected)}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        return mark_safe(options)  # every value was escaped above
