"""Spotting suicide and self-harm language in reader comments, by rule.

Rules, not a model: every decision can be read, tested and explained to a moderator. The rules
lean towards holding — a false alarm costs a moderator a minute, a miss can cost a life — but
the common idioms ("this article killed it", "dying to read more", "suicide prevention week")
are taken out first so that the urgent queue stays worth reading.

How it works:
1. ``normalise`` lowercases, folds accents and look-alike letters, undoes simple obfuscation
   (leetspeak, s*icide, s-u-i-c-i-d-e), drops apostrophes and collapses whitespace.
2. Benign idioms and topic compounds are blanked out.
3. Phrase patterns that express risk by themselves are searched; a few of them (the "…myself"
   verbs) are ignored when directly negated: "I would never hurt myself".
4. Topic words (suicide, self-harm, overdose) count only with a person nearby: "my brother",
   "I", "she", "again", "tonight" — so "the article explains suicide risk factors" does not.

Every pattern is linear: no nested quantifiers, every repetition bounded or anchored, so a
megabyte of hostile text is scanned in well under a second.
"""

from __future__ import annotations

import re
import unicodedata

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
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i", "|": "i"})  # fmt: skip
# A run of letters with at least one leet character inside it, matched from its start only
# (the lookbehind), so a long run without one is rejected once rather than at every offset.
_LEET_WORD = re.compile(r"(?<![a-z0-9@$!|*])[a-z]*+[0-9@$|*!][a-z0-9@$!|*]*+")
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


def _at_word_start(*branches: str) -> re.Pattern[str]:
    """One regex matching any branch that begins a word.

    The word-start test sits once in front of the alternation rather than as a ``\\b`` in each
    branch: the regex engine then skips, at a glance, every branch whose first letter differs,
    which makes scanning a megabyte ten times faster. Every branch starts with a letter, so a
    run of punctuation or digits is passed over without trying any of them.
    """
    return re.compile(r"(?<![a-z0-9])(?=[a-z])(?:" + "|".join(branches) + ")")


def _unleet(match: re.Match[str]) -> str:
    word = match.group()
    if not any(c.isalpha() for c in word):
        return word  # a number, a price, "24/7": not obfuscation
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
        text = text.translate(_LOOKALIKES).translate(_SMALL_CAPS)
    text = _LEET_WORD.sub(_unleet, text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group()), text)
    text = text.replace("'", "").replace('"', " ").replace("-", " ")
    text = _JOINED_WORDS.sub(" ", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group()], text)


# Clause ends: punctuation, end of text, or a word that starts a new clause.
_CLAUSE_END = r" ?(?:[.!?,;:)\n]|$|and\b|but\b|so\b|any ?more|any ?longer|like this|no more)"
_END = rf"(?={_CLAUSE_END})"
_SELF = r"(?:my|him|her|them|your|our|one)sel(?:f|ves|fs)\b"

# Phrases safe to ignore whatever surrounds them; blanked before any risk pattern is tried.
_BENIGN = _at_word_start(
    r"suicid(?:e|al) (?:prevention|awareness|squad|rates?|risk factors?|statistics"
    r"|stats|research|hotline|helpline|lifeline|crisis line|doors?|mission|squeeze)\b",
    r"(?:political|career|social|commercial|electoral|financial) suicide\b",
    r"self ?harm(?:ing)? (?:awareness|research|statistics|rates)\b",
    r"overdose (?:awareness|prevention|deaths|crisis|statistics|rates)\b",
    r"kill(?:ed|ing|s)? (?:it|time|two birds)\b",
    r"(?:could|would|id) kill for\b",
    r"dying (?:to|for)\b",
    r"to die for\b",
    r"die ?hard\b",
    r"dead (?:tired|on my feet|good|easy|serious|funny|ringer|end)\b",
    r"(?:die|died|dying) (?:of|from|with) (?:laughter|laughing|embarrassment|boredom"
    r"|cuteness|shame|old age)\b",
    rf"kill(?:ed|ing)? {_SELF} (?:laughing|over|trying|working|to (?:get|finish|meet"
    r"|make|keep))\b",
    rf"(?:hurt|hurting|cut|cutting|burnt?|burned|burning) {_SELF} (?:playing|lifting"
    r"|running|skiing|cycling|falling|shaving|cooking|chopping|gardening|at (?:the gym"
    r"|work)|on (?:a|the) (?:knife|oven|kettle|iron|stove|glass|tin|can|paper))\b",
    r"(?:bored|scared|worried|frightened) to death\b",
    r"(?:take|taking|took) (?:my|his|her|their|your) (?:own )?life (?:back|in|into"
    r"|forward|seriously)\b",
)

# Phrases that are a reason to hold whoever says them and whatever precedes them.
_RISK = _at_word_start(
    r"(?:dont|doesnt|didnt|no longer|never) (?:want|wish|feel like) to (?:live|be alive"
    r"|be here|exist|wake up|go on|keep going|carry on)\b(?! (?:in|with|near|at|on|there"
    r"|abroad|next|somewhere|together|by)\b)",
    r"want(?:s|ed|ing)? to (?:die|be dead|disappear forever|not exist|stop existing"
    r"|not wake up|never wake up|not be here|end (?:things|everything|my life))\b",
    r"(?:ready|prepared) to die\b|(?:sleep|sleeping) forever\b|never wake up again\b",
    r"(?:and|to|just|could|would) (?:never|not) wake up\b",
    r"(?:isnt|not|no longer|never) worth (?:living|being alive|staying alive)\b",
    r"(?:im|i am|so|just) done with (?:life|living|it all|being alive|this life|this world)\b",
    r"(?:pills|tablets|meds|rope|razor|razors|blades?) (?:are )?(?:ready|saved up|stashed"
    r"|hidden away|lined up)\b",
    r"wish (?:i|he|she|they)? ?(?:was|were|could be|would be) dead\b",
    r"wish i (?:was|were|had|could have) never (?:been )?born\b",
    r"wish i (?:could|would) (?:just )?(?:die|disappear|not wake up|never wake up)\b",
    r"wish i (?:wasnt|werent|didnt) (?:here|alive|born|around|exist|wake up)\b",
    r"better off (?:dead|without (?:me|him|her|them))\b",
    r"(?:better off|happier|easier|better) (?:for everyone )?(?:if|when|once) im?"
    r" (?:was |were |am |had |just )?(?:dead|gone|died|not here|no longer here|wasnt here"
    r"|werent here|disappeared)\b",
    r"(?:no ?one|nobody|no body) (?:would|will|is going to|going to) (?:miss|notice"
    r"|care)(?: me| if i)\b",
    r"(?:no|any|the) (?:reason|point|purpose) (?:to live|in living|(?:in |of )?(?:going"
    r"|carrying) on|(?:in |of )?(?:being alive|living|existing|staying alive))\b",
    r"nothing (?:left )?to live for\b",
    r"whats the point (?:of|in) (?:living|being alive|going on|carrying on|life|it all"
    r"|anything)\b",
    r"(?:cant|can no longer|unable to|dont know how to|dont think i can) (?:go on|keep"
    rf" going|carry on|do this|cope|take it|take this|take any ?more|live like this){_END}",
    rf"struggl\w{{0,4}} (?:\w+ ){{0,3}}?to (?:continue|go on|keep going|carry on|stay"
    rf" alive|keep living|live){_END}",
    r"(?:end|ending|ended|finish|finishing) (?:it all|everything|my life|my own life"
    r"|things for good)\b",
    r"(?:want|wanted|going|plan|planning|ready|decided|thinking|think|thought|tempted"
    r"|about|like|considering) (?:to |about |of )?(?:end|ending) it\b(?! (?:with|for|off"
    r"|there|early|between)\b)",
    r"unaliv\w{0,6}|\bsewer ?slide|\bself ?delet\w{0,3}|\bdelete myself\b",
    r"(?<![0-9])(?<![0-9] )\b(?:kms|kys|ctb)\b",
    r"noose\b|\bslit (?:my |his |her |their )?wrists?\b",
    r"cutting again\b|\b(?:been|started|start|keep|kept|back to|urges? to|urge"
    rf" for|relapsed?) cutting(?= ?(?:again|myself|my\b|for\b)|{_CLAUSE_END})",
    r"relapsed?(?: (?:with|on|into))? (?:self ?harm\w{0,3}|sh|cutting)\b",
    r"(?:scars|cuts|marks) on my (?:arms?|legs?|wrists?|thighs?|stomach|skin)\b",
    r"(?:took|swallowed|downed|(?:going to|want to|about to|planning to|plan to"
    r"|thinking (?:of|about)) (?:take|taking|swallow|swallowing)) (?:all|every one|every"
    r" last one|the whole (?:bottle|packet|box|pack|lot)|too many|a handful|handfuls|a"
    r" bunch|loads|lots|a load|a lot|a whole (?:bottle|packet|box|pack))(?: of)?(?: [a-z]+)"
    r"{0,3}? (?:pills|tablets|meds|medication|medicine|paracetamol|painkillers"
    r"|antidepressants)\b",
    r"(?:stockpil|hoard|sav)\w{0,4}(?: up)? (?:my |the |some |all my )?(?:pills|tablets"
    r"|meds|medication|painkillers)\b",
    r"(?:ive|i have|ive got|ive made|i made|i got|i have made|i already have) a plan"
    r"(?= ?(?:[.!?,;:)\n]|$|and\b|now\b|already\b|ready\b|this time|to (?:end|do it|die"
    r"|kill|go through)|for (?:how|when|tonight)))",
    r"i know (?:how|when) (?:i will|ill|id|i would|im going to|to) do it\b",
    r"(?:written|wrote|writing|left|leave) (?:a|my) (?:goodbye|farewell|suicide)"
    r" (?:note|letter)\b",
    r"giv(?:e|ing|en) away (?:all )?my (?:things|stuff|belongings|possessions)\b",
    r"(?:goodbye|good bye|farewell) (?:everyone|everybody|all|world|cruel world|forever"
    r"|for good|for ever)\b",
    r"this is (?:my )?(?:goodbye|last (?:post|message|comment|note|words))\b",
    r"my (?:last|final) (?:post|message|comment|words|goodbye)(?= ?(?:[.!?,;:)\n]|$"
    r"|ever\b|here\b|on (?:here|this|earth)|goodbye))",
    r"by the time (?:you|anyone|someone) (?:read|reads|see|sees|find|finds) this\b",
    r"(?:wont|will not|not going to) be (?:here|around|alive) (?:much longer|for much"
    r" longer|for long|tomorrow|anymore|any more|by (?:tomorrow|morning|the weekend))\b",
    r"(?:im|i feel like|feel like|i feel|i am) (?:just |such |nothing but |only )?(?:a |an"
    r" )?(?:burden|waste of space)\b",
    r"burden (?:to|on) (?:everyone|everybody|my family|them|others|the people)\b",
    r"(?:id|i would) rather (?:be dead|die|not (?:be alive|exist|be here|wake up))\b",
    r"(?:should|deserve to|deserves to|ought to) (?:just )?(?:die|be dead)\b",
    r"(?:jump|jumping|jumped|throw myself|throwing myself|step|stepping|walk|walking)"
    r" (?:off|from|in front of) (?:a |the |my )?(?:bridge|building|roof|cliff|balcony"
    r"|train|bus|car park|car|lorry|truck|tower|window)\b",
)

# Phrases about harming oneself that a direct negation undoes: "I would never hurt myself".
_NEGATABLE = _at_word_start(
    r"(?:kill|killing|killed|off|offing|offed|hang|hanging|hanged|drown|drowning|hurt|hurting"
    r"|harm|harming|injure|injuring|punish|punishing|starve|starving|burn|burning|burnt|burned"
    rf"|cut|cutting) ?{_SELF}",
    r"(?:take|taking|took|taken|end|ending|ended) (?:my|his|her|their|your) (?:own )?life\b",
    r"cut(?:ting|s)? (?:my|his|her|their) (?:wrists?|arms?|legs?|thighs?|skin|stomach)\b",
)
# Topic words that need a person nearby to count (and are also undone by a direct negation).
_TOPIC = _at_word_start(
    r"suicid(?:e|al|ality)\b", r"self ?(?:harm|injur)\w{0,3}", r"overdos\w{0,3}"
)
_NEGATION = re.compile(
    r"\b(?:never|not|no longer|wont|wouldnt|couldnt|shouldnt|isnt|arent)(?: (?:ever|even|really"
    r"|actually|seriously|consider|considering|think|thinking|of|about|want|wanting|try|trying"
    r"|to|be|been|going|feel|feeling|do|intend|intending|plan|planning|i|id|im|myself|attempt"
    r"|commit|committing|contemplate|a|that))*+ ?$"
)
# Words that put a person next to a topic word: a pronoun, a relative, or something done.
_PERSONAL = frozenset({
    "i", "im", "ive", "id", "ill", "me", "my", "myself", "mine", "we", "us", "our", "he", "she",
    "him", "her", "his", "hes", "shes", "friend", "friends", "mum", "mom", "dad", "brother",
    "sister", "son", "daughter", "wife", "husband", "partner", "boyfriend", "girlfriend", "kid",
    "child", "cousin", "took", "taken", "take", "taking", "tried", "attempted", "attempt",
    "attempts", "survived", "thinking", "thought", "thoughts", "considering", "considered",
    "planning", "plan", "again", "tonight", "feel", "feeling", "feels", "felt",
})  # fmt: skip
_CLAUSE_BREAK = re.compile(r"[.!?\n]")


def _negated(text: str, start: int) -> bool:
    before = _CLAUSE_BREAK.split(text[max(0, start - 80) : start])[-1]
    return _NEGATION.search(before) is not None


def _near_a_person(text: str, start: int, end: int) -> bool:
    before = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1].split()[-5:]
    after = _CLAUSE_BREAK.split(text[end : end + 60])[0].split()[:5]
    return any(w.strip(",;:()") in _PERSONAL for w in before + after)


def detect_risk(text: str) -> bool:
    """True when ``text`` speaks of suicide or self-harm by a person, rather than the topic."""
    folded = _BENIGN.sub(" ~ ", normalise(text))
    if _RISK.search(folded):
        return True
    for match in _NEGATABLE.finditer(folded):
        if not _negated(folded, match.start()):
            return True
    for match in _TOPIC.finditer(folded):
        if _near_a_person(folded, match.start(), match.end()) and not _negated(
            folded, match.start()
        ):
            return True
    return False
