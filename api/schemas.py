"""What the API shows: an explicit allow-list of fields for each resource.

Every field a response carries is named here; nothing is dumped from a model wholesale, so a
column added to a model (an e-mail, a hash, a moderator's note) never reaches the API unless
someone lists it here on purpose. tests/test_api_privacy.py walks every response to check.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    error: str = Field(description="What went wrong, in plain words.")
    details: list[str] = Field(
        default_factory=list, description="One line per invalid parameter, when there are some."
    )


class TopicRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The topic's page on this site (absolute URL).")
    api_url: str


class TagRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The keyword's page on this site (absolute URL).")


class AuthorRef(Schema):
    slug: str
    name: str
    credentials: str = Field(description="Degrees and licences, e.g. “Ph.D.”; may be empty.")
    display_name: str = Field(description="The name with credentials, as bylines show it.")
    url: str
    api_url: str


class Author(AuthorRef):
    bio_html: str = Field(description="The biography as sanitised HTML.")
    photo_url: str


class Reviewer(Schema):
    name: str
    credentials: str
    display_name: str
    author_url: str | None = Field(description="The reviewer's author page, when they have one.")


class ClinicalReview(Schema):
    reviewed_by: Reviewer | None
    last_reviewed: date | None = Field(description="“Page last reviewed” as the page shows it.")
    next_review_due: date | None
    review_overdue: bool


class Reference(Schema):
    citation: str
    url: str
    doi: str
    link: str = Field(description="Where the reference points: the DOI resolver, else the URL.")
    accessed: date | None


class ArticleSummary(Schema):
    slug: str
    title: str
    kind: str = Field(description="The topic-page section: basic, more, news, qa, blog, …")
    kind_label: str
    language: str = Field(
        description="The language the article is written in: an ISO 639 code (“en”, “es”), "
        "optionally with a region (“en-gb”)."
    )
    summary: str
    primary_topic: TopicRef
    published_at: datetime
    content_updated_at: datetime | None = Field(
        description="Shown to readers as “Updated:”; set for meaningful updates only."
    )
    url: str = Field(description="The canonical address of the article page.")
    api_url: str


class Article(ArticleSummary):
    content_note: str
    about_suicide: bool = Field(
        description="About suicide or self-harm: show helplines before the text as well."
    )
    question: str = Field(description="For Questions and Answers: the reader's question.")
    body_html: str = Field(description="The article (the answer, for a Q&A) as sanitised HTML.")
    pull_quote: str
    external_url: str = Field(description="For Videos and Links: the resource's address.")
    key_points: list[str]
    reading_time_minutes: int
    references: list[Reference]
    authors: list[AuthorRef]
    topics: list[TopicRef]
    tags: list[TagRef]
    clinical_review: ClinicalReview
    comments_open: bool
    comments_api_url: str


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )
    next: str | None = Field(description="The next page's full address, or null.")


class AuthorPage(Schema):
    items: list[Author]
    next_cursor: str | None
    next: str | None


class Section(Schema):
    kind: str
    label: str
    article_count: int
    url: str = Field(description="The section's page on this site.")
    api_url: str = Field(description="This topic's articles of this kind.")


class TopicNode(TopicRef):
    summary: str
    children: list[TopicNode]


class Topic(TopicRef):
    summary: str
    introduction_html: str
    parent: TopicRef | None
    subtopics: list[TopicRef]
    related: list[TopicRef]
    sections: list[Section]
    articles_api_url: str


class Helpline(Schema):
    name: str
    description: str = Field(description="Who it is for and what it offers.")
    hours: str
    languages: list[str] = Field(description='Language codes it answers in, e.g. ["en"].')
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes of where it answers.")
    phone: str = Field(description="The number to call, as written in its country.")
    phone_href: str | None = Field(description="A `tel:` link, or null.")
    text_number: str
    text_keyword: str = Field(description="The word to send, where the service asks for one.")
    text_href: str | None = Field(description="An `sms:` link with the keyword as body, or null.")
    chat_url: str
    url: str
    source_url: str = Field(description="Where these details were checked.")
    last_verified: date | None


class Reply(Schema):
    id: int
    title: str
    name: str = Field(description="The commenter's display name (“Anonymous” when blank).")
    posted_at: datetime
    body_html: str
    edited_by_moderator: bool
    removed: bool = Field(description="True for a removed comment kept for its replies.")


class Comment(Reply):
    replies: list[Reply]


class CommentPage(Schema):
    items: list[Comment]
    next_cursor: str | None
    next: str | None
