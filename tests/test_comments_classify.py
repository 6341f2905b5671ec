"""The comment classifier: risk language, personal details, links, word lists, hostile input."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.classify import (
    HoldReason,
    WordLists,
    classify,
    count_links,
    detect_risk,
    find_personal_details,
    match_words,
)

# --- Risk: a labelled set, written for these tests --------------------------------------------

RISK_SENTENCES = [
    "I don't want to live anymore.",
    "Honestly I can't go on.",
    "There is no reason to live now that she has left.",
    "Everyone would be better off without me.",
    "I have been cutting again and I hate it.",
    "Last night I took all my pills.",
    "I just want to end it all.",
    "I keep thinking about ending my life.",
    "I have a plan.",
    "Goodbye everyone, this is my last post.",
    "Sometimes I think about killing myself.",
    "i want to k1ll myself",
    "thinking of how to unalive myself tbh",
    "kms honestly, nothing helps",
    "ive been thinking about sewer slide a lot lately",
    "I\u2019m suicidal and nobody notices.",
    "I tried to take my own life last year and the thoughts are back.",
    "My son self-harms and I'm terrified.",
    "I wish I was dead.",
    "Nobody would miss me if I disappeared.",
    "I feel like such a burden to my family.",
    "I've been hurting myself again.",
    "I don't think I can do this anymore.",
    "By the time you read this I'll be gone.",
    "I've started saving up my pills.",
    "What's the point of living when every day is the same grey?",
    "S U I C I D E is all I think about",
    "I want to die.",
    "Some days I wish I could just not wake up.",
    "I struggle most days to keep going.",
    "I'm thinking about jumping off the bridge near my house.",
    "I wouldn't hurt anyone else, but I want to hurt myself.",
    "I never thought I'd be suicidal, but here I am.",
    "su1c1dal again tonight",
    "I DON\u2019T WANT TO BE HERE ANYMORE",
    "i just wanna d!e",
    "Thinking about s*icide again.",
    "Feeling suicidal tonight.",
    "Life isn't worth living.",
    "Everyone would be happier if I was gone.",
    "\u1d0b\u026a\u029f\u029f \u1d0d\u028fs\u1d07\u029f\u0493",  # small capitals
    "kill.myself",
    "I'm done with life.",
]

SAFE_SENTENCES = [
    # Someone else's risk, asked about by a worried reader: answered by the helplines shown
    # on every page, not held as the writer's own crisis (the independent labelled set agrees).
    "My friend said she wants to die and I don't know what to do.",
    "She told me her boyfriend has been cutting his arms.",
    "Sharing this for suicide prevention week.",
    "This article killed it, thank you!",
    "I'm dying to read more of your work.",
    "I could kill for a coffee after reading that.",
    "My feet are killing me after the charity walk.",
    "I was just killing time on the train when I found this.",
    "We watched The Suicide Squad on Friday.",
    "I'm dead tired but this made me smile.",
    "I would never hurt myself, but the anxiety is exhausting.",
    "The article explains suicide risk factors clearly.",
    "Great piece on resilience, I shared it with my team.",
    "Social support really does help, in my experience.",
    "I hurt myself playing football but the physio helped.",
    "I don't want to live in London anymore, it's too expensive.",
    "I can't go on holiday this year, money is tight.",
    "My plan is to start journaling every morning.",
    "I have a plan to walk more this spring.",
    "This cake recipe is to die for.",
    "I nearly died of embarrassment at the meeting.",
    "Please add a section about supporting teenagers.",
    "The statistics on suicide rates were shocking.",
    "Career suicide, that tweet was.",
    "I'm not suicidal, just tired of my job.",
    "Don't kill yourself over the housework, it can wait.",
    "I've been cutting back on caffeine and sleeping better.",
    "I take all my pills each morning with breakfast.",
    "Thanks for this article, it made me want to take my life back.",
    "We need more funding for overdose prevention.",
    "In my last comment I said the link was broken.",
    "He was scared to death of the dentist.",
    "I struggle to continue reading long articles on my phone.",
    "Die Hard is my favourite Christmas film.",
    "I can't cope with the noise from next door.",
    "The author writes about self-harm awareness with care.",
    "24/7 support lines are listed at the bottom, which I appreciate.",
    "We drove 50 kms to the coast and it lifted my mood.",
    "I want to end it with him, he is controlling.",
    "I never wake up refreshed, any tips?",
    "This workout is killing me.",
    "My phone died again halfway through the article.",
    "I'd never kill myself, I promised my therapist that.",
    "Suicide is preventable.",
    # Bereavement and a past attempt told as history. Until issue 12 these were held as risk;
    # the issue counts past and third-person mentions as false alarms (the writer speaks of
    # someone else's death, or of their own past), so they are no longer urgent.
    "My brother died by suicide in the spring.",
    "I attempted suicide twice when I was younger.",
    "My dad killed himself when I was twelve.",
]


@pytest.mark.parametrize("sentence", RISK_SENTENCES)
def test_risk_sentence_is_detected(sentence):
    """Each labelled risk sentence is held for the urgent queue."""
    assert detect_risk(sentence) is True


@pytest.mark.parametrize("sentence", SAFE_SENTENCES)
def test_safe_sentence_is_not_risk(sentence):
    """Idioms, negations and talk about the topic do not raise a false alarm."""
    assert detect_risk(sentence) is False


def test_precision_and_recall_on_the_labelled_set_are_perfect():
    """The whole labelled set scores 100% precision and recall (and says so when it does not)."""
    assert len(RISK_SENTENCES) >= 30
    assert len(SAFE_SENTENCES) >= 30
    flagged_risk = [s for s in RISK_SENTENCES if detect_risk(s)]
    flagged_safe = [s for s in SAFE_SENTENCES if detect_risk(s)]
    true_positives = len(flagged_risk)
    precision = true_positives / ((true_positives + len(flagged_safe)) or 1)
    recall = true_positives / len(RISK_SENTENCES)
    print(f"risk detector: precision {precision:.0%}, recall {recall:.0%} on "
          f"{len(RISK_SENTENCES)} risk + {len(SAFE_SENTENCES)} safe sentences")  # fmt: skip
    missed = sorted(set(RISK_SENTENCES) - set(flagged_risk))
    assert (precision, recall, missed, flagged_safe) == (1.0, 1.0, [], [])


def test_risk_in_the_title_alone_is_held():
    """A comment whose title carries the risk is held even if its body is harmless."""
    assert classify("Thanks for reading.", title="I want to end it all") == [HoldReason.RISK]


def test_a_negation_does_not_hide_a_later_risk_phrase():
    """'I would never…' undoes only the phrase it governs, not the rest of the comment."""
    assert detect_risk("I would never hurt myself. But I don't want to live anymore.") is True


def _seed_folder() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def _seed_comments() -> list[str]:
    folder = _seed_folder()
    files = sorted(folder.glob("001_*")) if folder else []
    if not files:
        pytest.skip("the seed pages are not available here")
    text = files[0].read_text(encoding="utf-8")
    section = text.split("Reader Comments", 1)[1].split("Follow us", 1)[0]
    # Each comment opens with a line "title - name - Mon 27th 2009"; its body runs to the next.
    header = re.compile(r"^.*- [A-Z][a-z]{2} \d{1,2}(?:st|nd|rd|th) \d{4}[ \t]*$", re.M)
    starts = [m.end() for m in header.finditer(section)]
    ends = [m.start() for m in header.finditer(section)][1:] + [len(section)]
    return [section[s:e].strip() for s, e in zip(starts, ends, strict=True)]


def test_seed_page_distressed_reader_is_detected_and_supporters_are_not():
    """On the seed page, the reader struggling to continue is held; the kind replies are not."""
    comments = _seed_comments()
    distressed = [c for c in comments if "struggle at times" in c]
    others = [c for c in comments if c not in distressed]
    assert len(distressed) == 1
    assert len(others) >= 3
    assert detect_risk(distressed[0]) is True
    assert [c for c in others if detect_risk(c)] == []


# --- Personal details ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Email me at jo.bloggs@example.co.uk", ["email"]),
        ("jo [at] example [dot] com", ["email"]),
        ("write to jo at gmail.com", ["email"]),
        ("Call me on 07700 900123", ["phone"]),
        ("my number is +44 20 7946 0958", ["phone"]),
        ("ring (555) 123-4567 anytime", ["phone"]),
        ("555-123-4567", ["phone"]),
        ("+1 415 555 2671", ["phone"]),
        ("text 07700900123", ["phone"]),
        ("I live at 221B Baker Street", ["street_address"]),
        ("1600 Pennsylvania Avenue", ["street_address"]),
        ("come to 12 High St", ["street_address"]),
        ("we're at 14 Rose Close", ["street_address"]),
        ("Post it to SW1A 1AA please", ["street_address"]),
        ("follow @sunny_days", ["social_handle"]),
        ("insta: jane.doe", ["social_handle"]),
        ("find me on snapchat x", ["social_handle"]),
        ("add me on discord", ["social_handle"]),
        ("my snap is jd2001", ["social_handle"]),
        ("u/someone_here on reddit", ["social_handle"]),
        ("jo@example.com or 07700 900123, 12 High St, @jo",
         ["email", "phone", "street_address", "social_handle"]),
    ],
)  # fmt: skip
def test_personal_details_are_found(text, kinds):
    """Each kind of personal detail is named, in the fixed order."""
    assert find_personal_details(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Founded in 1999, 2000 and 2001.", "Support is available 24/7.",
        "It costs £1,250.00 or $1200.", "On 12/05/2020 I started to feel better.",
        "2019-2020 was the hardest year.", "Call Samaritans free on 116 123.",
        "The freephone line is 0800 068 4141.", "In the US call 1-800-273-8255.",
        "The world population is 7900000000.", "I walked 3 miles down the road.",
        "It is a 10 minute drive away.", "Respect is a 2 way street.",
        "See you @ 5pm, or @10:30 at the latest.", "I saw it on Facebook.",
        "Bottom line: therapy helps.", "I was at work.today was long.",
        "I read it at school. Co-workers agreed.", "",
    ],
)  # fmt: skip
def test_ordinary_numbers_and_words_are_not_personal_details(text):
    """Years, 24/7, dates, prices, helplines and everyday phrases are not personal details."""
    assert find_personal_details(text) == []


# --- Links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("see https://example.com and http://x.org/a", 2),
        ("www.example.com", 1),
        ("visit example.com/path", 1),
        ("http://www.example.com counts once", 1),
        ("bit.ly/abc", 1),
        ("tinyurl.com/x and goo.gl/y", 2),
        ("example[.]com or example dot com", 2),
        ("my.site/page", 1),
        ('<a href="https://evil.example/x">click</a>', 1),
        ("e.g. this, i.e. that, 3.5 stars, version 2.0.1", 0),
        ("mail jo@example.com", 0),
        ("the end.me too", 0),
        ("the end. It was good", 0),
        ("script.py and node.js", 0),
        ("", 0),
    ],
)
def test_links_are_counted(text, count):
    """Addresses with or without a scheme count; abbreviations, numbers and e-mails do not."""
    assert count_links(text) == count


# --- Word lists ------------------------------------------------------------------------------


def test_word_lists_match_whole_words_and_phrases_only():
    """'rock' does not match 'rocks'; a phrase matches across any spacing and case."""
    text = "Café AU  lait and C++ rocks"
    assert match_words(text, ("rock", "cafe au lait", "c++")) == ["cafe au lait", "c++"]


def test_word_lists_ignore_accents_width_and_case_both_ways():
    """An accented entry matches plain text and the other way round, fullwidth letters too."""
    assert match_words("I hate Ｓｐａｍ and ECLAIRS, not éclair", ("spam", "Éclair")) == [
        "spam",
        "Éclair",
    ]
    assert match_words("Crème brûlée", ("creme brulee",)) == ["creme brulee"]


def test_word_lists_skip_empty_entries_and_treat_metacharacters_literally():
    """Blank entries never match everything; regex syntax in an entry is plain text."""
    assert match_words("anything at all", ("", "   ", ".*", "(a+)+$")) == []
    assert match_words("price: $$$ now", ("$$$",)) == ["$$$"]
    start = time.perf_counter()
    assert match_words("a" * 100_000 + "!", ("(a+)+$", "a" * 50)) == []
    assert time.perf_counter() - start < 2


def test_word_lists_see_through_invisible_characters():
    """A zero-width space inside a word does not slip it past the list."""
    assert match_words("buy che\u200bap pills", ("cheap",)) == ["cheap"]


# --- classify --------------------------------------------------------------------------------


def test_classify_returns_every_reason_in_the_fixed_order():
    """All five reasons come back in the documented order, title and body both checked."""
    words = WordLists(moderation=("urgent",), disallowed=("casino",))
    reasons = classify(
        "I want to die. Email me at a@example.com. https://a.example.com https://b.example.com",
        title="urgent casino",
        words=words,
    )
    assert reasons == ["risk", "personal_details", "links", "moderation_words", "disallowed_words"]


def test_classify_passes_a_plain_kind_comment():
    """An ordinary supportive comment has no reason to wait."""
    assert classify("This helped me understand my sister better. Thank you.") == []


@pytest.mark.parametrize(("limit", "held"), [(0, False), (1, True), (2, True), (3, False)])
def test_link_limit_holds_at_that_many_links(limit, held):
    """Like WordPress: held at link_limit or more links; a limit of 0 turns the check off."""
    reasons = classify("https://a.example.com and www.b.example.com", link_limit=limit)
    assert (HoldReason.LINKS in reasons) is held


def test_hold_reason_values_are_the_stored_strings():
    """The choices the comments app stores keep their values and labels."""
    assert HoldReason.values == [
        "risk", "mentions_risk", "personal_details", "links", "moderation_words",
        "disallowed_words",
    ]  # fmt: skip
    assert HoldReason.MENTIONS_RISK.label == "Mentions suicide or self-harm"
    assert HoldReason.DISALLOWED_WORDS.label == "Disallowed word list"
    with pytest.raises(AttributeError):
        WordLists().moderation = ("x",)


# --- Hostile input ---------------------------------------------------------------------------

HOSTILE = [
    "", "\x00" * 1000, "I want to \x00die", "\ud800\udfff lone \udc00 surrogates \ud83d",
    '<script>alert("kill myself")</script><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>www.example.com</a>", "\u202e\u200b\ufeff" * 500, "🙂" * 10_000,
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_raises(text):
    """NUL bytes, surrogates, HTML/JS and emoji floods are classified without an exception."""
    words = WordLists(moderation=("alert",), disallowed=("", "\x00"))
    assert isinstance(classify(text, title=text, words=words), list)


def test_risk_is_still_found_through_nul_bytes_and_markup():
    """Hiding the phrase in markup or splitting it with NUL bytes does not hide it."""
    assert detect_risk("I want to \x00die") is True
    assert detect_risk("<p>i want to kill myself</p>") is True


@pytest.mark.parametrize(
    "text",
    [
        "I went to the shop and it was good. " * 28_000,
        "a" * 100_000 + "!",
        "a" * 1_000_000,
        "1" * 1_000_000,
        "@" * 1_000_000,
        "a.a." * 250_000,
        "s u i c " * 125_000,
        "12 " * 330_000 + "Street",
        "x@" * 500_000,
        "http://" * 140_000,
    ],
    ids=["prose", "a-then-bang", "a", "digits", "at-signs", "dots", "spaced", "numbers", "x-at",
         "scheme"],
)  # fmt: skip
def test_megabyte_of_hostile_text_finishes_fast(text):
    """About a megabyte of pathological text is classified in a few seconds, not minutes."""
    words = WordLists(moderation=("moderate me", "a"), disallowed=("a a",))
    start = time.perf_counter()
    classify(text, title=text[:200], words=words)
    assert time.perf_counter() - start < 5


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300),
    st.lists(st.text(max_size=20), max_size=5),
)
def test_any_text_and_word_list_is_classified_without_error(text, entries):
    """Fuzzed text (surrogates included) and word lists never make classify raise."""
    reasons = classify(text, title=text[::-1], words=WordLists(tuple(entries), tuple(entries)))
    assert set(reasons) <= set(HoldReason.values)
