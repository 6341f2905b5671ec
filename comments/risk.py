"""Spotting suicide and self-harm risk in reader comments, by rule and by category.

Rules, not a model: every decision can be read, tested and explained to a moderator, who sees
*which* category matched and *which words* did it ("Plan + means and preparation: “rope”,
“friday”"). The rules lean towards holding — a false alarm costs a moderator a minute, a miss
can cost a life — but talk *about* the topic (idioms, recovery stories, professional voices,
support, quotes from the article) is told apart from a person speaking of their own risk.

Categories follow the Columbia Suicide Severity Rating Scale screener (wish to be dead, active
thoughts, method, intent, plan, preparatory behaviour, recent attempt) and safe-messaging
guidance for online communities (#chatsafe; Samaritans): farewell and finality, self-harm by
any method (burning, hitting, scratching, ligatures, overdosing — not only cutting), and
hopelessness or feeling a burden. Each is written for English and Spanish.

How a text is read:
1. Quotations introduced as quotations ("the article says “…”", "phrases like “…”") are
   blanked, then ``normalise`` lowercases, folds accents and look-alike letters, undoes
   leetspeak and spacing (s-u-i-c-i-d-e), drops apostrophes ("im", "dont") and maps the few
   emoji readers use for means (💊 🪢 🔪) to words.
2. Idioms ("this heat is killing me", "me muero de risa") are blanked.
3. Each category has *strong* patterns, enough alone ("ive been stockpiling my meds"), and
   *cues* that count only in pairs, as clinicians read a plan: a time with a deed ("friday …
   thats when"), a lethal place with finality ("the cliffs … not coming back").
4. Every match is then read in its clause. It does not count when it is negated ("I would never
   hurt myself", "no me quiero morir"), set in the past or in recovery ("used to", "years ago",
   "hace años", "3 years free"), said of people in general or of "you" ("if you want to die,
   call…"), given as an example ("warning signs such as…"), or said in a professional voice
   ("as a nurse I see overdoses"). Third-person *present* risk ("my friend says she wants to
   die", "my son self-harms") still counts: someone may be at risk now. Completed suicides of
   others (bereavement) and past third-person acts do not.

Every pattern is linear: no nested unbounded quantifiers, every repetition bounded or anchored,
so a megabyte of hostile text is scanned in well under a second. Nothing here raises.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from comments.risk_concepts import (
    RECOVERY_TURN,
    compose,
    everyday,
    joking,
    professional_voice,
    topic_only,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_text(text: object) -> str:
    """Return ``text`` as a well-formed str: lone surrogates replaced, control characters spaced.

    Comments arrive from forms, imports and the admin; none of them may make classification raise.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # Pairs of surrogates become the character they encode; lone ones become U+FFFD.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub(" ", text)


# Cyrillic and Greek letters that look like Latin ones, a favourite way round word filters.
# Small capitals ("ᴋɪʟʟ") have no compatibility mapping, so NFKD leaves them alone.
_SMALL_CAPS = str.maketrans("ᴀʙᴄᴅᴇғɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz")
# Lowercase only: they are applied after casefolding.
_LOOKALIKES = str.maketrans("асеіјорхуѕкмтвнαοικνρτυ", "aceijopxyskmtbhaoiknptu")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Emoji readers use for means and death, as words the patterns know.
_EMOJI = str.maketrans({"💊": " pills ", "🪢": " rope ", "🔪": " knife ", "🩸": " blood ",
                        "⚰": " coffin ", "🔫": " gun ", "🪦": " grave ", "¿": " . ",
                        "¡": " "})  # fmt: skip
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i", "|": "i"})  # fmt: skip
# A word mixing letters and leet characters, matched from its start only (the lookbehind) and
# with possessive runs, so a long run of letters or of digits is rejected once, not per offset.
_LEET_WORD = re.compile(r"(?<![a-z0-9@$!|*])(?:[a-z]++[0-9@$|*!]|[0-9@$|*!]++[a-z])[a-z0-9@$!|*]*+")
# Numbers with a unit or an ordinal ("14th", "10k", "20mg") are not obfuscation.
_NUMBER_WORD = re.compile(r"\d{1,6}(?:st|nd|rd|th|am|pm|s|k|mg|ml|g|h|hrs?|mins?|yo|x)")
# Single letters separated by single spaces, dots or dashes: "s u i c i d e", "k.i.l.l".
_SPACED = re.compile(r"(?<![a-z])[a-z](?:[ .\-_][a-z](?![a-z])){3,}")
# "kill.myself", "end_my_life": a dot or underscore between two letters joins words.
_JOINED_WORDS = re.compile(r"(?<=[a-z])[._+](?=[a-z])")
_STARRED_WORDS = ("suicide", "suicidal", "kill", "killing", "myself", "die", "dead", "cut",
                  "cutting", "overdose", "hang", "self", "harm")  # fmt: skip
_CONTRACTIONS = {"cannot": "cant", "can not": "cant", "do not": "dont", "will not": "wont",
                 "would not": "wouldnt", "i am": "im", "i have": "ive", "wanna": "want to",
                 "wana": "want to", "gonna": "going to", "gona": "going to"}  # fmt: skip
_CONTRACTION = re.compile(r"(?<![a-z])(?:can ?not|do not|will not|would not|i am|i have|wann?a"
                          r"|gonn?a)\b")  # fmt: skip


# Text-speak and common short forms, expanded to the words every pattern is written against
# ("thoughts r back", "abt", "q ganas", "xq"). Applied before leetspeak, so "b4" is "before".
_TEXT_SPEAK = {
    "r": "are", "abt": "about", "bc": "because", "bcs": "because", "cuz": "because",
    "coz": "because", "becuz": "because", "ppl": "people", "pls": "please", "plz": "please",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tonite": "tonight", "2nite": "tonight", "b4": "before",
    "smth": "something", "sth": "something", "bday": "birthday", "thx": "thanks",
    "rly": "really", "cud": "could", "wud": "would", "shud": "should", "evry1": "everyone",
    "every1": "everyone", "ne1": "anyone", "any1": "anyone", "some1": "someone", "ded": "dead",
    "dyin": "dying", "killin": "killing", "thinkin": "thinking", "nothin": "nothing",
    "kil": "kill", "kll": "kill", "kilk": "kill", "dieing": "dying", "diying": "dying",
    # Spanish
    "q": "que", "k": "que", "ke": "que", "qe": "que", "xq": "porque", "pq": "porque",
    "porq": "porque", "xk": "porque", "tb": "tambien", "tmb": "tambien", "tmbn": "tambien",
    "vdd": "verdad", "u": "you", "ur": "your", "tqm": "te quiero mucho", "mnn": "manana",
    "nse": "no se",
}  # fmt: skip


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for ``words`` shaped as a trie ("b(?:c|cs|day)"), so a position
    that starts no word is rejected after one character instead of after every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
        return (
            f"{body}?"
            if optional and len(branches) == 1 and len(body) == 1
            else (f"(?:{'|'.join(branches)})?" if optional else body)
        )

    return build(trie)


# Fillers that sit between the words of a phrase ("im actually done", "deadass want to die",
# "lowkey thinking about it"): dropped, so every phrase need not allow each of them.
_FILLERS = ("actually", "honestly", "genuinely", "lowkey", "highkey", "truly", "basically",
            "legit", "deadass", "totally", "sinceramente")  # fmt: skip
_TEXT_SPEAK.update(dict.fromkeys(_FILLERS, ""))
_TEXT_SPEAK_WORD = re.compile(
    r"(?<![a-z0-9'@$!|*])(?:" + _trie_pattern(list(_TEXT_SPEAK)) + r")(?![a-z0-9'@$!|*])"
)
# Letters stretched for feeling ("soooo tired", "byeeee", "killll"): a vowel run is one vowel,
# a consonant run two ("killl" is "kill").
_STRETCHED = re.compile(r"([a-z])\1{2,}")


# Misspelt key words ("suicidle", "myslef", "paracetemol", "overdoes"): a word within two edits
# of one of these, found by shared single deletions (each word and its one-letter deletions
# indexed once), is read as that word. Only words of six letters or more, and only where no
# common word of the same shape is meant (_REAL_WORDS).
_KEY_WORDS = (
    "suicide", "suicidal", "suicidio", "suicidarme", "suicidar", "myself", "overdose",
    "overdosed", "overdosing", "paracetamol", "painkillers", "tablets", "sleeping", "goodbye",
    "despedida", "despedirme", "pastillas", "ahorcarme", "matarme", "morirme", "quitarme",
    "hopeless", "worthless", "unalive", "unaliving", "antidepressants", "sertraline",
    "amitriptyline", "ligature", "selfharm", "cutting", "burning", "attempted", "attempt",
    "hanging", "strangle", "kill myself", "desaparecer", "autolesion", "cortarme", "quemarme",
    "sobredosis", "suicidas", "pensamientos", "somniferos", "antidepresivos",
)  # fmt: skip
_REAL_WORDS = frozenset({
    "overdoes", "itself", "thyself", "tables", "tablet", "sleepings", "sleeper", "sleepy",
    "burden", "burned", "burner", "burnings", "cuttings", "cutter", "hanger", "hangings",
    "attempts", "tempted", "hopeful", "worthy", "pastilla", "quitar", "matar", "morir",
    "suicides", "goodbyes", "despedidas", "cutting", "burning", "hanging", "hopeless",
    "sleeping", "attempt", "attempted", "strange", "stranger", "strangled", "matarte", "matarse",
    "quitarse", "quitarte", "morirse", "morirte", "suicidarse", "suicidarte", "cortarse",
    "cortarte", "quemarse", "quemarte", "ahorcarse", "ahorcarte", "despedirse", "despedirte",
    "yourself", "herself", "himself", "myselfs", "bursting", "busting", "butting", "putting",
    "cutest", "burying", "hurting", "hunting", "banging", "ranging", "changing", "hugging",
    "tablas", "pasillos", "pastel", "pasteles", "pistolas", "pasillas", "untravel", "quedarme",
    "quejarme", "quererme", "sweeping", "handing", "hanking", "suicido", "suicida", "suicidan",
    "sleeting", "steeping", "slipping", "sleeving", "shopping", "gutting", "jutting",
    "turning", "burping", "curbing", "matarle", "mirarme", "tirarme", "pasarme", "quitarle",
    "morirme", "moverme", "cortarle", "quemarle", "attested", "attendee", "tempting",
    "goodbye", "myself", "overdose", "unaliving",
})  # fmt: skip
_KEY_INDEX: dict[str, str] = {}
for _key in _KEY_WORDS:
    if " " in _key:
        continue
    for _variant in {_key, *(_key[:i] + _key[i + 1 :] for i in range(len(_key)))}:
        _KEY_INDEX.setdefault(_variant, _key)
_LONG_WORD = re.compile(r"(?<![a-z])[a-z]{6,16}(?![a-z])")
_SPELL_CHECKED = 20_000  # characters: a hostile megabyte is not spell-checked word by word


def _respell(match: re.Match[str]) -> str:
    return _respelt(match.group())


@functools.lru_cache(maxsize=8192)
def _respelt(word: str) -> str:
    if word in _REAL_WORDS or word in _KEY_WORDS:
        return word
    deletions = (word[:i] + word[i + 1 :] for i in range(len(word)))
    found = {_KEY_INDEX.get(word), *(_KEY_INDEX.get(variant) for variant in deletions)}
    found.discard(None)
    if not found:
        return word
    key = min(found, key=lambda k: (abs(len(k) - len(word)), k))  # the nearest in length
    if abs(len(key) - len(word)) > 1 or key[0] != word[0]:
        return word
    if word.startswith(key) or key.startswith(word):
        return word  # an inflection ("overdoses", "autolesiono"), not a slip
    return key


def _unstretch(match: re.Match[str]) -> str:
    letter = match.group(1)
    return letter if letter in "aeiouy" else letter * 2


def _at_word_start(*branches: str) -> re.Pattern[str]:
    """One regex matching any branch that begins a word, dispatched on the first letter.

    Python's regex engine tries the alternatives of an alternation one after another at every
    position, so four hundred phrases cost four hundred tries per word. Grouped under a
    one-letter lookahead (``(?=k)(?:kill…|kms…)``), a word that starts with "t" tries only the
    phrases that start with "t": a megabyte is scanned several times faster. Every branch
    starts with a letter or digit, so runs of punctuation are passed over without trying any.
    """
    groups: dict[str, list[str]] = {}
    anywhere: list[str] = []
    for branch in branches:
        first = _first_characters(branch)
        if first is None or len(first) > 8:
            anywhere.append(branch)
        else:
            for character in sorted(first):
                groups.setdefault(character, []).append(branch)
    # Two levels: first a range of letters, then the letter, so a word tries a few lookaheads.
    letters = sorted(groups)
    alternatives = []
    for index in range(0, len(letters), 6):
        bucket = letters[index : index + 6]
        inner = "|".join(f"(?={re.escape(ch)})(?:{'|'.join(groups[ch])})" for ch in bucket)
        alternatives.append(f"(?=[{re.escape(''.join(bucket))}])(?:{inner})")
    alternatives += anywhere
    return re.compile(r"(?<![a-z0-9])(?=[a-z0-9])(?:" + "|".join(alternatives) + ")")


def _first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can begin with, or None when it could be any."""
    try:
        from re import _constants as c  # noqa: PLC0415
        from re import _parser as parser

        first, can_be_empty = _first_of(parser.parse(pattern).data, c)
    except Exception:  # an interpreter without these internals: no dispatch, same matches
        return None
    return None if can_be_empty else first


def _first_of(items: list, c) -> tuple[frozenset[str] | None, bool]:
    characters: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            return frozenset(characters | {chr(av)}), False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    characters.add(chr(value))
                elif kind is c.RANGE:
                    characters.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    return None, False
            return frozenset(characters), False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.SUBPATTERN:
            first, can_be_empty = _first_of(av[-1].data, c)
        elif op is c.BRANCH:
            results = [_first_of(branch.data, c) for branch in av[1]]
            if any(first is None for first, _ in results):
                return None, False
            first = frozenset().union(*(first for first, _ in results))
            can_be_empty = any(empty for _, empty in results)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first, can_be_empty = _first_of(av[2].data, c)
            can_be_empty = can_be_empty or av[0] == 0
        else:
            return None, False
        if first is None:
            return None, False
        characters |= first
        if not can_be_empty:
            return frozenset(characters), False
    return frozenset(characters), True


def _unleet(match: re.Match[str]) -> str:
    word = match.group()
    if not any(c.isalpha() for c in word) or _NUMBER_WORD.fullmatch(word):
        return word  # a number, a price, "24/7", "14th": not obfuscation
    core = word.rstrip("!|")  # "die!!!" is emphasis, not leet
    tail = word[len(core) :]
    if "*" in core:
        for target in _STARRED_WORDS:
            if (
                len(target) == len(core)
                and core.count("*") * 2 <= len(core)
                and all(c == t or c == "*" for c, t in zip(core, target, strict=True))
            ):
                return target + tail
    return core.translate(_LEET).replace("*", "") + tail


def fold(text: str) -> str:
    """``text`` with case, accents and invisible characters folded away (NUL and co. spaced)."""
    text = _INVISIBLE.sub("", safe_text(text))
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def normalise(text: str) -> str:
    """Fold ``text`` into the single form every risk pattern is written against."""
    text = fold(text).translate(_QUOTES)
    if not text.isascii():
        text = text.translate(_LOOKALIKES).translate(_SMALL_CAPS).translate(_EMOJI)
    # Spaced-out words first ("s u i c i d e"), so a lone "u" there is not read as "you".
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group()), text)
    text = _STRETCHED.sub(_unstretch, text)
    text = _TEXT_SPEAK_WORD.sub(lambda m: _TEXT_SPEAK[m.group()], text)
    text = _LONG_WORD.sub(_respell, text[:_SPELL_CHECKED]) + text[_SPELL_CHECKED:]
    text = _LEET_WORD.sub(_unleet, text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group()), text)
    text = text.replace("'", "").replace('"', " ").replace("-", " ")
    text = _JOINED_WORDS.sub(" ", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group()], text)


# --- Quotations -------------------------------------------------------------------------------

_QUOTED = re.compile(
    r"[\"“”«»„]([^\"“”«»„\n]{1,300})[\"“”«»„]|‘([^‘’\n]{1,300})’"
    # Plain single quotes: opened after a space, a colon or a bracket, closed before a non-letter
    # (so the apostrophe in "don't" inside 'I don't want to be here' does not close it).
    r"|(?:^|(?<=[\s(:]))'((?:[^'\n]|(?<=[a-z])'(?=[a-z])){1,300}?)'(?![a-z])"
)
# Words around a quotation that say it is quoted: the article, an example, a warning sign.
_QUOTE_CUE = re.compile(
    r"\b(?:says?|said|saying|writes?|wrote|written|quotes?d?|quoting|lines?|phrases?|heading"
    r"|titled?|sections?|paragraphs?|chapters?|parrafos?|capitulos?|examples?|such as|like|signs?"
    r"|article|text|author|piece|poem|book|sings?|sang|song|lyrics?|cancion|canta|titulo"
    r"|titular|hablan?|talk(?:ing)? about"
    r"|video|survivor|listed|cita|frases?|dice|dicen|texto|articulo|apartado|senal(?:es)?"
    r"|segun|como|ejemplo)\b"
)
# ... unless the writer is quoting themselves: "I keep telling myself “it'll be over soon”".
_SELF_QUOTE = re.compile(
    r"\b(?:i|im|ive|id|me|yo)(?: [a-z]{1,12}){0,2} (?:say|said|saying|tell|told|telling|think"
    r"|thought|thinking|wrote|write|writing|texted|typed|digo|dije|pienso)(?: to)?(?: myself"
    r"| him| her| them| my [a-z]{1,12})? ?[:,]? ?$"
)
_SENTENCE = re.compile(r"[.!?\n]")


def _blank_quotations(text: str) -> str:
    """``text`` with quotations that are introduced as quotations blanked out."""
    if not any(q in text for q in "\"“”«»„‘'"):
        return text
    lowered = fold(text)
    pieces, last = [], 0
    for match in _QUOTED.finditer(lowered):
        before = _SENTENCE.split(lowered[max(0, match.start() - 120) : match.start()])[-1]
        after = _SENTENCE.split(lowered[match.end() : match.end() + 120])[0]
        if _SELF_QUOTE.search(before.translate(_QUOTES).replace("'", "")):
            continue
        if _QUOTE_CUE.search(before) or _QUOTE_CUE.search(after):
            pieces.append(text[last : match.start()] + " ~ ")
            last = match.end()
    return "".join(pieces) + text[last:] if pieces else text


# --- Categories ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    slug: str
    label: str
    description: str


CATEGORIES = (
    Category("wish_dead", "Wish to be dead", "Wishes to be dead or not to wake up."),
    Category("active_thoughts", "Suicidal thoughts", "Thinks of killing or ending themselves."),
    Category("method", "Method", "Has thought of a way: a place, a drug and dose, a weapon."),
    Category("intent", "Intent", "Has decided, means to act: 'I'm going to do it'."),
    Category("plan", "Plan", "A time or a place for it, or both."),
    Category(
        "preparation",
        "Means and preparation",
        "Access to means (pills saved, a rope, a gun), researching methods, giving things "
        "away, putting affairs in order.",
    ),
    Category("farewell", "Farewell", "Says goodbye, writes notes, speaks as if gone."),
    Category(
        "self_harm",
        "Self-harm",
        "Cutting, burning, hitting, scratching, ligatures, deliberate overdose.",
    ),
    Category("attempt", "Recent attempt", "Has recently tried to end their life."),
    Category(
        "hopelessness",
        "Hopelessness or burden",
        "No future, no way out, a burden, others better off without them.",
    ),
)
CATEGORY_LABELS = {category.slug: category.label for category in CATEGORIES}
# Not a rule's category: a comment the risk model (``comments.risk_model``) finds urgent where the
# rules found nothing; it names no category of its own but the words that weighed most.
MODEL = Category("model", "Statistical second opinion", "Words that weigh towards risk.")
_LABELS = {**CATEGORY_LABELS, MODEL.slug: MODEL.label}
_ORDER = {category.slug: index for index, category in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class RiskAssessment:
    """What the detector found in one text: categories (in ``CATEGORIES`` order) and words.

    ``matches`` holds ``(category, words)`` pairs, the words as the detector read them
    (lowercased, apostrophes dropped), in category order and then in order of appearance.
    """

    categories: tuple[str, ...] = ()
    matches: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.categories)

    @property
    def is_risk(self) -> bool:
        return bool(self.categories)

    def labels(self) -> list[str]:
        return [_LABELS[slug] for slug in self.categories]

    def summary(self, *, max_words: int = 6, max_length: int = 300) -> str:
        """One line for a moderator: 'Plan + means and preparation: “friday”, “the rope”'."""
        if not self.categories:
            return ""
        labels = self.labels()
        names = " + ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])])
        words = list(dict.fromkeys(words for _, words in self.matches))[:max_words]
        quoted = ", ".join(f"“{_shorten(word, 40)}”" for word in words)
        return _shorten(f"{names}: {quoted}" if quoted else names, max_length)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- Building blocks (all written against ``normalise``d text) --------------------------------

_ADV = (
    r"(?:(?:just|really|honestly|actually|seriously|kinda|kind of|sometimes|still|literally"
    r"|genuinely|truly|so|often|always|now|only|even|finally|almost|definitely|probably"
    r"|totally|lowkey|ngl|tbh|fr|simply|also|all|badly) ){0,3}"
)
_I = r"(?:i|im|ive|id|ill)"
_SELF = r"(?:my ?self|meself|himself|herself|themselves|themself)"
_FIRST_SELF = r"(?:my ?self|meself)"
_PILLS = (
    r"(?:pills|tablets|meds|medication|medicine|painkillers|paracetamol|prescriptions?"
    r"|sleeping (?:pills|tablets)|insulin|antidepressants|sertraline|co codamol|ibuprofen|codeine"
    r"|aspirin|zopiclone|diazepam|amitriptyline|propranolol|quetiapine|fluoxetine|citalopram"
    r"|mirtazapine|lithium|tramadol|oxycodone|prescription)"
)
_MEANS = (
    rf"(?:{_PILLS}|rope|noose|ligature|belt|cord|blades?|razors?|razor blades?|gun|shotgun"
    r"|rifle|pistol|knife|knives)"
)
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DIA = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
_JUMP_PLACE = (
    r"(?:bridge|building|roof|rooftop|cliffs?|balcony|tower|tower block|window|car park"
    r"|multistorey|multi storey|motorway bridge|overpass|viaduct|platform|ledge|edge)"
)
_LUGAR = r"(?:puente|edificio|balcon|ventana|azotea|vias|tren|rio|acantilado|metro|tejado|viaducto)"
_CLAUSE_END = r"(?= ?(?:[.!?,;:)\n~]|$|and\b|but\b|so\b|any ?more|any ?longer|like this|no more))"

# Phrases safe to ignore whatever surrounds them; blanked before any risk pattern is tried.
_BENIGN = _at_word_start(
    r"suicid(?:e|al) (?:prevention|awareness|squad|rates?|risk factors?|statistics|stats"
    r"|research|hotline|helpline|lifeline|crisis line|doors?|mission|squeeze|postvention)\b",
    r"(?:political|career|social|commercial|electoral|financial) suicide\b",
    r"self ?harm(?:ing)? (?:awareness|research|statistics|rates)\b",
    r"overdose (?:awareness|prevention|deaths|crisis|statistics|rates)\b",
    r"kill(?:ed|ing|s)? (?:it|time|two birds|some weeds|the weeds)\b",
    r"(?:could|would|id) kill for\b",
    r"dying (?:to|for|of thirst)\b",
    r"to die for\b",
    r"die ?hard\b",
    r"dead (?:tired|on my feet|good|easy|serious|funny|ringer|end|gorgeous)\b",
    r"(?:die|died|dying|dead) (?:of|from|with) (?:laughter|laughing|embarrassment|boredom"
    r"|cuteness|shame|old age|thirst)\b",
    r"(?:nearly|almost|could have|couldve|could of|could just) died? (?:laughing|of)\b",
    rf"kill(?:ed|ing)? {_SELF} (?:laughing|over|trying|working|to (?:get|finish|meet|make"
    r"|keep))\b",
    rf"(?:hurt|hurting|cut|cutting|burnt?|burned|burning) {_SELF} (?:playing|lifting|running"
    r"|skiing|cycling|falling|shaving|cooking|chopping|gardening|at (?:the gym|work)|on (?:a"
    r"|the) (?:knife|oven|kettle|iron|stove|glass|tin|can|paper))\b",
    r"(?:burnt?|burned|cut) my (?:hand|finger|thumb|arm|tongue|lip) (?:on|chopping|cooking"
    r"|while|making|baking|taking|with the (?:kettle|iron|oven)|shaving)\b"
    r"(?![a-z ]{0,40}(?:on purpose|deliberately|again|to feel))",
    r"(?:bored|scared|worried|frightened) to death\b|(?:die|dying|died) laughing\b",
    r"(?:take|taking|took) (?:my|his|her|their|your) (?:own )?life (?:back|in|into|forward"
    r"|seriously)\b",
    r"(?:this|that|the) (?:[a-z]{1,12} ){0,2}(?:is|are|was) (?:killing|murder)\b",
    r"(?:killing|killed) me\b(?! (?:slowly|inside))",
    r"(?:going to|gonna|will|would|is going to) kill me\b",
    r"(?:ese|este|esta|esa|el|la) (?!(?:noche|semana|tarde|manana|vez|dia|mes|ano|finde|fin|lunes"
    r"|martes|miercoles|jueves|viernes|sabado|domingo|proxim[oa]|hora|momento)\b)[a-z]{3,15}"
    r"(?: (?:de|del|en) [a-z]{3,12}){0,2} me (?:quito|quita|mato|mata)(?: la vida)?\b"
    r"|(?:essay|homework|file|work|exam|phone|laptop)[a-z ,]{0,20} kill me\b|kill me now\b"
    r"|shoot me now\b|end of my rope\b|end of my tether\b|(?:the )?death of me\b"
    r"|over my dead body\b",
    r"(?:died|dying|dead) by suicide\b|(?:lost|losing) (?:[a-z]{1,12} ){1,3}to suicide\b",
    r"(?:took|taken) (?:his|her|their) (?:own )?lives?\b|(?:killed|hanged|shot) (?:himself"
    r"|herself|themselves)\b",
    r"committed suicide\b|suicide (?:is|was) the (?:biggest|leading|second)\b",
    r"(?:my )?(?:laptop|phone|battery|computer|car|plants?|houseplants) (?:committed suicide"
    r"|died|is dead|are dead|are all dead)\b",
    r"(?:hang|hanging|hung) (?:the|out|up) (?:washing|laundry|clothes|picture|pictures|on)\b"
    r"|hung up\b",
    r"shot (?:my ?self|myself) in the foot\b",
    r"(?:just |so |im )?done with (?:mondays|this heatwave|social media|the heat|work)\b",
    # Spanish idioms: "me muero de risa", "este calor me mata", "me voy a cortar el pelo".
    r"(?:me )?mue(?:ro|re) (?:de|por) (?:risa|ganas|hambre|sueno|verguenza|calor|frio|envidia"
    r"|miedo|aburrimiento|amor|saber|leer)\b|muert[oa]s? de (?:cansancio|risa|miedo|hambre"
    r"|sueno|verguenza|frio|calor)\b|casi me muero\b",
    r"me (?:mata|matan)\b|(?:me )?va a matar\b",
    r"(?:cortar(?:me)?|corto|corte|cortado) (?:el|las|la|los) (?:pelo|unas|barba|flequillo"
    r"|dedo|pan|cebolla)\b",
    r"matar el tiempo\b|se me (?:corto|cortaron|quemo|quemaron|muere|murio) (?:la|el|los|las)\b",
    r"(?:driving|drive|drives|send|sending|sends) (?:me|us) to an early grave\b|early grave\b",
    r"(?:quiero |me quiero )?morir(?:me)? de (?:la )?(?:verguenza|risa|ganas|hambre|sueno|calor"
    r"|frio"
    r"|envidia|miedo|aburrimiento|amor)\b",
    r"(?:full|happy|embarrassed|tired|hungry|jealous) i could (?:die|cry)\b|literally die\b",
    r"(?:id|i would) (?:rather|sooner) die than\b|prefiero morir(?:me)? (?:antes )?que\b",
    r"(?:duel\w{1,3}|dolia|aburrid[oa]s?|cansad[oa]s?|hart[oa]s?)(?: [a-z]{1,10}){0,4} a morir\b",
)

# Clause scope: the part of a sentence a negation, a past marker or a subject governs.
_SCOPE_BREAK = re.compile(r"[.!?;\n~]|\b(?:but|pero|now|today|ahora|hoy|these days)\b")
_PAST = re.compile(
    r"\b(?:used to|use to|years? ago|decades? ago|(?:a )?long (?:time )?ago|back then|back in"
    r"|when (?:i|he|she|they|we) (?:was|were) (?:younger|little|small|young|a (?:kid|teen"
    r"|teenager|child|student)|at (?:uni|school|college)|in (?:my|year|high|secondary)|\d+)"
    r"|at my lowest|in (?:19|20)\d\d|in the (?:19|20)?\d0s|in my (?:teens|twenties|thirties"
    r"|youth|teenage years|early)|as a (?:teen|teenager|kid|child|student)|(?:years|decade)"
    r" (?:on|later|clean|free)|\d+ (?:years|yrs|days|months) (?:clean|free|on|later|since)|(?:self"
    r" ?harm|sh) free|no longer|not anymore|another life|i once|once had|spent years"
    r"|survivor|recovery|recovered|in the past|went through a stage|passed|went away|faded"
    r"|hace (?:[a-z]{1,10} )?(?:anos|ano|decadas?)|cuando (?:era|tenia|estaba en)"
    r"|antes (?:me|pensaba|queria|tenia|era)|llev[oa] [a-z0-9 ]{1,15} sin|deje de"
    r"|hubo un tiempo|ya no (?:pienso|me corto|me hago)|there was a (?:time|period|point)"
    r"|(?:i|we) (?:truly |really )?believed|(?:yo )?pensaba que|creia que|en (?:19|20)\d\d"
    r"|en los anos"
    r"|sobrevivi|sali adelante|for most of (?:uni|school|college|my [a-z]{2,12})|en la adolescencia"
    r"|de (?:adolescente|joven)|hoy (?:tengo|estoy bien|soy feliz))\b"
)
_EDUCATIONAL = re.compile(
    r"\b(?:such as|for example|e ?g|warning signs?|signs? (?:like|include|such|of)|includes?"
    r"|including|lists?|symptoms?|examples?|things like|phrases like|statements like|risk"
    r"|you (?:write|wrote|say|said) that|rather than"
    r"|por ejemplo|senal(?:es)? de (?:alarma|alerta)|frases como)\b"
)
_PROFESSIONAL = re.compile(
    r"\b(?:as an? |speaking as an? |im an? |i am an? |soy |como )(?:[a-z]{1,12} )?(?:gp|doctor"
    r"|nurse|psychiatrist|psychologist|counsellor|counselor|therapist|teacher|pharmacist"
    r"|paramedic|police officer|social worker|youth worker|clinician|researcher|coroner"
    r"|coroners officer|enfermer[ao]|psiquiatra|psicolog[ao]|farmaceutic[ao]|profesor[a]?"
    r"|medic[oa]|terapeuta)\b|\bin my work\b|\bi work (?:on|in|at|as) an? |\btrabajo en"
    r" (?:una|un) |\bin therapy we\b|\bwe (?:teach|always ask|ask patients|follow)"
)
_NEGATION = re.compile(
    r"\b(?:never|not|no longer|wont|wouldnt|couldnt|shouldnt|isnt|arent|dont|didnt|havent|hasnt"
    r"|hadnt|nunca|jamas"
    r"|tampoco|no)(?: (?:ever|even|really|actually|seriously|consider|considering|think"
    r"|thinking|of|about|want|wanting|try|trying|to|be|been|going|feel|feeling|do|intend"
    r"|intending|plan|planning|i|id|im|myself|attempt|commit|committing|contemplate|a|that"
    r"|me|lo|quiero|pienso|voy|he|a|se|te))*+ ?$"
)
_GENERIC = frozenset({
    "you", "youre", "your", "youve", "youll", "youd", "someone", "somebody", "anyone",
    "anybody", "people", "person", "they", "theyre", "theyve", "theyd", "them", "their",
    "patients", "patient", "clients", "client", "kids", "children", "teens", "teenagers", "men",
    "women", "many", "most", "others", "whoever", "clinicians", "doctors", "nurses", "staff",
    "professionals", "therapists", "parents", "friends", "alguien", "gente", "personas",
    "quien", "tu", "te", "usted", "ustedes", "estas", "tienes", "quieres", "piensas", "sientes",
    "eres", "puedes", "necesitas",
})  # fmt: skip
_FIRST = frozenset({"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine", "yo", "mi",
                    "mis", "estoy", "tengo", "quiero"})  # fmt: skip
_THIRD = frozenset({
    "he", "she", "hes", "shes", "his", "him", "himself", "herself", "son", "daughter", "friend",
    "brother", "sister", "mum", "mom", "mother", "dad", "father", "partner", "husband", "wife",
    "boyfriend", "girlfriend", "kid", "lad", "guy", "bloke", "chico", "chica", "chaval", "cousin",
    "aunt", "uncle", "grandad", "grandfather",
    "grandmother", "gran", "nan", "flatmate", "colleague", "neighbour", "student", "teenager",
    "boy", "girl", "man", "woman", "ex", "ella", "hermano", "hermana", "hijo", "hija",
    "amigo", "amiga", "madre", "padre", "primo", "prima", "abuelo", "abuela", "roommate",
    "vecino", "vecina", "pareja", "novio", "novia", "marido", "esposa", "character",
})  # fmt: skip
_PAST_VERBS = frozenset({"had", "was", "were", "did", "used", "went", "took", "told", "said",
                         "wrote", "gave", "left", "tenia", "era", "estaba", "fue",
                         "hizo"})  # fmt: skip
_PRESENT_ED = frozenset({"need", "feed", "bleed", "speed", "seed", "scared", "worried"})


_ALL_BRANCHES: list[str] = []


def _strong(*branches: str) -> re.Pattern[str]:
    _ALL_BRANCHES.extend(branches)
    return _at_word_start(*branches)


# Each category: patterns that are enough alone. Written for the grammar of the phenomenon
# (a first-person wish, a means and its place, a decision and its time), not for examples.
_STRONG: dict[str, re.Pattern[str]] = {
    "wish_dead": _strong(
        rf"(?:want|wanted|wants|wanting|wish|need|would like|hope|pray|longing) (?:to |i could"
        rf" |i could just |i would |id )?{_ADV}"
        r"(?:die|be dead|not (?:be alive|exist|be here|be around|wake up)|never wake up"
        r"|stop (?:existing|being alive|breathing)|cease to exist|be gone|go to sleep forever"
        r"|sleep forever|disappear(?= ?(?:forever|for good|and never|permanently|[.!?,;~]|$)))"
        r"(?! (?:at home|in (?:hospital|a hospital|peace)|peacefully|with dignity|old|happy)\b)",
        r"(?:dont|doesnt|didnt|no longer|never) (?:want|wish|feel like) to (?:live|be alive|be"
        r" here|exist|wake up|go on|keep going|carry on)\b(?! (?:in|with|near|at|on|there"
        r"|abroad|next|somewhere|together|by|like that)\b)",
        r"wish(?:ing|ed)? (?:i|id) (?:had |was |were |d |could have )?never (?:been )?born\b",
        r"wish(?:ing)? (?:i|id) (?:was|were|could be|would be|had been) (?:dead|gone|not alive"
        r"|not here|never born)\b|wish(?:ing)? i (?:wasnt|werent) (?:here|alive|born|around)\b",
        r"wish (?:i|he|she) (?:was|were) dead\b",
        r"(?:and|to|just|could|would|if i|hope i|hope that i|pray i) (?:just )?(?:never|not"
        r"|didnt|dont|wont) wake up\b(?! (?:refreshed|early|tired|rested|feeling))",
        r"(?:fall|go) (?:to )?(?:asleep|sleep|bed) and (?:not|never) wake up\b",
        r"(?:id|i would) (?:rather|sooner) (?:be dead|die|not (?:be alive|exist|be here"
        r"|wake up))\b",
        r"(?:isnt|not|no longer|never) worth (?:living|being alive|staying alive)\b",
        r"life isnt worth (?:it|living)\b",
        r"(?:takes?|take) me in my sleep\b|let me (?:not|never) wake up\b|let me die\b",
        r"(?:hope|wish|pray|wouldnt mind|dont care|wouldnt care)(?: if| that)? (?:i (?:get|got)"
        r" )?(?:hit|run over) by (?:a|the) (?:bus|car|train|truck|lorry)\b",
        r"(?:if|hope|wish) (?:a|the) (?:bus|car|train|truck|lorry) (?:hit|hits|ran|runs|would"
        r" hit) me\b",
        r"(?:hope|wish|pray)(?:ing)? (?:that )?(?:the|my) (?:plane|flight|car|train)"
        r" (?:goes down|crashes|crash|go down)\b",
        r"(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:something|an accident|someone)"
        r" (?:bad )?(?:happens?|would happen|will happen|kills|would kill) (?:to )?me\b",
        r"so (?:it|this|everything) (?:would|will|could) (?:all )?be over\b",
        r"(?:welcome|welcomed) death\b|death (?:would be|sounds like|feels like) (?:a )?(?:relief"
        r"|peace|release|blessing)\b",
        r"(?:tired|sick|exhausted) of (?:being alive|existing|waking up|being here)\b",
        r"want (?:it|everything|this|all of this|life) to (?:stop|end)[ .,!]{0,3}(?:permanently"
        r"|forever|for good)\b",
        r"(?:kinda |just |really )?want to (?:just )?not be (?:here|alive|around)\b",
        r"want (?:it all|everything|all of this|all this|it) (?:all )?to (?:be over|end)(?="
        r" ?(?:[.!?,;~]|$|now|forever|for good|permanently))",
        # Spanish
        r"(?:me )?quiero morir(?:me)?\b|quisiera (?:morir(?:me)?|desaparecer|no despertar|no"
        r" existir|estar muert[oa])\b|me gustaria (?:morir(?:me)?|desaparecer|no despertar)\b",
        r"ojala (?:me muera|no despert\w{1,4}|no hubiera nacido|estuviera muert[oa]"
        r"|desapareciera|me (?:atropelle|pase algo))\b",
        r"(?:ya )?no quiero (?:vivir|seguir viviendo|estar aqui|seguir aqui|existir|despertar)\b"
        r"(?! (?:en|con|cerca|alli|ahi|asi de)\b)",
        r"deseo (?:no haber nacido|morir(?:me)?|estar muert[oa]|desaparecer)\b",
        r"(?:cansad[oa]|hart[oa]) de (?:estar viv[oa]|vivir|existir|la vida)\b"
        r"|quiero desaparecer\b"
        r"|ganas de (?:morir(?:me)?|desaparecer|no despertar|dejar de existir)\b"
        r"|dejar de existir\b",
    ),
    "active_thoughts": _strong(
        rf"(?:kill|killing|k i l l|off|offing|hang|hanging|drown|drowning|shoot|shooting|gas"
        rf"|gassing|poison|poisoning) ?{_SELF}",
        r"(?:end|ending|take|taking) (?:my|his|her) (?:own )?life\b",
        r"(?:end|ending|finish|finishing) (?:it all|everything|my life|my own life|things for"
        r" good)\b",
        r"(?:want|wanted|going|plan|planning|ready|decided|thinking|think|thought|tempted|about"
        r"|like|considering|urge|urges) (?:to |about |of )?(?:end|ending) (?:it|things)\b(?!"
        r" (?:with|for|off|there|early|between|up)\b)",
        r"unaliv\w{0,6}|sewer ?slide\w{0,2}|self ?delet\w{0,3}|delete myself\b",
        r"(?<![0-9] )(?:kms|kys|ctb)\b",
        r"(?:want|wanna|going|ready|plan|planning|thinking)(?: to| about| of)? (?:catch|catching)"
        r" the bus (?:(?:tonight|today|soon) )?(?:if you know|iykwim|for good|forever|permanently"
        r"|one last time)",
        r"(?:im|i am|i feel|feeling|felt|been|being|getting|feel|i get|im getting|id be|be)"
        r" (?:so |really |very |quite |pretty |a bit |kind of |kinda |super |extremely |still"
        r" |more )?suicidal\b",
        r"suicidal (?:again|tonight|thoughts|feelings|ideation|urges)\b|suicid\w{0,4} again\b",
        r"(?:thinking|thought|think|thoughts|considering|considered|contemplating) (?:about |of )"
        r"?(?:suicide|ending it|ending things|ending my life)\b",
        r"(?:suicide|suicidal)(?: is| has been)? all i (?:can )?think about\b",
        r"(?:end|ending) things(?= ?(?:[.!?,;~]|$))|(?:back to|about|of|on) (?:ending|killing)"
        r" (?:it|things|myself)\b",
        r"(?:struggling|struggle) to (?:keep|stay) (?:myself )?safe\b|dont trust myself to"
        r" (?:stay|be|keep) safe\b",
        r"(?:picturing|imagining|planning) my (?:own )?funeral\b",
        r"(?:the )?(?:thoughts?|urges?) (?:of|about) (?:taking my (?:own )?life|ending it|ending"
        r" my life|killing myself|jumping|dying)\b",
        # Spanish
        r"(?:matarme|suicidarme|quitarme la vida|acabar con mi vida)\b",
        r"me (?:quiero|voy a|pienso|podria|deberia|dan ganas de) (?:matar|suicidar|ahorcar"
        r"|quitar la vida)\b",
        r"(?:pienso|pensando|pensar) (?:mucho )?en (?:acabar con todo|el suicidio|la muerte"
        r"|morirme)\b|acabar con todo\b",
        r"pensamientos suicidas\b|ideas suicidas\b|ganas de suicidarme\b",
    ),
    "method": _strong(
        r"how (?:many|much)(?: of)?(?: my| the| these)?(?: [a-z]{1,15}){1,3}? (?:it would"
        r"|would it|it will|will it|would|would be|it takes|itd|does it|it d) (?:take|do it|be"
        r" (?:enough|fatal|lethal)|kill|to not wake up|not wake up)\b",
        r"(?:lethal|fatal|deadly) (?:doses?|amounts?|quantities|dose of)\b",
        r"(?:the|my|a) (?:rope|noose|ligature|belt|cord|blade|razor|gun|shotgun|rifle|pistol)"
        r" (?:is|s|sits|sitting|waiting|hidden|ready) (?:in|under|on|inside|behind)"
        r" (?:my|the car|the garage)\b",
        rf"(?:jump|jumping|jumped|throw myself|throwing myself|step|stepping|walk|walking|leap"
        rf"|leaping|fall|falling) (?:off|from|in front of) (?:a |the |my |that )?{_JUMP_PLACE}\b"
        r"(?! club)",
        r"(?:step|stepping|walk|walking|throw myself|throwing myself|lie|lying|lay)"
        r" (?:in front of|onto|on to|on) (?:a |the )?(?:[0-9:.]{1,5} )?(?:train|tracks|bus"
        r"|lorry|truck|traffic|motorway|railway line|rails)\b",
        r"(?:looking|staring|stare|look|stood|standing|stand) (?:at|on|over|down (?:at|from))"
        r" (?:the|my|a) (?:[a-z]{1,12} )?(?:tracks|knife block|knives|edge|ledge|rails"
        r"|railway)\b",
        r"how (?:quick|quickly|easy|easily|fast|painless|peaceful) it (?:would|could|will"
        r"|might) be\b",
        r"(?:i know|ive (?:picked|chosen|found)|i found) (?:which|the) (?:bridge|building|cliff"
        r"|spot|place|car park|train|tree|beam)\b(?! club| to (?:visit|go|see|eat))",
        r"(?:the )?(?:quietest|easiest|quickest|least painful|most painless|painless|surest"
        r"|cleanest|simplest|fastest|best) (?:ways?|methods?)(?= ?(?:out|to go|to die|to do it"
        r"|to end|for me|all (?:week|night|day)|[.!?~]|$))",
        r"(?:the )?way (?:id|i would|ill|i will|im going to|i want to|i d) do it\b",
        r"(?:would|will|could|can|to) (?:hold|take) (?:me|my weight)\b|strong enough to hold\b",
        r"walk(?:ing)? (?:into|out into) the (?:sea|river|lake|water|ocean|traffic)\b",
        r"(?:trains?|ones) (?:that|which) (?:dont|do not|doesnt) stop\b",
        rf"(?:went|go|going|been|drove|walked) (?:to|up|onto|on to) (?:the|a) {_JUMP_PLACE}"
        r"[a-z ]{0,40}?(?:stood|standing|sat|sitting|looked down|looking down|climbed)\b",
        r"(?:bought|got|ordered) (?:a |some |the )?(?:knife|rope|blades?|razors?|gun|belt)"
        r"[a-z ,]{0,20}?not for\b",
        r"(?:branch|beam|hook|rail|bannister|banister) (?:that|which) (?:would|will|could)"
        r" (?:be perfect|work|do|hold)\b",
        r"take (?:everything|all|all of it|the lot|whatever is) (?:in|from) (?:the|my)"
        r" (?:cupboard|cabinet|medicine cabinet|bathroom|drawer|box)\b",
        r"(?:carbon monoxide|exhaust fumes|fumes|charcoal|helium) (?:in|from) (?:the|my)"
        r" (?:garage|car)\b",
        rf"(?:{_MEANS})[a-z ,]{{0,60}}?(?:think|thinking|thought) (?:about|of) using (?:it|them)\b",
        r"(?:drive|driving|crash|crashing|steer|steering|swerve|swerving) (?:my car )?(?:into"
        r"|off) (?:a |the )?(?:tree|wall|bridge|river|lorry|truck|oncoming|traffic|cliff)\b",
        r"look like an accident\b",
        r"(?:think|thinking|thought) (?:about|of) (?:the|my) (?:knives|knife|pills|tablets|rope"
        r"|blades?|gun|bridge|tracks|train|edge)\b(?! (?:i need|i have to|to take|for))",
        r"(?:id|i would|ill|i could|i will|i might) use (?:the|my|a) (?:belt|rope|cord|pills"
        r"|tablets|gun|blade|knife|razor|scarf|cable|charger cable)\b",
        rf"{_JUMP_PLACE}[a-z ,]{{0,80}}?(?:looking|look|staring|stare|stood|standing) (?:down"
        r"|over the edge|at the drop)\b",
        r"(?:hanging|overdosing|an overdose|pills|jumping|drowning|the train|the bridge)"
        r" (?:seems|sounds|feels|is) (?:like )?(?:the|my) (?:best|only|easiest|quickest|way"
        r"|option|answer|least painful)\b",
        r"how high (?:my|the) (?:window|balcony|bridge|flat|building|roof) is\b",
        r"(?:height|floor|storey|fall) (?:is |would be )?(?:high )?enough\b|high enough(?="
        r" ?(?:[.!?,~]|$| to (?:die|kill|do it|not survive)))",
        r"enough (?:[a-z]{1,15} ){0,2}?to (?:do it|end it|kill me|not wake up|end my life|be"
        r" sure|finish it|go through with it)\b",
        r"(?:which|what) (?:pills|tablets|meds|method|methods|drugs|poison|bridge|building)"
        r" (?:are|is|would be|would work|work|works) (?:painless|lethal|fatal|quickest|quick"
        r"|best|enough|the most)\b",
        r"(?:cliff|cliffs|bridge|edge|roof|ledge)[a-z ,]{0,60}?(?:walk|walking|step|stepping"
        r"|jump|jumping|going) (?:off|over)\b(?! (?:the stress|it off))",
        rf"hang(?:ing)? {_FIRST_SELF}|ahorcarme\b",
        # Spanish
        rf"(?:tirarme|lanzarme|arrojarme|tirarse)(?: [a-z]{{1,10}}){{0,3}}? {_LUGAR}\b",
        rf"me (?:voy a |quiero |pienso |podria )?(?:tirar|lanzar|arrojar|tiro|lanzo)(?:"
        rf" [a-z]{{1,10}}){{0,3}}? {_LUGAR}\b",
        r"cuant[oa]s (?:pastillas|comprimidos|pildoras)(?: [a-z]{1,15}){0,2}? (?:hacen falta"
        r"|harian falta|necesito|se necesitan|bastan|serian suficientes|harian)\b",
        r"dosis letal(?:es)?\b",
        r"(?:pienso|pensando) en usarl[ao]s?\b",
        r"(?:lo )?(?:bastante|suficientemente) alt[oa]\b",
    ),
    "intent": _strong(
        r"(?:made up my mind|decided|made my (?:decision|choice)|mind is made up|decision is"
        r" (?:made|final))[a-z ,.]{0,40}?(?:last (?:week|day|night|time)|no more|going through"
        r" with it|its time|fighting it|final|over soon|not (?:going to )?be here|tonight)\b",
        r"(?:not asking for help|dont try to (?:stop|change|talk) me|nothing (?:anyone|you"
        r"|anybody) (?:says|can say|could say|will say) (?:will|can|could) (?:change|stop))",
        rf"(?:im|i am|i will|ill|i|im finally|im actually)? ?(?:going|goin) to {_ADV}(?:do it"
        r"|go through with it|end it)(?= ?(?:[.!?,;~]|$|this (?:time|week|weekend)|tonight"
        r"|tomorrow|soon|on |when|after|before|i just|for real|properly|and))",
        rf"(?:going to|will|gonna) {_ADV}(?:kill myself|end my life|take my (?:own )?life|take"
        rf" (?:all|every one|the whole|all of) (?:[a-z]{{1,12}} ){{0,2}}?{_PILLS})\b",
        r"(?:not going to|wont|will not|am not going to|im not going to|dont plan on|dont intend"
        r" to|not planning (?:on|to)) (?:be (?:here|around|alive)|see|make it to|live to see"
        r"|seeing|making it to|last (?:till|until|to))(?: for| to)? (?:christmas|my (?:[0-9a-z]"
        r"{1,6} )?birthday|next (?:year|week|month|christmas)|the (?:weekend|summer|new year|end"
        r" of)|summer|tomorrow|new year|much longer|long|the morning|the end|20\d\d)\b",
        r"(?:wont|will not|not going to) be (?:here|around|alive) (?:much longer|for much"
        r" longer|for long|anymore|any more|tomorrow|by (?:tomorrow|morning|the weekend))\b",
        r"(?:(?:not going to|wont|will not|im not going to) )?(?:be a|be) (?:problem|burden"
        r"|bother) (?:for|to) (?:[a-z]{1,12} ){0,2}?(?:much"
        r" longer|for much longer|for long|anymore|any more)\b",
        r"wont make it (?:to|till|until|past|through) (?:summer|christmas|winter|spring|autumn"
        r"|the (?:summer|weekend|end)|next|my)\b",
        r"(?:im|i am|i feel) (?:so |finally )?ready to (?:go|die|leave this world|end it|be"
        r" done)(?= ?(?:[.!?,~]|$|now|soon|i think|for good))",
        r"(?:ready|prepared) to die\b",
        r"(?:wish i had|dont have|need|lack|lacking|find) the (?:guts|courage|nerve|balls) to"
        r" (?:do it|go through with it|end it|kill myself)\b",
        r"(?:dont|cant|do not|cannot) (?:see|imagine) myself (?:being |still )?(?:alive|here"
        r"|around|living|making it)\b",
        r"(?:it|this|everything)(?: will| ll|ll| is going to)? (?:all )?be over for me\b|soon"
        r" (?:it|this|everything|all this) (?:will|ll|is going to) (?:all )?be over\b",
        r"(?:i )?know (?:exactly )?(?:what|how|when|where) (?:im|i am|ill|i will|id|i|to)"
        r" (?:going to |gonna |will |want to )?do(?: it)?(?= ?(?:[.!?,~]|$|now))",
        r"i know (?:how|when) (?:i will|ill|id|i would|im going to|to) do it\b",
        # Spanish
        r"ya lo (?:he )?decid(?:i|ido)[ ,]{1,2}(?:no voy|no quiero|no hay|se acabo|es (?:hoy"
        r"|esta))\b|(?:ya )?(?:tome|he tomado) (?:la|una|mi) decision\b|no hay vuelta atras\b",
        r"no voy a (?:seguir|llegar a (?:mi|navidad|fin de ano|el verano)|estar aqui|aguantar"
        r" mucho)\b|no pienso (?:estar|seguir|llegar)\b",
        r"voy a (?:matarme|suicidarme|acabar con (?:todo|mi vida)|quitarme la vida|hacerlo"
        r"|tomarme (?:todas )?las pastillas)\b",
        r"lo (?:voy a|vo a|pienso) hacer(?= ?(?:[.!?,;~]|$|de verdad|esta|este|el|manana|pronto"
        r"|hoy|ya))",
    ),
    "plan": _strong(
        r"(?:ive|i have|ive got|ive made|i made|i got|i have made|i already have|theres|i have"
        r" got) (?:a|the|my) plan(?= ?(?:[.!?,;:)\n~]|$|and (?:a|the) (?:date|time|place)|and\b"
        r"|now\b|already\b|ready\b|this time|to (?:end|do it|die|kill|go through)|for (?:how"
        r"|when|tonight)))",
        r"(?:got it all|its all|everything is|ive got everything|its) planned(?: out)?\b",
        r"(?:picked|chosen|set|got|have|chose|choose|pick|decided on|booked) (?:a|the|my)"
        r" (?:date|day|time|place|spot|location)\b(?! for (?:the|my|our|a|your) )(?! to"
        r" (?:meet|visit|celebrate|start))",
        r"(?:know|written down|decided|worked out|planned) (?:exactly )?(?:when|where|how) and"
        r" (?:when|where|how)\b",
        r"(?:tengo|ya tengo) (?:un plan|fecha|el dia|el lugar|la fecha)\b(?! para\b)"
        r"",
        r"(?:lo )?tengo todo (?:planeado|pensado|preparado)\b",
    ),
    "preparation": _strong(
        rf"(?:stockpil|hoard|sav|collect|gather|stash|squirrel)\w{{0,4}}(?: up| away)? (?:my"
        rf" |the |some |all my |all the |a few |extra |enough )?{_PILLS}\b",
        r"(?:different|another|second|other) (?:pharmac\w{1,3}|chemists?|shops?|supermarkets?)"
        r" so (?:they|nobody|no one|noone) (?:wouldnt|wont|dont|didnt|would not|doesnt)"
        r" (?:ask|notice|know|suspect)\b",
        r"so (?:they|nobody|no one|noone) (?:wouldnt|wont|didnt) (?:ask|notice|suspect)\b",
        r"(?:got|bought|buy|buying|ordered|order|picked up|ive got|found) (?:the |a |some |a"
        r" length of |enough )?(?:rope|ligature|charcoal|helium)\b(?! (?:ladder|swing|lights?"
        r"|bridge|course|climbing|for the|for my))",
        r"(?:put|putting|got|getting|have|ive|sorted|sorting) (?:all )?my affairs in order\b(?!"
        r" (?:after|before|for) (?:the|my|our|a) (?:divorce|move|wedding|operation|surgery|baby"
        r"|retirement|house|new))",
        r"(?:giv(?:e|ing|en)|gave) away (?:all )?my (?:things|stuff|belongings|possessions"
        r"|clothes|books|games)\b(?! to (?:a |the )?(?:charity|charities|shop|oxfam))",
        r"(?:giving|gave|given|give) (?:all )?my (?:things|stuff|belongings|possessions) away\b",
        r"(?:gave|given|giving|rehomed|rehoming) (?:away )?my (?:cat|dog|pets?|rabbit|bird"
        r"|hamster|horse) to\b",
        r"(?:wrote|written|writing|write|left) (?:a )?(?:letters?|notes?) (?:to|for)"
        r" (?:everyone|everybody|each of|all my|my (?:family|kids|children|parents|mum|dad|wife"
        r"|husband|partner|friends))\b",
        r"for when im (?:gone|dead|not here|no longer here)\b",
        r"took (?:my|the|my dads|dads|his) (?:gun|shotgun|rifle|pistol) out\b",
        r"(?:i have|ive got|i got|i keep|theres|there is) (?:[a-z]{1,12} ){0,4}?(?:gun|rifle"
        r"|shotgun|pistol|firearm|revolver)\b",
        r"(?:tengo|guardo|hay) (?:una |la |el |un )?(?:escopeta|pistola|arma|rifle|revolver)\b",
        r"so (?:id|i would|ill|i will|i d) have enough\b|stopped taking (?:them|my (?:meds|pills"
        r"|tablets|medication)) so\b",
        r"(?:looked up|googled|searched|researched|reading about|read about|looking up) how to"
        r" (?:do it|end it|die|kill myself|make it painless|tie)\b",
        r"(?:buscado|busque|buscando|leyendo|mirado|mire) (?:en internet )?(?:como|formas de"
        r"|maneras de|metodos para) (?:hacerlo|matarme|morir|suicidarme)\b|sin que duela\b",
        r"(?:gun|shotgun|rifle|pistol|firearm)[a-z ]{0,40}?(?:under my (?:bed|pillow|mattress)"
        r"|in my (?:room|bag|car|drawer))\b",
        rf"(?:got|have|had|put|ive got) (?:the |my |all my |all the )?{_PILLS} (?:lined|laid"
        r"|counted|set) (?:up|out)\b",
        rf"{_MEANS} (?:are |is |all )?(?:ready|saved up|stashed|hidden away|lined up|counted out)"
        r"\b",
        r"how long (?:it takes|does it take|it would take|would it take|until) (?:to |you )?"
        r"(?:lose consciousness|die|pass out|bleed out|stop breathing)\b",
        r"(?:researching|researched|research|googl\w{0,4}|looking up|looked up|reading up"
        r" on|searching|searched) (?:for |about |on )?(?:suicide |different |the best |painless"
        r" |quick |easy |the easiest |the quickest )?(?:methods|ways to (?:die|go|end it|kill"
        r" myself|do it)|ways\b(?= all)|how to (?:die|kill myself|end it|end my life|hang|tie a"
        r" noose)|overdose amounts|suicide methods)\b(?! online is| is| are)",
        r"forums? (?:about|on|for) (?:methods|suicide|ways to)\b",
        r"(?:keep|keeping|carry|carrying|have) (?:a |the |my )?(?:blade|razor|razor blade"
        r"|lighter)s? (?:in|under|inside|behind|with) (?:my|the)\b",
        rf"hid(?:den|e|ing)? (?:the |my |some |all the )?(?:{_PILLS}|blades?|razors?|rope|gun)\b",
        r"(?:pills|tablets|blade|razor|rope|knife)[a-z ,]{0,50}?carry (?:it|them)"
        r" (?:everywhere|with me|around)\b",
        r"who (?:gets|will get|should get|is getting|will have|takes|will take) (?:the|my)"
        r" (?:dog|cat|pets?|things|stuff)\b",
        r"(?:easy|easier|simple|less hassle) for (?:them|everyone|my family|my [a-z]{1,12})"
        r" (?:afterwards|after(?= ?(?:[.!?,~]|$))|when im gone)\b",
        r"(?:passwords?|pin numbers?)[a-z ]{0,30}?(?:for when|envelope)\b",
        # Spanish
        r"(?:tengo|tenia) (?:las|mis|unas|muchas) (?:pastillas|pildoras|cuchillas) (?:guardadas"
        r"|escondidas|preparadas|listas|juntas)\b",
        r"(?:juntando|guardando|acumulando|ahorrando|escondiendo|junto|acumulo|guardo|guarde)"
        r" (?:las |mis |unas |una )?(?:pastillas|pildoras|medicinas|medicamentos|cuchillas?"
        r"|navaja)\b",
        r"compr(?:e|ado) (?:una |la |unas |las )?(?:cuerda|soga|cuchillas?)\b",
        r"(?:tengo|llevo) (?:guardadas|escondidas|juntadas|acumuladas) (?:las |unas |mis |muchas )?"
        r"(?:pastillas|pildoras|cuchillas)\b",
        r"regal(?:ando|e|ado|o) (?:todas )?mis (?:cosas|pertenencias|libros|juegos|mascotas)\b"
        r"(?! a (?:la |una |el )?(?:biblioteca|asociacion|ong|caridad|iglesia|escuela|colegio))",
        r"(?:deje|dejo|dejando|he dejado) (?:todo )?(?:arreglado|atado|en orden)\b",
        r"(?:investigando|buscando|busque|investigue) (?:metodos|formas de (?:morir|matarme"
        r"|hacerlo))\b",
    ),
    "farewell": _strong(
        r"(?:goodbye|good bye|farewell) (?:everyone|everybody|all|world|cruel world|forever|for"
        r" good|for ever)\b",
        r"this is (?:my )?(?:goodbye|farewell|the end|last (?:post|message|comment|note|words))\b",
        r"(?:this is|its|heres) goodbye\b",
        r"my (?:last|final) (?:post|message|comment|words|goodbye)(?= ?(?:[.!?,;:)\n~]|$|ever\b"
        r"|here\b|on (?:here|this)|goodbye))",
        r"(?:last|final) (?:thing|words?|message|post|comment) (?:ill|i will|i) (?:ever )?"
        r"(?:write|say|post)\b",
        r"by the time (?:you|anyone|someone) (?:read|reads|see|sees|find|finds) this\b",
        r"see you (?:all )?on the other side\b",
        r"(?:sorry|forgive me) for everything\b",
        r"tell my (?:[a-z]{1,12} ){1,2}?(?:i|that i) (?:loved|am sorry|m sorry|im sorry|was"
        r" sorry|didnt mean)\b",
        r"said my goodbyes\b|saying my goodbyes\b",
        r"(?:written|wrote|writing|left|finished) (?:the|my|a) (?:notes?|letters?)(?= ?(?:[.!?,"
        r"~]|$|for each|to (?:everyone|my)))",
        r"(?:written|wrote|writing|left|leave) (?:a|my) (?:goodbye|farewell|suicide) (?:note"
        r"|letter)\b",
        r"(?:logging|signing) off (?:for good|forever|for the last time)\b",
        r"(?:and |im |i am )?not coming back(?= ?(?:[.!?,;~]|$|ever|this time|night))",
        r"(?:it was|its been) nice knowing (?:you|everyone)\b",
        r"(?:after|when) im gone\b",
        r"thanks? (?:you )?(?:for everything )?before i go(?= ?(?:[.!?,~]|$))",
        r"(?:wont|will not) be (?:posting|writing|commenting) (?:again|anymore|any more)\b",
        r"(?:couldnt|cant|could not) hold on (?:any longer|anymore|any more)\b",
        r"my last (?:night|day|week|weekend|christmas|birthday|summer)\b(?! (?:at|in|of|before"
        r"|here|with|on))",
        r"notice (?:that )?im (?:gone|missing|not here)\b",
        r"(?:finished|done|been|started) writing to (?:everyone|everybody|my family|all of them"
        r"|each of them)\b",
        r"last time (?:anyone|you|you all|anybody|they|people) (?:hears?|will hear|sees?|will"
        r" see) (?:from )?me\b|(?:wont|will not|never) hear from me again\b",
        r"counting down the days(?= ?(?:[.!?,;~]|$))",
        r"irme para siempre\b|(?:es|ha llegado la) hora de irme\b",
        r"me (?:he despedido|despedi|estoy despidiendo) de (?:todos|todo el mundo|mi familia|mis"
        r" amigos|mis hijos)\b",
        r"(?:escrito|escribi|escribiendo|dejado|deje) (?:unas |las |mis |una |la |mi )?cartas?"
        r" (?:para"
        r"|a) (?:mis|mi|todos|cada)\b",
        # Spanish
        r"esto es (?:una |mi )?despedida\b|adios (?:a todos|para siempre|mundo)\b"
        r"|perdon(?:adme)? por todo\b",
        r"(?:este es )?mi ultimo (?:mensaje|comentario|post)\b",
        r"(?:diganle|decidle|dile|digan) a mi [a-z]{1,12} que (?:l[oa]s? )?(?:quise|quiero|amo"
        r"|ame|siento)\b",
        r"cartas? de despedida\b|nota de suicidio\b",
        r"ya no (?:estare|voy a estar|existire)\b",
    ),
    "self_harm": _strong(
        rf"(?:cut|cutting|burn|burning|burnt|burned|hit|hitting|punch|punching|scratch"
        rf"|scratching|scratched|bite|biting|bang|banging|banged|starve|starving|starved|hurt"
        rf"|hurting|harm|harming|injure|injuring|punish|punishing|choke|choking|carve|carving"
        rf"|pinch|pinching|stab|stabbing) ?{_SELF}",
        r"(?:cut|cutting|cuts|burn|burning|burned|burnt|scratch|scratching|scratched|carve"
        r"|carving|carved|hit|hitting|punch|punching|bang|banging|banged|slit|slitting|bite"
        r"|biting) (?:my|his|her) (?:wrists?|arms?|legs?|thighs?|skin|stomach|hips?|head|face"
        r"|body)\b",
        r"(?:punch|punching|punched|hit|hitting|kick|kicking) (?:the )?walls? (?:until|till|so)\b",
        r"(?:picking|pick|reopen|reopening|opening) (?:at )?(?:the |my )?(?:wounds?|scabs?"
        r"|cuts?)(?= ?(?:so|until|till|again|[.!?,~]|$))",
        r"urges? to (?:cut|burn|hurt myself|self ?harm|sh|hit myself|scratch)\b",
        r"cutting again\b|(?:been|started|start|keep|kept|back to|relapsed?) cutting(?="
        r" ?(?:again|myself|my\b|for\b|[.!?,;~]|$))",
        r"(?:pour|pouring|poured) (?:boiling|hot) water (?:on|over) my\b",
        r"(?:shd|sh d) again\b|(?:i|ive|just|been) shd\b",
        r"(?:took|taken|swallowed|overdosed|odd)[a-z ]{0,40}?on purpose\b",
        r"until (?:it|they|i) (?:bleeds?|bled|bruises?|bruised)\b|till (?:it|they|i) (?:bleeds?"
        r"|bruises?)\b",
        r"carv\w{0,3} [a-z ]{0,20}?(?:into|in|on) my (?:skin|arms?|legs?|thighs?)\b",
        r"(?:scars|cuts|marks|burns) on my (?:arms?|legs?|wrists?|thighs?|stomach|skin)\b",
        r"ice and salt\b|salt and ice\b",
        r"(?:hold|holding|held|push|pushing) my (?:head|breath|face) under (?:the )?(?:bath ?water"
        r"|water|bath)\b",
        r"(?:slammed|hit|cut|burnt|burned|bit|broke|bruised|scalded|scratched|banged|punched"
        r"|starved|injured|hurt|hurting|slamming|hitting|burning)[a-z ]{0,40}?(?:on purpose"
        r"|deliberately)\b",
        r"(?:tie|tying|tied|wrap|wrapping|put|putting) (?:things|something|a (?:belt|cord|scarf"
        r"|rope|ligature|string)|it|cords?|belts?) (?:round|around) my neck\b",
        r"self ?harm(?:s|ed|ing)?\b(?= (?:again|tonight|every|daily|because|when i))",
        r"(?:i|ive|been|started|keep|he|she|son|daughter|hes|shes) self ?harm(?:s|ed|ing)?\b",
        r"my self ?harm(?:ing)?\b",
        # Spanish
        r"me (?:corto|corte|he cortado|vuelvo a cortar)\b|(?:volvi a|quiero|necesito|ganas de)"
        r" (?:cortarme|hacerme dano|quemarme|golpearme)\b",
        r"me (?:queme|quemo|golpee|golpeo|lastime|lastimo|rasco|rasque|muerdo)\b[a-z ]{0,30}?"
        r"(?:a proposito|adrede|aposta|contra la pared|hasta sangrar|para sentir)",
        r"me (?:hago|hice|estoy haciendo) dano\b|golpearme\b",
        r"(?:haciendo|hago|hice|hacerme|he hecho) cortes\b|cortes en (?:los|las|mis) (?:brazos"
        r"|piernas|munecas|muslos)\b",
        r"me (?:quemo|queme|corto|corte|golpeo|golpee|rasco|rasque|arano|muerdo|pego|pellizco)"
        r" (?:los|las|el|la|mis) (?:brazos?|piernas?|munecas?|muslos?|manos?|cabeza|piel|barriga"
        r"|tripa|cara)\b",
        r"autolesion(?:o|e|ando|arme)\b|hasta (?:sangrar|que sangr\w{1,4})\b",
    ),
    "attempt": _strong(
        r"(?:tried|attempted|try|trying|attempt) (?:to )?(?:kill myself|kms|end (?:it|my life"
        r"|things|it all)|take my (?:own )?life|hang myself|jump|overdose|od|do it|die)\b",
        rf"(?:i )?(?:tried|attempted) (?:last (?:night|week|month|weekend)|yesterday|on {_DAY}"
        r"|again|this (?:week|morning|month|year)|suicide)\b",
        r"my (?:suicide )?attempt\b|(?:first|second|third|another|latest|recent) attempt\b(?!"
        r" at)",
        r"(?:took|taken|had|did) an? overdose\b|i (?:odd|od d|overdosed)\b|after my"
        r" (?:overdose|od)\b",
        r"pumped my stomach\b|(?:the )?(?:rope|belt|cord|ligature) (?:snapped|broke|gave way)\b",
        r"swallowed (?:everything|all|the whole|every|a (?:whole )?(?:bottle|box|packet))\b",
        r"(?:woke up|waking up|came round) in (?:a ?&? ?e|a and e|hospital|the hospital|icu"
        r"|intensive care|the er)\b|after what i did\b",
        rf"took (?:[1-9]\d{{1,2}}|twenty|thirty|forty|fifty|a hundred|all) (?:of )?(?:my |the )?"
        rf"{_PILLS}\b(?![a-z ]{{0,30}}(?:as prescribed|like (?:the|my) (?:doctor|gp|nurse)|with"
        r" (?:breakfast|food|water|dinner)|on time))",
        r"(?:took|swallowed|downed) (?:all|every one|every last one|the whole (?:bottle|packet"
        r"|box|pack|lot)|too many|a handful|handfuls|a bunch|loads|lots|a load|a lot|a whole"
        rf" (?:bottle|packet|box|pack))(?: of)?(?: [a-z]{{1,12}}){{0,3}}? {_PILLS}\b"
        r"(?![a-z ]{0,30}(?:as prescribed|like (?:the|my) (?:doctor|gp|nurse)|with (?:breakfast"
        r"|food|water|dinner)|on time))",
        r"survived (?:an|my|another) attempt\b",
        rf"(?:swallowed|took|taken|downed|had) (?:[1-9][0-9]{{1,2}}|twenty|thirty|forty|fifty"
        rf"|sixty|a hundred)(?: of)?(?: my| the)?(?: [a-z]{{1,12}})? {_PILLS}\b",
        r"(?:took|swallowed|taken|downed) (?:my |the |a )?(?:whole|entire|full|all of my|all my"
        r"|all the) (?:prescription|supply|bottle|packet|box|pack|stash)\b",
        r"me (?:tomo|voy a tomar|tomare|tomaria) (?:todas las|un bote|una caja|un monton de"
        r"|muchas) (?:pastillas|pildoras)\b",
        r"(?:found|saved|revived|resuscitated) me (?:in time|just in time)\b|i wish they"
        r" (?:hadnt|had not|didnt)\b",
        # Spanish
        r"intente (?:matarme|suicidarme|quitarme la vida|ahorcarme|tirarme|hacerlo)\b"
        r"|lo intente\b|mi intento\b",
        r"me tome (?:todas las|un bote|una caja|un monton|muchas|el bote)\b|desperte en el"
        r" hospital\b|sali del hospital despues\b",
    ),
    "hopelessness": _strong(
        r"better off (?:dead|without (?:me|him|her|them))\b|(?:happier|better|easier) without"
        r" me\b",
        r"(?:im|i am|id be|i would be) better off (?:gone|dead|not here|not around|not existing)\b",
        r"(?:taking up space|waste of (?:space|oxygen|air))\b",
        r"(?:better off|happier|easier|better|relieved) (?:for everyone )?(?:if|when|once) im?"
        r" (?:was |were |am |had |just )?(?:dead|gone|died|not here|not around|no longer here"
        r"|wasnt here|werent here|wasnt around|werent around|wasnt alive|disappeared"
        r"|didnt exist)\b",
        r"(?:theyd|they would|everyone would|everyoned|hed|shed|youd|theyd all) (?:all )?be"
        r" better off(?= ?(?:[.!?,;~]|$|without|if))",
        r"(?:no ?one|nobody|no body) (?:would|will|is going to|going to) (?:even )?(?:miss"
        r"|notice|care)(?: me| if i(?! (?:skip|miss|leave early|dont (?:go|come)|take|eat|am late"
        r"|m late"
        r"|go home|call in|bunk|skive)))\b",
        r"(?:no|any|the) (?:reason|point|purpose) (?:to live|in living|(?:in |of )?(?:going"
        r"|carrying) on|(?:in |of )?(?:being alive|living|existing|staying alive))\b",
        r"(?:no|any) point (?:in|of|to) (?:anything|trying|life|living|going on|it all|carrying"
        r" on|me)\b",
        r"nothing (?:left )?to live for\b|nothing left for me\b|(?:im|i am) done fighting\b",
        r"(?:no|any) (?:reason|point) (?:to|in) (?:stay|staying|stick around|sticking around|be"
        r" here|being here|keep going|wake up|carry on)\b(?! (?:at|in|with|on|for|there|home|up"
        r"|late|longer at)\b)",
        r"(?:whats|what is) (?:even )?the point (?:of|in) (?:living|being alive|going on|carrying"
        r" on|life|it all|anything|trying|me|any of (?:it|this))\b",
        r"(?:dont|cant|do not|no longer) see (?:the|any) point (?:in|of) (?:going on|living|life"
        r"|anything|carrying on|trying|being here|me|any of (?:this|it))\b",
        r"(?:cant|can no longer|unable to|dont know how to|dont think i can) (?:go on|keep"
        r" going|carry on|do this|cope|take it|take this|take any ?more|live like this)"
        + _CLAUSE_END,
        rf"struggl\w{{0,4}} (?:[a-z]{{1,15}} ){{0,3}}?to (?:continue|go on|keep going|carry on"
        rf"|stay alive|keep living|live){_CLAUSE_END}",
        r"(?:im|i am|so|just) done with (?:life|living|it all|being alive|this life|this world)\b",
        r"(?:im|i feel like|feel like|i feel|i am) (?:just |such |nothing but |only )?(?:a |an )?"
        r"(?:burden|waste of space)\b",
        r"burden (?:to|on) (?:everyone|everybody|my family|them|others|the people)\b",
        r"(?:never|not ever|isnt ever) (?:going to|gonna) get better\b|nothing (?:is )?(?:ever )?"
        r"(?:going to|will) (?:ever )?(?:get better|change)\b",
        r"(?:run|ran|running) out of (?:reasons|hope)\b",
        r"(?:no|not any) way out\b(?! of (?:the|this) (?:contract|car park|building|maze|room"
        r"|traffic|queue|meeting)"
        r"| (?:until|till))",
        r"(?:cant|cannot|dont|can not) see (?:a|any|my) future\b|no future for me\b|dont have a"
        r" future\b",
        r"tired of (?:fighting|struggling|trying)(?= ?(?:[.!?,~]|$|every|all|anymore|any more|so"
        r" hard|for nothing))",
        r"no hope (?:left|for me)\b|(?:i feel|feeling|im|i am|so|completely|totally|utterly)"
        r" hopeless\b",
        # Spanish
        r"soy una carga\b|(?:estarian|estarais|estaria|vivirian) mejor sin mi\b|mejor si yo no"
        r" (?:estuviera|existiera|estuviese)\b",
        r"(?:no le encuentro|no tiene|no le veo) sentido a (?:nada|la vida|vivir|seguir)\b|nada"
        r" tiene sentido\b",
        r"(?:no aguanto|no puedo) mas\b(?! (?:este|esta|estos|estas|el|la|los|las|con|de) )",
        r"nadie me (?:echaria|extranaria|echara) (?:de menos)?\b",
        r"no hay salida\b(?! (?:de|del) (?:este|esta|el|la) )|no tengo (?:futuro|salida"
        r"|razones para vivir)\b|nada va a mejorar\b",
    ),
}

# Phrases that count even after a recovery or past marker: a relapse is the present.
_ABSOLUTE: dict[str, re.Pattern[str]] = {
    "self_harm": _strong(
        r"relaps\w{0,3}(?: (?:with|on|into))? (?:self ?harm\w{0,3}|sh|cutting)\b",
        r"relaps\w{0,3}[a-z0-9 ]{0,40}?(?:clean|free) (?:from|of) (?:sh|self ?harm\w{0,3}"
        r"|cutting)\b",
    ),
    "active_thoughts": _strong(r"(?:the )?(?:thoughts|urges|feelings) (?:are|have come) back\b"),
}

# Cues that count in pairs: a plan is a deed with a time or a place; finality with a place.
_CUES: dict[str, re.Pattern[str]] = {
    "time": _strong(
        rf"tonights?\b|tomorrow(?: (?:night|morning))?\b|this (?:weekend|week|{_DAY})\b"
        rf"|on (?:{_DAY}|the [0-9]{{1,2}}(?:st|nd|rd|th)?)\b|{_DAY}(?: (?:night|morning))?\b"
        rf"|next (?:week|weekend|month|{_DAY})\b|after (?:my|the) (?:exams|shift|funeral|party"
        r"|wedding|birthday)\b|when (?:everyone|my (?:mum|dad|partner|wife|husband|parents"
        r"|flatmate)|the kids|they) (?:is|are|goes|go|leaves|leave|away|asleep)\b|(?:once|when"
        r"|after) (?:he|she|they|everyone|my [a-z]{1,12})(?: is|s| are|re)? asleep\b|new years"
        r" eve\b|my (?:birthday|anniversary)\b|on (?:christmas|my anniversary)\b"
        r"|at [0-9]{1,2}(?:[:.][0-9]{2})?(?: ?[ap]m)?\b|(?:the )?[0-9]{1,2}[:.][0-9]{2}\b"
        rf"|esta noche\b|manana\b|(?:el|este) (?:{_DIA}|fin de semana)\b|despues de mi\b",
    ),
    "place": _strong(
        rf"(?:at|to|on|from|off) (?:the|my|a) (?:{_JUMP_PLACE}|woods|forest|reservoir|river|lake"
        r"|sea|coast|tracks|railway|station|hotel room|garage|loft|beach)\b(?! club| for a"
        r" (?:walk|swim|picnic))",
        r"(?:al|en el|del) (?:puente|rio|bosque|acantilado|tren|metro)\b",
        r"(?:the )?same (?:spot|place)\b|the spot where\b",
    ),
    "means_have": _strong(
        rf"(?:ive got|i have|ive|got|have|bought|collected|stole|saved|all my|all of my|found)"
        rf" (?:[a-z]{{1,12}} ){{0,4}}?{_MEANS}\b(?! (?:ladder|swing|lights?|course|climbing"
        r"|for (?:the|my|a|our|climbing|camping|work|the kitchen)))",
    ),
    "sharp_have": _strong(
        r"(?:keep|kept|have|got|hid|hide|hidden|stash\w{0,3}) (?:[a-z]{1,12} ){0,3}?(?:blades?"
        r"|razor blades?|razors?|rope|noose|gun|shotgun|pistol)\b",
    ),
    "hiding_place": _strong(
        r"(?:under|in|behind|inside) (?:a |the |my )?(?:bed|mattress|pillow|wardrobe|tin|sock"
        r"|shoe|shoebox|shoe box|locker|phone case|pencil case)\b|hidden\b",
    ),
    "lethal_place": _strong(
        r"at the (?:bridge|tracks|railway|cliffs?|edge|roof|top floor|station)(?= ?(?:[.!?,;~]|$))",
        r"(?:the )?same (?:spot|place)\b|the (?:spot|place) where\b",
    ),
    "deed": _strong(
        r"(?:ill|i will|im going to|going to|i can|i could|i plan to|im planning to|planning to)"
        r" (?:finally |just |actually )?(?:do it|end it|go through with it|finish it|end things)\b",
        r"(?:thats|that is|thatll be|that will be) (?:when|the day|the night|my chance|the one"
        r"|the date|it|where)(?= ?(?:[.!?,;~]|$))",
        r"(?:that|it) will be it\b|thatll be it\b|my chance\b",
        r"(?:planned|planning|scheduled|set) it for\b",
        r"(?:im|i am) done(?= ?(?:[.!?,;~]|$))",
        r"(?:ive|i have) told no one\b|(?:havent|have not) told (?:anyone|anybody)\b|(?:nobody|no"
        r" one) knows\b",
        r"(?:kill myself|end my life|end it all|take my (?:own )?life)\b",
        r"(?:is|s) the (?:night|day)(?= ?(?:[.!?,;~]|$))|(?:tonights|todays) the (?:night|day)\b",
        r"(?:pensando|pienso|buscando|penso) (?:en )?como hacerlo\b|sin que nadie (?:se entere|lo"
        r" sepa|me vea|me encuentre)\b",
        r"(?:the|my) plan is (?:the|a|to do it|to go)\b",
        r"(?:ill|i will|im going to) (?:go|follow (?:him|her|them)) (?:too|as well)\b",
        r"(?:do|doing) it (?:this|on|tonight|tomorrow|after|when|before)\b",
        r"lo (?:hago|hare|voy a hacer)\b|sera (?:el|despues|esta)\b",
        r"(?:nobody|no one|noone|no body) (?:will|would|goes|is|ll) (?:be )?(?:find|see|stop"
        r"|around|home|there|know)\b|have the house to myself\b|no (?:haya|hay) nadie\b",
        r"ya esta decidido\b|y no vuelvo\b",
    ),
    "finality": _strong(
        r"(?:and |im |i am )?not coming back\b|wont be coming back\b|never coming back\b"
        r"|no voy a volver\b|y no vuelvo\b",
        r"one way ticket\b",
        r"(?:wont|will not|dont|wouldnt|shant) need (?:them|it|any of (?:it|this|them)|my"
        r" [a-z]{2,15}|anything)(?= ?(?:[.!?,;~]|$|anymore|any more|soon|where im going|after))",
        r"nothing left for me\b|(?:im|i am) done fighting\b",
    ),
    "intent_hint": _strong(
        r"(?:its|it is) time(?= ?(?:[.!?,;~]|$))",
        r"(?:im|i am|i feel) (?:so )?ready(?= ?(?:[.!?,;~]|$))",
        r"(?:find|need|have|get|build|work up|found|got) (?:the )?(?:courage|guts|nerve)\b",
    ),
    "weapon": _strong(r"(?:gun|rifle|shotgun|pistol|firearm|revolver)s?\b"),
    "access": _strong(
        r"i know where (?:the )?(?:key|keys|code|combination|it|he keeps it|they are|its kept)"
        r"(?: is| are)?\b|i (?:can|could) (?:get|get to|reach) (?:it|them)\b",
    ),
    "prep": _strong(
        r"(?:updated|written|wrote|made|make|making|updating|sorted|sort) (?:out )?my will\b",
        r"cancel+ed my (?:[a-z]{1,12} )?(?:subscriptions?|membership|contract|plans?)\b",
        r"paid off (?:what i owe|my debts?|everything)\b|deleted (?:all )?my (?:photos|accounts"
        r"|posts|messages)\b|everythings sorted\b|no point keeping it\b",
        r"told (?:him|her|them) it was (?:for a while|temporary|just for now)\b|(?:it|that)"
        r" (?:isnt|wasnt|is not)(?= ?(?:[.!?,~]|$))",
        r"(?:gave|given|giving) my (?:cat|dog|pets?) to\b",
        r"passwords? (?:are |is )?(?:on|in|for|written)\b",
        r"(?:gave|given|giving) (?:away )?my [a-z]{2,15} to\b",
        r"closed (?:my|all my) (?:[a-z]{1,12} )?accounts?\b|everything (?:is|s) (?:tidy|sorted|in"
        r" order|ready|arranged|taken care of)\b",
        r"(?:sold|selling) my (?:car|things|stuff|belongings|possessions|guitar|bike|flat)\b",
        r"gave (?:the|my|all the|all my) (?:money|savings) to\b",
        r"(?:she|he|they|nobody|no one) (?:doesnt|dont|didnt|wont) know why\b",
        r"from (?:two|2|three|3|several|different|separate) (?:different )?(?:shops|pharmacies"
        r"|chemists|supermarkets|stores)\b",
        r"(?:put|putting) my (?:dog|cat|pets?) up for adoption\b|rehom\w{1,4} my (?:dog|cat"
        r"|pets?)\b|(?:someone|somebody) (?:who will|wholl) be (?:around|here)\b",
    ),
    "farewell_hint": _strong(
        r"wasnt (?:your|anyones|their) fault\b",
        r"(?:if|when) (?:anyone|anybody|you|my [a-z]{1,12})(?: [a-z]{1,12}){0,3}? (?:reads?"
        r"|sees?|finds?) this\b",
        r"i love you all(?= ?(?:[.!?,~]|$))",
        r"thank you all for (?:being|everything)\b",
        r"(?:said|say|saying) goodbye to (?:my (?:family|kids|mum|dad|parents|friends|partner|wife"
        r"|husband|children)|everyone|everybody)\b",
        r"without (?:them|anyone|anybody) knowing\b|it was (?:goodbye|a goodbye)\b",
        r"(?:goodbye|good bye|bye)(?= ?[.!?]*$)",
    ),
}
# category, first cue, second cue: both present (and each counting in its clause) flags it.
_PAIRS = (
    ("plan", "time", "deed"),
    ("plan", "place", "deed"),
    ("plan", "time", "lethal_place"),
    ("plan", "means_have", "time"),
    ("plan", "deed", "deed"),
    ("preparation", "sharp_have", "hiding_place"),
    ("preparation", "means_have", "hiding_place"),
    ("preparation", "means_have", "prep"),
    ("preparation", "prep", "finality"),
    ("preparation", "weapon", "access"),
    ("intent", "intent_hint", "intent_hint"),
    ("intent", "means_have", "intent_hint"),
    ("plan", "finality", "time"),
    ("plan", "finality", "place"),
    ("preparation", "prep", "prep"),
    ("farewell", "farewell_hint", "farewell_hint"),
)
_TOPIC_SUBJECT = re.compile(r" ?(?:online |[a-z]{1,12} )?(?:is|are|can be|may be|should|must|was) ")
# Someone arranging help is not planning a death: "I'll do it tomorrow, I'll ring the GP".
_HELP_SEEKING = re.compile(
    r"\b(?:ring|call|phone|book|see|email|text|contact|tell|ask)(?: [a-z]{1,10}){0,2}? (?:the )?"
    r"(?:gp|doctor|helpline|samaritans|therapist|counsellor|appointment|crisis (?:team|line))\b"
)
# Every phrase of every category at once: sentences where none begins are not read further,
# so a megabyte of text costs one scan, and each distinct sentence is read once.
_GATE = _at_word_start(*_ALL_BRANCHES)
_MAX_SENTENCES = 2000
_MAX_READ = 200_000  # characters of sentences read closely, after the gate
_MAX_MATCHES = 10
_COMPOSED = 1 << 40  # composed words are listed after the phrases that matched
_SETTINGS = frozenset({"time", "place", "lethal_place"})
_EVERYDAY_PRONE = frozenset({"preparation", "plan", "farewell", "self_harm", "attempt"})
_CLAUSE_BREAK = re.compile(r"[.!?\n]")


class _Reader:
    """One normalised text, with the clause scopes every match is judged in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.end() for m in _SCOPE_BREAK.finditer(text)]
        self.sentence_breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
        self.professional = bool(_PROFESSIONAL.search(text))

    def _span(self, breaks: list[int], start: int, end: int) -> tuple[int, int]:
        index = bisect.bisect_right(breaks, start)
        scope_start = breaks[index - 1] if index else 0
        after = bisect.bisect_left(breaks, end)
        scope_end = breaks[after] if after < len(breaks) else len(self.text)
        return scope_start, scope_end

    def sentences_worth_reading(self) -> list[tuple[int, int]]:
        """The spans of the distinct sentences in which some phrase of some category begins."""
        regions, seen, text, read = [], set(), self.text, 0
        ends = [*self.sentence_breaks, len(text)]
        for index, start in enumerate([0, *self.sentence_breaks]):
            # With the next sentence: "I just want everything to stop. Permanently."
            end = ends[min(index + 1, len(ends) - 1)]
            if text[start:end] in seen:
                continue  # repeated sentences (a hostile paste) are read once
            seen.add(text[start:end])
            match = _GATE.search(text, start, end)
            if match is not None and match.start() < ends[index]:
                regions.append((start, end))
                read += end - start
                if len(regions) >= _MAX_SENTENCES or read >= _MAX_READ:
                    break
        return regions

    def counts(self, start: int, end: int, *, absolute: bool = False, subject: bool = True) -> bool:
        """Whether the match at ``start:end`` is the writer (or someone now) at risk."""
        text = self.text
        scope_start, scope_end = self._span(self.breaks, start, end)
        # A clause is read no further than a few lines either side: a megabyte without a full
        # stop is one clause, and reading all of it for every match would be quadratic.
        scope_start, scope_end = max(scope_start, start - 300), min(scope_end, end + 300)
        before = text[max(scope_start, start - 120) : start]
        if _NEGATION.search(before):
            return False
        if absolute:
            return True
        if self._in_the_past(scope_start, scope_end, start, end) or _EDUCATIONAL.search(before):
            return False
        if RECOVERY_TURN.search(text, end, min(len(text), end + 400)):
            return False
        if self.professional:
            sentence_start, sentence_end = self._span(self.sentence_breaks, start, end)
            window = text[max(sentence_start, start - 300) : min(sentence_end, end + 300)]
            if _PROFESSIONAL.search(window):
                return False
        words = text[start:end].split()
        if words and words[0].endswith("ing") and _TOPIC_SUBJECT.match(text, end):
            return False  # "hoarding pills is a warning sign": the act as a topic
        if not subject or _FIRST.intersection(words):
            return True  # "they'd be better off without me": the writer is the one at risk
        return self._subject_counts(before.split()[-8:], text[start:end].split()[:1])

    def _in_the_past(self, scope_start: int, scope_end: int, start: int, end: int) -> bool:
        """A past or recovery marker in the clause, other than words of the match itself."""
        for marker in _PAST.finditer(self.text, scope_start, scope_end):
            if not (start <= marker.start() and marker.end() <= end):
                return True
        return False

    @staticmethod
    def _subject_counts(before: list[str], first_word: list[str]) -> bool:
        between: list[str] = []
        words = [word.strip(",:()") for word in before]
        for index in range(len(words) - 1, -1, -1):
            word = words[index]
            if (
                word == "he"
                and words[index + 1 :][:1]
                and _SPANISH_PERFECT.search(words[index + 1])
            ):
                return True  # Spanish "he estado buscando": I have
            if word in _FIRST:
                return True
            if word in _GENERIC:
                return False
            if word not in _THIRD and word.endswith("s") and word[:-1] in _THIRD:
                word = word[:-1]  # "my sons been googling": the apostrophe of "son's" is gone
            if word in _THIRD and _SUBORDINATE.intersection(words[max(0, index - 3) : index]):
                between.append(word)
                continue  # "when my mum goes on holiday, that's my chance": not the subject
            if word in _THIRD:
                # Someone else's risk is asked about, not the writer's ("my friend says she
                # wants to die, what do I do?"): readers who worry about others are answered
                # by the helplines on every page, and labelled sets hold these as safe.
                return False
            between.append(word)
        return True


_SPANISH_PERFECT = re.compile(r"(?:ado|ido)$")
_SUBORDINATE = frozenset({"when", "once", "after", "until", "till", "before", "while", "cuando"})


def _is_past(word: str) -> bool:
    return word in _PAST_VERBS or (
        len(word) > 4 and word.endswith("ed") and word not in _PRESENT_ED
    )


def prepare(text: object) -> str:
    """``text`` as the patterns read it: quotations and idioms blanked, then ``normalise``d."""
    return _BENIGN.sub(" ~ ", normalise(_blank_quotations(safe_text(text))))


def assess_risk(text: object) -> RiskAssessment:
    """Read ``text`` and say which risk categories it speaks of, and by which words."""
    reader = _Reader(prepare(text))
    found: dict[str, list[tuple[int, str]]] = {}
    if joking(reader.text):
        return RiskAssessment()  # "if we lose the derby ill kms lmao"

    def add(category: str, match: re.Match[str]) -> None:
        start, end = reader._span(reader.sentence_breaks, match.start(), match.end())
        sentence = reader.text[max(start, match.start() - 300) : min(end, match.end() + 300)]
        if category in _EVERYDAY_PRONE and (
            everyday(sentence) or category == "farewell" and everyday(reader.text[:10_000])
        ):
            return  # "saving pills for the trip", "goodbye card for a colleague"
        if topic_only(sentence) or professional:
            return  # "the article says asking how many pills would kill you is a warning sign"
        found.setdefault(category, []).append((match.start(), match.group().strip()))

    regions = reader.sentences_worth_reading()
    professional = professional_voice(reader.text)

    def accepted(pattern: re.Pattern[str], **options: bool) -> list[re.Match[str]]:
        # Ten matches are plenty for a moderator; a hostile paste may hold a million.
        found = (
            match
            for start, end in regions
            for match in pattern.finditer(reader.text, start, end)
            if reader.counts(match.start(), match.end(), **options)
        )
        return list(itertools.islice(found, _MAX_MATCHES))

    for category, pattern in _STRONG.items():
        for match in accepted(pattern):
            add(category, match)
    for category, pattern in _ABSOLUTE.items():
        for match in accepted(pattern, absolute=True):
            add(category, match)
    # A time or a place is not an act: whoever is the subject near it does not matter.
    cues = {
        name: accepted(pattern, subject=name not in _SETTINGS) for name, pattern in _CUES.items()
    }
    help_seeking = bool(_HELP_SEEKING.search(reader.text))
    for category, first, second in _PAIRS:
        if category == "plan" and help_seeking:
            continue
        distinct = {m.group() for m in cues[first]} | {m.group() for m in cues[second]}
        if cues[first] and cues[second] and (first != second or len(distinct) > 1):
            for match in (cues[first] + cues[second])[:4] if first != second else cues[first][:4]:
                add(category, match)
    # Compositions of concepts (who, means, time, place, act, decision): see risk_concepts.
    # A category a phrase already named keeps the phrase's words: they are the more telling.
    for offset, (category, words) in enumerate(compose(reader.text).items()):
        if category in found:
            continue
        for index, word in enumerate(words[:4]):
            found.setdefault(category, []).append((_COMPOSED + offset * 100 + index, word))
    categories = tuple(sorted(found, key=_ORDER.__getitem__))
    matches = tuple(
        (category, words)
        for category in categories
        for _, words in sorted(dict.fromkeys(found[category]))
    )
    return RiskAssessment(categories=categories, matches=matches)


def detect_risk(text: object) -> bool:
    """True when ``text`` speaks of suicide or self-harm risk, as ``assess_risk`` reads it."""
    return assess_risk(text).is_risk
