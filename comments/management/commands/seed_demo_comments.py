"""Adds a few demo comments to published demo articles; running it again adds nothing new.

The texts are Kith's own, written for the demo. They show each state a moderator meets:
approved comments with titles, a reply, a pending comment and one held for risk.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.classify import HoldReason, risk_summary
from comments.models import Comment

DEMO_NOTE = "Demo content added by seed_demo_comments."

APPROVED = [
    (
        "Small steps helped",
        "Robin",
        "I started with a ten-minute walk after lunch, as the article suggests. Three weeks "
        "in, the afternoons feel less heavy. Nothing dramatic, but it adds up.",
    ),
    (
        "Talking to my sister",
        "",
        "Reading this made me call my sister for the first time in months. We talked about "
        "nothing much, and that was exactly what I needed.",
    ),
]
REPLY = (
    "Same here",
    "Jules",
    "The walks worked for me too. Rainy days are harder, so I keep a short stretching routine "
    "for those.",
)
PENDING = (
    "A question about sleep",
    "Priya",
    "Does anyone else find that worry gets louder at night? I would like to hear what helps.",
)
RISK = (
    "",
    "",
    "Some nights I feel like I want to end my life and I do not know who to tell.",
)


class Command(BaseCommand):
    help = "Adds a handful of demo comments to published articles (idempotent)."

    def handle(self, *args, **options) -> None:
        articles = list(Article.objects.published().newest_first()[:2])
        if not articles:
            self.stdout.write("No published articles yet: no demo comments added.")
            return
        created = 0
        with transaction.atomic():
            first = articles[0]
            approved = []
            for offset, (title, name, body) in enumerate(APPROVED):
                comment, new = self._comment(first, title, name, body, days_ago=6 - offset)
                if new:
                    comment.approve(note=DEMO_NOTE)
                approved.append(comment)
                created += new
            reply, new = self._comment(first, *REPLY, days_ago=3, parent=approved[0])
            if new:
                reply.approve(note=DEMO_NOTE)
            created += new
            target = articles[-1]
            created += self._comment(target, *PENDING, days_ago=1)[1]
            created += self._comment(target, *RISK, days_ago=0, reasons=[HoldReason.RISK])[1]
        self.stdout.write(
            f"Added {created} demo comment(s)." if created else "Demo comments already present."
        )

    @staticmethod
    def _comment(
        article: Article, title: str, name: str, body: str, *, days_ago: int,
        parent: Comment | None = None, reasons: list[str] | None = None,
    ) -> tuple[Comment, bool]:  # fmt: skip
        existing = Comment.objects.filter(article=article, body=body).first()
        if existing is not None:
            return existing, False
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            title=title,
            name=name,
            body=body,
            hold_reasons=",".join(reasons or []),
            risk_summary=risk_summary(body, title=title) if reasons else "",
            created_at=timezone.now() - timedelta(days=days_ago, hours=2),
            consent_at=timezone.now() - timedelta(days=days_ago, hours=2),
        )
        return comment, True
