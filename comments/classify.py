"""Why a reader comment should wait for a moderator, decided by rule and without the database.

``classify`` returns the hold reasons that apply to a comment, in a fixed order; an empty list
means nothing here objects to publishing it. The moderation workflow decides what each reason
does (risk goes to the urgent queue, disallowed words to spam); this module only looks at text.

Every function accepts any text — empty, a megabyte, NUL bytes, lone surrogates, HTML — and
never raises. Every regex is linear: repetitions are bounded or start only at the beginning of
a run, so a hostile "a" * 100_000 + "!" costs one pass, not a hundred thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comments.risk import RiskAssessment, assess_risk, detect_risk, fold, safe_text
from comments.risk_model import weigh

__all__ = [
    "HoldReason",
    "WordLists",
    "assess_comment_risk",
    "classify",
    "count_links",
    "detect_risk",
    "find_personal_details",
    "match_words",
    "risk_summary",
    "speaks_of_risk",
]


class HoldReason(models.TextChoices):
    RISK = "risk", _("Risk: suicide or self-harm")
    # The rules found words of suicide or self-harm, the risk model did not find the comment
    # urgent: never published without a moderator, but in the ordinary queue.
    MENTIONS_RISK = "mentions_risk", _("Mentions suicide or self-harm")
    PERSONAL_DETAILS = "personal_details", _("Personal details")
    LINKS = "links", _("Links")
    MODERATION_WORDS = "moderation_words", _("Moderation word list")
    DISALLOWED_WORDS = "disallowed_words", _("Disallowed word list")  # means: straight to spam


@dataclass(frozen=True)
class WordLists:
    """The site's word lists, as WordPress has them: one to hold a comment, one to spam it."""

    moderation: tuple[str, ...] = ()
    disallowed: tuple[str, ...] = ()


# --- Links -----------------------------------------------------------------------------------

# Top-level domains that are also English words ("it", "me", "today") count only with a path,
# so a missing space after a full stop ("at work.today was long") is not taken for a link.
_TLDS = (
    "com|org|net|info|biz|io|co|xyz|app|dev|online|website|ly|gg|gl|tv|ru|cn|uk|de|fr|nl|es|au"
    "|ca|eu|ch|pl|br|jp|nz|ie|za|gov|edu|ai|cc|ws|ua|tk|ml|ga|cf|gq|pw|icu|vip|xxx|porn|casino"
)
_WORDLIKE_TLDS = (
    "me|so|it|in|us|be|is|at|no|my|am|do|go|la|to|sh|top|club|live|link|click|shop|store|site"
    "|win|bid|loan|sex|cam|dating|bet|pro|tech|news|blog|page|cloud|space|fun|life|world|today"
    "|email"
)
_LABEL = r"[a-z0-9][a-z0-9-]{0,62}"
_LINK = re.compile(
    r"(?<![\w@.\-/])(?:"
    r"https?://[^\s<>\"']{1,2048}"
    r"|www\.[^\s<>\"']{1,2048}"
    rf"|{_LABEL}(?:\.{_LABEL}){{0,4}}\.(?:{_TLDS})(?![\w-])(?:/[^\s<>\"']{{0,2048}})?"
    rf"|{_LABEL}(?:\.{_LABEL}){{0,4}}\.(?:{_WORDLIKE_TLDS})/[^\s<>\"']{{0,2048}}"
    rf"|{_LABEL} ?(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)| dot ) ?(?:com|org|net|io|info|co\.uk)\b"
    r")"
)


def count_links(text: str) -> int:
    """How many web addresses ``text`` holds: http(s)://, www. and bare domains with a known TLD."""
    return sum(1 for _ in _LINK.finditer(safe_text(text).lower()))


# --- Personal details ------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}(?:"
    r"@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}\b"
    # Spelt out to slip past filters: "jo [at] example [dot] com", "jo at gmail.com".
    r"|\s?(?:\[at\]|\(at\)|\{at\}| at )\s?[a-z0-9\-]{1,63}"
    r"\s?(?:\[dot\]|\(dot\)|\{dot\}| dot )\s?[a-z]{2,6}\b"
    r"|\s?(?:\[at\]|\(at\)|\{at\})\s?[a-z0-9\-]{1,63}\.[a-z]{2,6}\b"
    r"| at (?:gmail|googlemail|hotmail|yahoo|outlook|icloud|aol|proton|protonmail|live"
    r"|btinternet)\.[a-z]{2,6}\b"
    r")"
)
_AT_DOMAIN = re.compile(r"@[a-z0-9\-]{1,63}\.")
_PHONE = re.compile(
    r"(?<![\w+£$€¥.,/])(?:"
    r"\+\d{1,3}[ .\-]?(?:\(0\)[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]?\d{1,4}){1,5}"
    r"|0\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4}"
    r"|(?:1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}"
    r"|[2-9]\d{2}[2-9]\d{6}"
    r")(?![\d%])"
)
# Freephone and toll-free numbers belong to organisations — usually the helplines readers
# recommend to each other — so they are not a reader's personal details.
_ORGANISATION_NUMBER = re.compile(
    r"^(?:\+?44 ?(?:\(0\) ?)?|0)(?:800|808|500)|^(?:\+?1[ .\-]?)?\(?8(?:00|33|44|55|66|77|88)\b"
)
_STREET = re.compile(
    r"(?<![\w\-])\d{1,5}[a-z]?,? ((?:[a-z][a-z'.\-]{0,24} ){1,3})"
    r"(street|st|road|rd|avenue|ave|boulevard|blvd|highway|hwy|lane|ln|drive|close|crescent"
    r"|terrace|court|place|gardens|grove|square|mews|parade|way)\b",
    re.IGNORECASE,
)
# Suffixes that are also everyday words ("a 10 minute drive") count only when capitalised.
_PLAIN_WORD_SUFFIXES = frozenset(
    {"lane", "drive", "close", "crescent", "terrace", "court", "place", "gardens", "grove",
     "square", "mews", "parade", "way"}
)  # fmt: skip
_NOT_A_STREET_NAME = frozenset(
    {"the", "a", "an", "my", "your", "our", "his", "her", "their", "its", "this", "that", "down",
     "up", "along", "across", "to", "from", "of", "in", "on", "at", "by", "for", "and", "or",
     "with", "miles", "mile", "km", "kms", "metres", "meters", "minutes", "minute", "mins", "min",
     "hours", "hour", "blocks", "block", "doors", "door", "houses", "times", "years", "days",
     "weeks", "more", "other", "different", "way", "lanes", "yards", "feet", "steps", "percent",
     "is", "was", "are", "were", "i", "we", "you", "they", "he", "she", "it", "one", "two"}
)  # fmt: skip
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
# Names that are also words ("x", "line", "signal") count only after "add me on", "my … is".
_PLATFORMS = (
    "insta|instagram|ig|snap|snapchat|twitter|tiktok|fb|facebook|discord|telegram|whatsapp|kik"
    "|reddit|bluesky|tumblr|wechat|skype|twitch|youtube"
)
_ANY_PLATFORM = f"{_PLATFORMS}|sc|tt|threads|signal|x|line"
# Matched against lowercased text. The word-start test stands once in front of the phrase
# alternatives (see risk._at_word_start): checked per branch it made this the slowest scan.
_SOCIAL = re.compile(
    r"(?<![\w@.+\-])@([\w.]{1,30})"
    r"|(?<![\w/])u/[\w\-]{3,20}"
    r"|(?<!\w)(?:"
    rf"(?:{_PLATFORMS}) ?(?:handle|name|id|username|user)? ?: ?@?[\w.#]{{2,30}}"
    r"|(?:find|add|follow|message|dm|pm|text|msg|contact|hit|reach|friend|chat with|talk to)"
    rf" (?:me|us) (?:up )?(?:on|at|via|over) (?:{_ANY_PLATFORM})\b"
    rf"|my (?:{_ANY_PLATFORM}|handle|username|user ?name)(?: handle| username| name| id"
    r"| account)? ?(?:is|:|=) ?@?[\w.]{2,30}"
    r")"
)
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)?", re.IGNORECASE)


def _is_phone(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    # "0000000000" is a placeholder, not a number anyone can ring.
    return (
        10 <= len(digits) <= 15 and len(set(digits)) > 2 and not _ORGANISATION_NUMBER.match(number)
    )


def _is_street(match: re.Match[str]) -> bool:
    names = match.group(1).split()
    if any(name.lower().strip(".'") in _NOT_A_STREET_NAME for name in names):
        return False
    suffix = match.group(2)
    return suffix.lower() not in _PLAIN_WORD_SUFFIXES or suffix[0].isupper()


def _is_handle(match: re.Match[str]) -> bool:
    handle = match.group(1)
    if handle is None:
        return True
    handle = handle.rstrip(".")
    return any(c.isalpha() for c in handle) and not _TIME.fullmatch(handle)


def find_personal_details(text: str) -> list[str]:
    """The kinds of personal detail in ``text``, in the order email, phone, address, handle."""
    text = safe_text(text)
    lowered = text.lower()
    kinds = []
    if _EMAIL.search(lowered):
        kinds.append("email")
    if any(_is_phone(m.group()) for m in _PHONE.finditer(text)):
        kinds.append("phone")
    if _POSTCODE.search(text) or any(_is_street(m) for m in _STREET.finditer(text)):
        kinds.append("street_address")
    # An e-mail's domain part is not a handle: blank addresses out before looking for "@name".
    without_email = _EMAIL.sub(" ", lowered) if "email" in kinds else lowered
    if any(_is_handle(m) for m in _SOCIAL.finditer(_AT_DOMAIN.sub(" ", without_email))):
        kinds.append("social_handle")
    return kinds


# --- Word lists ------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Case, accents, invisible characters and runs of whitespace folded away."""
    return _WHITESPACE.sub(" ", fold(text)).strip()


@lru_cache(maxsize=1024)
def _whole_word(folded_entry: str) -> re.Pattern[str]:
    # The entry is escaped, so "c++" or "(.*)+" is matched literally and cannot backtrack.
    return re.compile(r"(?<!\w)" + re.escape(folded_entry) + r"(?!\w)")


def match_words(text: str, words: tuple[str, ...]) -> list[str]:
    """The entries of ``words`` found in ``text`` as whole words or phrases, in list order.

    Case, accents and spacing are ignored ("Café  au lait" matches "cafe au lait"); empty
    entries are skipped; entries are literal text, never patterns.
    """
    folded = _fold(text)
    found = []
    for entry in words:
        needle = _fold(entry) if isinstance(entry, str) else ""
        # The substring test is a fast C scan; the regex only confirms word boundaries.
        if (
            needle
            and needle in folded
            and entry not in found
            and _whole_word(needle).search(folded)
        ):
            found.append(entry)
    return found


# --- All together ----------------------------------------------------------------------------


def _title_and_body(title: str, text: str) -> str:
    # A line break between them stops a phrase running from the title into the body.
    return f"{safe_text(title)}\n{safe_text(text)}"


def assess_comment_risk(text: str, *, title: str = "") -> RiskAssessment:
    """Whether a comment's title and body are urgent, and why (see ``comments.risk_model``): the
    risk model weighs the rules' findings with the words; with ``KITH_COMMENTS_RISK_MODEL`` off,
    the rules alone decide."""
    return _assess_risk(_title_and_body(title, text))[0]


def speaks_of_risk(text: str, *, title: str = "") -> bool:
    """Urgent for the risk model, or words of suicide or self-harm the rules find."""
    urgent, rules = _assess_risk(_title_and_body(title, text))
    return bool(urgent or rules)


def _assess_risk(text: str) -> tuple[RiskAssessment, RiskAssessment]:
    """The urgent assessment, and the rules' own."""
    return _assessed(text, with_model=settings.KITH_COMMENTS_RISK_MODEL)


# Posting one comment asks three times (the screen before any refusal, the hold reasons, the
# summary stored for the moderator): the text is read once. A few entries: only that burst.
@lru_cache(maxsize=8)
def _assessed(text: str, *, with_model: bool) -> tuple[RiskAssessment, RiskAssessment]:
    rules = assess_risk(text)
    if not with_model:
        return rules, rules
    return weigh(text, rules), rules


def risk_summary(text: str, *, title: str = "") -> str:
    """What a moderator reads under "Why held": "Plan + method: “friday”, “the bridge”" (for a
    comment that only mentions risk, what the rules found)."""
    urgent, rules = _assess_risk(_title_and_body(title, text))
    return (urgent or rules).summary()


def classify(
    text: str, *, title: str = "", link_limit: int = 2, words: WordLists = WordLists()
) -> list[str]:
    """The reasons to hold a comment with this ``title`` and body ``text``, in a fixed order.

    Links follow WordPress: a comment is held when it has ``link_limit`` or more links, and a
    limit of 0 turns the check off.
    """
    combined = _title_and_body(title, text)
    reasons = []
    urgent, rules = _assess_risk(combined)
    if urgent:
        reasons.append(HoldReason.RISK.value)
    elif rules:
        reasons.append(HoldReason.MENTIONS_RISK.value)
    if find_personal_details(combined):
        reasons.append(HoldReason.PERSONAL_DETAILS.value)
    if link_limit > 0 and count_links(combined) >= link_limit:
        reasons.append(HoldReason.LINKS.value)
    if match_words(combined, words.moderation):
        reasons.append(HoldReason.MODERATION_WORDS.value)
    if match_words(combined, words.disallowed):
        reasons.append(HoldReason.DISALLOWED_WORDS.value)
    return reasons
