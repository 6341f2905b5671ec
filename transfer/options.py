"""The import command's options, as the writers see them."""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import ClinicalReviewer
from topics.models import Topic


@dataclass
class ImportOptions:
    """The command's options; ``None`` means “not given”, so a Kith export keeps its own."""

    status: str | None = None
    comments: str | None = None
    topic: Topic | None = None
    # --reviewed-by: the clinician (and their account) vouching for articles published unreviewed.
    reviewer: ClinicalReviewer | None = None
