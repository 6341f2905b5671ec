from __future__ import annotations

import html
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.forms import SearchForm
from articles.languages import default_version
from articles.models import Article, Author
from articles.page_queries import (
    load_page_relations,
    page_article,
    published_sections,
    related_articles,
)
from articles.search import (
    MAX_QUERY_LENGTH,
    SearchResults,
    highlight_results,
    normalise_query,
    search_articles,
)
from kith.reversing import remembered_reverse
from topics.models import Topic

LATEST_ON_HOME = 8
# The home page's topic index stays short however many topics there are (2 000 subjects and
# sub-topics made it 190 ms and a very long page): the first subjects in the editors' order,
# each with its first few sub-topics and a link to the rest; /topics/ lists them all.
SUBJECTS_ON_HOME = 24
SUBTOPICS_PER_SUBJECT = 4
PAGE_SIZE = 20


def keyword_url(tag: Tag) -> str:
    """The keyword's page, or "" when its slug cannot be an address.

    taggit keeps non-ASCII letters in slugs ("ängste") and leaves "!!!" with an empty one; the
    ``slug`` URL pattern takes neither, and one odd keyword must not turn the article into a 500.
    """
    try:
        return remembered_reverse("articles:tag", slug=tag.slug)
    except NoReverseMatch:
        return ""


class PublishedArticleMixin:
    """Readers see published articles; editors who may change articles also see drafts."""

    request: Any

    def get_queryset(self) -> QuerySet[Article]:
        articles = Article.objects.for_page()
        if self.request.user.has_perm("articles.change_article"):
            return articles
        return articles.published()


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            latest_articles=list(
                Article.objects.published().for_listing().newest_first()[:LATEST_ON_HOME]
            ),
            subjects=self.subjects(),
            **kwargs,
        )

    @staticmethod
    def subjects() -> list[Topic]:
        """Two queries: the subjects with their number of sub-topics, then their first few."""
        first_few = Topic.objects.order_by("display_order", "name")[:SUBTOPICS_PER_SUBJECT]
        subjects = list(
            Topic.objects.top_level()
            .annotate(subtopic_count=Count("subtopics"))
            .order_by("display_order", "name")  # Meta.ordering does not survive GROUP BY
            .prefetch_related(Prefetch("subtopics", queryset=first_few, to_attr="first_subtopics"))[
                :SUBJECTS_ON_HOME
            ]
        )
        for subject in subjects:
            subject.more_subtopics = max(0, subject.subtopic_count - SUBTOPICS_PER_SUBJECT)
        return subjects


class ArticleDetailView(PublishedArticleMixin, DetailView):
    model = Article
    context_object_name = "article"

    def get_object(self, queryset: QuerySet[Article] | None = None) -> Article:
        # What ``get_queryset()`` selects, read by hand (one query, as the ORM's).
        editor = self.request.user.has_perm("articles.change_article")
        article = page_article(self.kwargs["slug"], published_only=not editor)
        if article is None:
            raise Http404("No article found matching the query")
        load_page_relations(article)
        return article

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = self.object
        translations = article.published_translations()
        return super().get_context_data(
            translations=translations,
            x_default=default_version([article, *translations]),
            related_articles=related_articles(article),
            topic_sections=published_sections(article.primary_topic),
            keywords=[(tag, keyword_url(tag)) for tag in article.tags.all()],
            is_preview=not article.is_published(),
            **kwargs,
        )

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
        # An author credited only on drafts, articles in review or archived ones has no page.
        self.author = get_object_or_404(
            Author.objects.with_published_work(), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.published()
            .filter(article_authors__author=self.author)
            .for_listing()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class ArchiveView(ListView):
    """Every published article, newest first, a page at a time: "All articles" from home."""

    template_name = "articles/archive.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().for_listing().newest_first()


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
    """Full-text search over published articles, best match first (see ``articles/search/``).

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
            language = self.form.cleaned_data["lang"]
            return search_articles(articles, self.terms, language=language)
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
        topics took 70 ms, more than the search itself."""
        options = "".join(
            f'<option value="{html.escape(slug)}">{html.escape(name)}</option>'
            for slug, name in Topic.objects.alphabetical().values_list("slug", "name")
        )
        if selected:
            chosen = f'<option value="{html.escape(selected)}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        return mark_safe(options)  # every value was escaped above
