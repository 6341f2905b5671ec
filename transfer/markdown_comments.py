"""Reader comments kept in a Markdown page (a static blog's “## Comments” section).

Everything under a heading such as “Comments”, “Reader comments” or “Responses” is the
readers', never the article's: it is cut from the body and each entry becomes a comment for
the moderation queue. Entries are separated by rules (``---``) or start with a bold name line:
``**Name** on Aug. 22, 2004 12:13 PM — *Title*`` (the name may be a link, the title optional).
"""

from __future__ import annotations

import re

from transfer.page_metadata import parse_page_date
from transfer.records import CommentRecord, fit, one_line

HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:reader\s+|user\s+|\d+\s+)?(?:comments?|responses|replies|discussion)"
    r"(?:\s*\(\d+\))?\s*:?\s*#*\s*$",
    re.IGNORECASE,
)
SETEXT = re.compile(r"^(?:=+|-+)\s*$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
HEADER = re.compile(
    r"^\*\*(?P<name>.+?)\*\*\s*(?:(?:on|said on|wrote on|[-–—·|,])\s*(?P<date>[^—–*]+?))?"
    r"\s*(?:[—–-]\s*\*(?P<title>.+?)\*)?\s*$"
)
NONE = re.compile(r"^(?:none|no comments(?: yet)?\.?|\(none\))$", re.IGNORECASE)
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def split(body: str) -> tuple[str, list[CommentRecord]]:
    """The article text above the comments heading, and the comments below it."""
    lines = body.split("\n")
    in_code = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        text = line.strip()
        setext = index + 1 < len(lines) and SETEXT.match(lines[index + 1].strip() or "x")
        atx = text.startswith("#") and HEADING.match(text)
        if atx or (setext and HEADING.match(text) and lines[index + 1].strip().startswith("=")):
            return "\n".join(lines[:index]).rstrip(), _comments(lines[index + 1 :])
    return body, []


def parse(lines: list[str]) -> list[CommentRecord]:
    """The comments in the lines under a comments heading."""
    return _comments(lines)


def _comments(lines: list[str]) -> list[CommentRecord]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if RULE.match(line) or (HEADER.match(line.strip()) and any(x.strip() for x in blocks[-1])):
            blocks.append([] if RULE.match(line) else [line])
        else:
            blocks[-1].append(line)
    warnings: list[str] = []
    records = []
    for block in blocks:
        text = [line.rstrip() for line in block]
        while text and not text[0].strip():
            text.pop(0)
        if not text or (len([t for t in text if t.strip()]) == 1 and NONE.match(text[0].strip())):
            continue
        header = HEADER.match(text[0].strip())
        name = title = ""
        created = None
        if header:
            name = one_line(MD_LINK.sub(r"\1", header["name"]))
            created = parse_page_date(header["date"]) if header["date"] else None
            title = one_line(header["title"] or "")
            text = text[1:]
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(text))]
        body = "\n\n".join(p for p in paragraphs if p)
        if body:
            records.append(CommentRecord(
                body=fit(body, "comment_body", warnings, what="A comment"),
                title=fit(title, "comment_title", warnings, what="A comment title"),
                name=fit(name, "comment_name", warnings, what="A commenter's name"),
                created_at=created,
            ))  # fmt: skip
    return records
