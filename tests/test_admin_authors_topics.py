from __future__ import annotations

from django.urls import reverse

from tests.test_admin_articles import AdminArticleTestCase


class AuthorAndTopicAdminTests(AdminArticleTestCase):
    def test_author_and_topic_pages_open_and_view_on_site(self):
        """The author and topic admin pages load and link to the public pages."""
        author_page = self.client.get(
            reverse("admin:articles_author_change", args=[self.author.pk])
        ).content.decode()
        assert "Ada Reviewer, PsyD" in author_page
        assert 'href="/authors/ada-reviewer/"' in author_page
        topic_page = self.client.get(
            reverse("admin:topics_topic_change", args=[self.topic.pk])
        ).content.decode()
        assert 'href="/topics/sleep/"' in topic_page

    def test_topic_cannot_be_related_to_itself(self):
        """A topic listed among its own related topics is refused."""
        response = self.client.post(
            reverse("admin:topics_topic_change", args=[self.topic.pk]),
            {
                "name": "Sleep",
                "slug": "sleep",
                "summary": "About sleep.",
                "introduction": "",
                "parent": "",
                "related": [str(self.topic.pk)],
                "display_order": "0",
            },
        )
        assert response.context["adminform"].form.errors["related"] == [
            "A topic cannot be related to itself."
        ]
        assert not self.topic.related.exists()
