"""Lines of a captured page → Markdown blocks; telling the article from the site around it.

The rules are generic — what site furniture looks like on most sites (search boxes, "Follow
us", certification badges, disclaimers, teasers of other articles) — and each is a pattern in
one list below, so a new site's furniture is one line to add.
"""

from __future__ import annotations

import re

from kith.markup import plain_text, render_markdown

# A line that is site furniture, never article text.
FURNITURE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^find (?:a|your) (?:therapist|counsell?or|psychologist)\b",
        r"\btherapist\s+search\b",
        r"\badvanced search\b",
        r"^\(?\s*usa?\s*/\s*can\b",
        r"^follow us\b",
        r"^find us on\b",
        r"^like us on\b",
        r"^(?:share|tweet|pin|e-?mail|print)(?: this)?(?: article| page| story)?\s*[:!]?$",
        r"\bcertified by\b",
        r"\bhoncode\b",
        r"^verify here\b",
        r"^powered by\b",
        r"^advert(?:isement)?s?$",
        r"^sponsored\b",
        r"^(?:sign up|subscribe)\b",
        r"^discuss this\b",
        r"^(?:back to top|skip to (?:main )?content|menu|search|home|log ?in|sign in)$",
        r"^(?:previous|next) (?:article|post)\b",
        r"\bcookies?\b.*\b(?:accept|consent)\b",
        r"^(?:copyright\s*)?©",
        r"^all rights reserved\b",
    )
]
# A line after which the article is over: disclaimers and lists of other articles follow.
END_OF_ARTICLE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bdoes not (?:provide|give|offer) (?:medical|professional) advice\b",
        r"\b(?:is )?not (?:a substitute|intended to replace|meant to replace)\b",
        r"^(?:medical )?disclaimer\b",
        r"^(?:related|recommended|popular|more) (?:articles|posts|reading|stories)\b",
        r"^you (?:may|might) also (?:like|enjoy)\b",
    )
]
# A call to action alone on its line ends an advert box: the box is that line and the pitch
# just above it.
CALL_TO_ACTION = re.compile(
    r"^(?:find (?:a|your) (?:therapist|counsell?or)|book (?:a|an|your) (?:session|appointment)"
    r"|get started|start (?:your )?(?:free )?trial|learn more|sign up now)\s*[:!.]?$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□–—*+-])\s+(?P<text>.+)$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>.+)$")
HEADING_MAX_WORDS = 12


def is_furniture(line: str) -> bool:
    # Furniture is a short line; the length check also keeps each regex's cost bounded.
    return len(line) <= 300 and any(pattern.search(line) for pattern in FURNITURE)


def ends_article(line: str) -> bool:
    return len(line) <= 500 and any(pattern.search(line) for pattern in END_OF_ARTICLE)


def normalise(line: str) -> str:
    """One captured line: no-break spaces and control characters out, ends trimmed."""
    line = line.replace("\xa0", " ").replace("\u200b", "").replace("\x00", "")
    return re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", line).rstrip()


def drop_adverts(lines: list[str]) -> list[str]:
    """Removes furniture lines, and each call to action together with its pitch above it."""
    kept: list[str] = []
    for line in lines:
        text = line.strip()
        if CALL_TO_ACTION.match(text):
            while kept and not kept[-1].strip():
                kept.pop()
            if kept and len(kept[-1]) <= 300 and not BULLET.match(kept[-1]):
                kept.pop()
            continue
        if text and is_furniture(text):
            continue
        kept.append(line)
    return kept


def to_markdown(lines: list[str]) -> str:
    """Captured lines → Markdown: bullets become ``-`` lists, short title-like lines headings."""
    blocks: list[tuple[str, list[str]]] = []  # (kind, parts): parts joined once, at the end
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            blocks.append(("blank", []))
            continue
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet:
            blocks.append(("bullet", [bullet["text"]]))
        elif numbered and numbered["text"][:1].isupper():
            blocks.append(("numbered", [f"{numbered['number']}. {numbered['text']}"]))
        elif blocks and blocks[-1][0] == "para" and line[:1].islower():
            blocks[-1][1].append(line)  # a hard-wrapped line continues the paragraph
        else:
            blocks.append(("para", [line]))
    content = [(kind, " ".join(parts)) for kind, parts in blocks if kind != "blank"]
    out: list[str] = []
    for index, (kind, text) in enumerate(content):
        following = content[index + 1] if index + 1 < len(content) else None
        if kind == "para" and _is_heading(text, following):
            kind, text = "heading", text
        previous = out[-1] if out else None
        if kind in {"bullet", "numbered"}:
            item = f"- {escape_inline(text)}" if kind == "bullet" else text
            if previous is not None and not previous.startswith(("- ", "1", "2", "3", "4")):
                out.append("")
            out.append(item)
            continue
        if out:
            out.append("")
        out.append(f"## {text}" if kind == "heading" else escape_block(text))
    return "\n".join(out).strip()


def _is_heading(text: str, following: tuple[str, str] | None) -> bool:
    words = text.split()
    return (
        following is not None
        and following[0] in {"para", "bullet", "numbered"}
        and len(words) <= HEADING_MAX_WORDS
        and len(text) <= 120
        and text[:1].isupper()
        and not re.search(r"[.,;:!…\"”'’)]$", text)
    )


def escape_block(text: str) -> str:
    """Plain text that must not turn into Markdown structure (a heading, quote or list)."""
    text = escape_inline(text)
    if re.match(r"^(?:#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|={3,}|-{3,}|`{3,}|~{3,})", text):
        return "\\" + text
    return text


def escape_inline(text: str) -> str:
    # Backslash-escape what Markdown would read as emphasis, links or code in captured prose.
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def markdown_plain_text(markdown: str) -> str:
    return plain_text(render_markdown(markdown))


def first_paragraph(markdown: str) -> str:
    """The text of the first paragraph (its start: enough for a summary)."""
    for block in markdown.split("\n\n", 50):
        if block and not block.startswith(("#", "- ")):
            return markdown_plain_text(block[:3000])
    return markdown_plain_text(markdown[:3000])
