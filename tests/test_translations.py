"""The Spanish catalogue is complete, its committed .mo is what the .po compiles to, it holds
every string the templates and code ask for, and no template shows English outside the
translation tags. None of this needs the gettext tools (a fresh machine has only Python)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
TEMPLATES = ROOT / "templates"
APPS = ["kith", "topics", "articles", "comments", "transfer", "api"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|</?[a-z][^>]*>")


def _key(msgctxt: str | None, msgid: str, msgid_plural: str = "") -> tuple[str, str, str]:
    return (msgctxt or "", msgid, msgid_plural or "")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 500
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    obsolete = [entry.msgid for entry in catalogue.obsolete_entries()]
    assert untranslated == [], untranslated
    assert fuzzy == [], fuzzy
    assert obsolete == [], obsolete
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "es"
    assert catalogue.percent_translated() == 100


def test_translations_keep_every_placeholder_and_tag(catalogue):
    """A translation that drops %(name)s or a link would break the page or lose a fact."""
    problems = []
    for entry in catalogue:
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        for source, translation in pairs:
            kept = sorted(set(PLACEHOLDER.findall(translation)))
            if sorted(set(PLACEHOLDER.findall(source))) != kept:
                problems.append(f"{source!r} → {translation!r}")
    assert problems == [], "\n".join(problems)


def test_the_committed_mo_is_the_compiled_po(catalogue, tmp_path):
    """Compiled here (polib), read back, and compared entry by entry with the committed file:
    an edit to the .po without compiling it again fails."""
    fresh = tmp_path / "django.mo"
    catalogue.save_as_mofile(str(fresh))

    def entries(mo: polib.MOFile) -> dict:
        found = {}
        for entry in mo:
            key = _key(entry.msgctxt, entry.msgid, entry.msgid_plural)
            found[key] = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
        return found

    committed = entries(polib.mofile(str(MO)))
    assert committed == entries(polib.mofile(str(fresh)))
    assert polib.mofile(str(MO)).metadata.get("Plural-Forms") == catalogue.metadata["Plural-Forms"]


def _template_messages(path: Path) -> set[tuple[str, str, str]]:
    """The msgids Django's makemessages would take from a template: its own ``templatize``
    turns the tags into gettext calls (not valid Python as a whole, so they are read alone)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for name, arguments in TEMPLATE_CALL.findall(code):
        strings = [ast.literal_eval(literal) for literal in STRING.findall(arguments)]
        context = strings.pop(0) if name.startswith(("pgettext", "npgettext")) else ""
        plural = strings[1] if name.startswith(("ngettext", "npgettext")) else ""
        found.add(_key(context, strings[0], plural))
    return found


STRING = re.compile(r"u?'(?:[^'\\]|\\.)*'" + r'|u?"(?:[^"\\]|\\.)*"')
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|pgettext|ngettext|npgettext)\(\s*((?:(?:{STRING.pattern})\s*,?\s*)+)"
)
# Which arguments hold the context and the message(s), by function.
_CALLS = {
    "gettext": (None, 0), "_": (None, 0), "gettext_lazy": (None, 0), "gettext_noop": (None, 0),
    "pgettext": (0, 1), "pgettext_lazy": (0, 1), "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1), "npgettext": (0, 1, 2),
}  # fmt: skip


def _python_messages(code: str) -> set[tuple[str, str, str]]:
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in _CALLS:
                found |= _from_arguments(name, node.args)
    return found


def _from_arguments(name: str, args: list) -> set[tuple[str, str, str]]:
    """The message of one call whose arguments are string constants (else none: a variable
    such as ``gettext(step.done)`` is translated where its text is marked)."""
    context_at, *message_at = _CALLS[name]
    values = []
    for index in [context_at, *message_at]:
        if index is None:
            values.append("")
            continue
        if index >= len(args) or not isinstance(args[index], ast.Constant):
            return set()
        values.append(args[index].value)
    if not all(isinstance(value, str) for value in values):
        return set()
    context, msgid, *plural = values
    return {_key(context, msgid, plural[0] if plural else "")}


def test_the_catalogue_holds_every_message_the_templates_and_code_ask_for(catalogue):
    """makemessages needs the gettext tools; this finds the same calls with Python alone, so a
    new string without a translation fails here."""
    known = {_key(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue}
    wanted: dict[tuple[str, str, str], str] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for message in _template_messages(path):
            wanted.setdefault(message, str(path.relative_to(ROOT)))
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for message in _python_messages(path.read_text(encoding="utf-8")):
                wanted.setdefault(message, str(path.relative_to(ROOT)))
    assert len(wanted) > 500
    # The reading really finds template tags of every kind: plain, with context, plural.
    assert wanted[_key("", "Skip to main content")] == "templates/base.html"
    assert _key("verb", "Reply") in wanted
    assert _key("", "%(counter)s comment", "%(counter)s comments") in wanted
    missing = sorted(
        f"{where}: {message}" for message, where in wanted.items() if message not in known
    )
    assert missing == [], "\n".join(missing)


# --- No English outside the translation tags ----------------------------------------------
# Words a template may show as they are: the site's name on the pages rendered without context,
# and the prefix of a DOI ("doi:10.1000/xyz"), which is the same in every language.
ALLOWED_WORDS = {"Kith", "doi"}
# Attributes whose value a reader sees or hears (a button's value is sent, not shown; an input
# button's is shown).
SHOWN_ATTRIBUTES = re.compile(
    r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"'
    r'|<input[^>]*type="(?:submit|button|reset)"[^>]*value="([^"]*)"'
)


def _untranslated_text(source: str) -> list[str]:
    """The words a template shows outside {% translate %}/{% blocktranslate %}, tags, variables
    and comments (a heuristic: letters left in text or in shown attributes)."""
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    # Open Graph's type is a keyword for machines ("article"), not text.
    source = re.sub(r"{%\s*block og_type\s*%}.*?{%\s*endblock\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    shown = [value for pair in SHOWN_ATTRIBUTES.findall(source) for value in pair if value]
    text = re.sub(r"<[^>]*>", " ", source)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    leftovers = []
    for piece in [text, *shown]:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", piece):
            if word not in ALLOWED_WORDS:
                leftovers.append(word)
    return leftovers


def test_the_heuristic_finds_english_text():
    assert _untranslated_text("<p>Hello there</p>") == ["Hello", "there"]
    assert _untranslated_text('<input placeholder="Search">') == ["Search"]
    assert _untranslated_text('<p>{% translate "Hello" %} {{ name }}</p>') == []
    assert _untranslated_text("{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}") == []


def test_no_template_shows_english_outside_translation_tags():
    problems = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        words = _untranslated_text(path.read_text(encoding="utf-8"))
        if words:
            problems[str(path.relative_to(ROOT))] = words
    assert problems == {}, problems
