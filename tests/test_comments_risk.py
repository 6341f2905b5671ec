"""The category-based risk detector: the development set's figures, each category named with its
words on a posted comment and in the moderators' admin, Spanish, negation, quotation, third
person and the past, the evaluation command, and a megabyte of hostile text."""

from __future__ import annotations

import functools
import io
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from comments import moderation
from comments.classify import HoldReason, classify
from comments.models import Comment
from comments.risk import CATEGORIES, RiskAssessment, assess_risk, detect_risk
from comments.risk_evaluation import evaluate, labelled_files, read_labelled
from tests.comments_factories import form_data
from tests.factories import make_article, make_helpline
from tests.test_comments_admin import make_moderator

DEV_SET = Path(__file__).parent / "data" / "risk"
# Written in one go by someone who never saw the detector; never read while tuning (see
# tests/data/README.md). Its figures are pinned below so no change can quietly lower them.
HELD_OUT = DEV_SET / "heldout" / "heldout.tsv"
# Measured with `manage.py screen_comments --evaluate tests/data/risk/heldout/heldout.tsv` with the
# risk model deciding (session 6: logistic regression, KITH_COMMENTS_RISK_MODEL on by default).
# Session 5 (the rules, and a naive Bayes second opinion beside them): 98 found, 9 false alarms.
HELD_OUT_AT_LEAST_FOUND = 102  # of 103 risk comments (99.0 %)
HELD_OUT_AT_MOST_FALSE_ALARMS = 5  # of 106 safe comments (4.7 %)
# A second blind set (session 4), written before the fourth round of tuning by someone who did
# not read the detector's patterns, and never shown to whoever tuned it. First measured on the
# detector before that round: 84/94 found, 9/83 false alarms.
HELD_OUT_2 = DEV_SET / "heldout" / "heldout2.tsv"
# Session 5: 89 found, 8 false alarms.
HELD_OUT_2_AT_LEAST_FOUND = 88  # of 94 risk comments (93.6 %)
HELD_OUT_2_AT_MOST_FALSE_ALARMS = 1  # of 83 safe comments (1.2 %)
# A third blind set (session 5), written by someone who had read neither the detector nor any
# labelled file, after the model and the rules were frozen. Session 5: 92 found, 4 false alarms.
HELD_OUT_3 = DEV_SET / "heldout" / "heldout3.tsv"
HELD_OUT_3_AT_LEAST_FOUND = 94  # of 100 risk comments (94.0 %)
HELD_OUT_3_AT_MOST_FALSE_ALARMS = 4  # of 100 safe comments (4.0 %)
# A fourth blind set (session 6), written by someone who had read neither the detector nor any
# labelled file, while the model was rebuilt. Measured blind once the model was frozen: 98
# found, 1 false alarm. The model then changed once more, for a reason found by a unit test, not
# by this file (a plain sentence of risk must not be drowned by a long comment: sentences the
# rules flag are scored on their own too): 98 found, 2 false alarms. The session 5 detector on
# it: 93 found, 6 false alarms; the rules alone: 84 found, 6 false alarms.
HELD_OUT_4 = DEV_SET / "heldout" / "heldout4.tsv"
HELD_OUT_4_AT_LEAST_FOUND = 98  # of 100 risk comments (98.0 %)
HELD_OUT_4_AT_MOST_FALSE_ALARMS = 2  # of 100 safe comments (2.0 %)
SLUGS = [category.slug for category in CATEGORIES]


@functools.cache
def _dev_set_result():
    """The whole committed development set, assessed once for the tests that read it."""
    return evaluate(c for path in labelled_files([DEV_SET]) for c in read_labelled(path))


# One comment per category, none of them in the development set: what each category is for.
BY_CATEGORY = {
    "wish_dead": ("some nights i pray i just dont wake up", ["dont wake up"]),
    "active_thoughts": ("cant stop thinking about unaliving myself", ["unaliving"]),
    "method": ("i keep looking at how high my balcony is", ["how high my balcony is"]),
    "intent": ("I've made up my mind, no more fighting it", ["made up my mind"]),
    "plan": ("Saturday when the house is empty, that's when", ["saturday", "thats when"]),
    "preparation": ("I've been saving up my sleeping tablets", ["saving up my sleeping tablets"]),
    "farewell": ("This is my last post. Goodbye everyone", ["goodbye everyone"]),
    "self_harm": ("I burnt my arm with the iron on purpose again", ["burnt my arm"]),
    "attempt": ("I tried to end it on Friday and woke up in hospital", ["tried to end it"]),
    "hopelessness": ("my family would be better off without me", ["better off without me"]),
}


class HeldOutSetTests(TestCase):
    def test_the_held_out_figures_do_not_fall(self):
        """The figures quoted for the held-out set hold: no later change may lower them."""
        result = evaluate(read_labelled(HELD_OUT))
        assert (result.recall.total, result.false_alarms.total) == (103, 106)
        assert result.recall.hits >= HELD_OUT_AT_LEAST_FOUND
        assert result.false_alarms.hits <= HELD_OUT_AT_MOST_FALSE_ALARMS

    def test_the_second_held_out_figures_do_not_fall(self):
        result = evaluate(read_labelled(HELD_OUT_2))
        assert (result.recall.total, result.false_alarms.total) == (94, 83)
        assert result.recall.hits >= HELD_OUT_2_AT_LEAST_FOUND
        assert result.false_alarms.hits <= HELD_OUT_2_AT_MOST_FALSE_ALARMS

    def test_the_third_held_out_figures_do_not_fall(self):
        result = evaluate(read_labelled(HELD_OUT_3))
        assert (result.recall.total, result.false_alarms.total) == (100, 100)
        assert result.recall.hits >= HELD_OUT_3_AT_LEAST_FOUND
        assert result.false_alarms.hits <= HELD_OUT_3_AT_MOST_FALSE_ALARMS

    def test_the_fourth_held_out_figures_do_not_fall(self):
        result = evaluate(read_labelled(HELD_OUT_4))
        assert (result.recall.total, result.false_alarms.total) == (100, 100)
        assert result.recall.hits >= HELD_OUT_4_AT_LEAST_FOUND
        assert result.false_alarms.hits <= HELD_OUT_4_AT_MOST_FALSE_ALARMS

    def test_the_held_out_set_is_not_part_of_the_development_set(self):
        for held_out in (HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4):
            assert held_out not in labelled_files([DEV_SET])


class DevelopmentSetTests(TestCase):
    def test_the_development_set_meets_its_targets(self):
        """Recall at least 98 % and false alarms at most 5 % on the hand-written set."""
        result = _dev_set_result()
        recall, alarms = result.recall, result.false_alarms
        missed = [r.comment.text for r in result.misses()]
        raised = [r.comment.text for r in result.false_alarm_results()]
        assert recall.rate >= 0.98, missed
        assert alarms.rate <= 0.05, raised

    def test_the_development_set_is_large_varied_and_balanced(self):
        """3,700+ lines from eight independent writers, a file per category, about as many hard
        negatives as risk, 400+ ordinary comments, 500+ in Spanish."""
        files = labelled_files([DEV_SET])
        comments = [c for path in files for c in read_labelled(path)]
        assert len(comments) >= 3700
        for prefix in ("d6_", "d7_", "d8_"):  # three more writers, a file each (session 6)
            assert any(path.name.startswith(prefix) for path in files)
        assert any(path.name.startswith("d2_") for path in files)  # the second writer's set
        assert any(path.name.startswith("d3_") for path in files)  # the third writer's set
        assert any(path.name.startswith("d4_") for path in files)  # the fourth writer's set
        assert any(path.name.startswith("d5_") for path in files)  # ordinary comments
        assert {f"{slug}.tsv" for slug in SLUGS} <= {path.name for path in files}
        risk = [c for c in comments if c.label == "risk"]
        ordinary = [c for c in comments if c.category == "ordinary"]
        assert len(ordinary) >= 400 and {c.label for c in ordinary} == {"safe"}
        hard = len(comments) - len(ordinary)  # risk lines and the hard negatives beside them
        assert hard - len(risk) >= 0.45 * hard
        assert len(risk) >= 0.45 * hard
        assert sum(c.lang == "es" for c in comments) >= 500
        assert {c.category for c in risk} == set(SLUGS)

    def test_every_category_is_recalled_on_its_own(self):
        """No category hides behind the others' figures: each is at least 90 % recalled."""
        result = _dev_set_result()
        weak = {
            category: tally.rate
            for category, (tally, _named) in result.recall_by_category().items()
            if tally.rate < 0.9
        }
        assert weak == {}


@pytest.mark.parametrize(("category", "example"), BY_CATEGORY.items())
def test_each_category_is_named_with_its_words(category, example):
    """Each category is found under its own name, with the words that made it."""
    text, words = example
    assessment = assess_risk(text)
    assert category in assessment.categories
    matched = " ".join(found for _, found in assessment.matches)
    assert all(word in matched for word in words), assessment.matches


@pytest.mark.parametrize(
    "text",
    [
        "me quiero morir",
        "ya no quiero vivir",
        "me corto cuando nadie me ve",
        "tengo las pastillas guardadas en el armario",
        "el sábado cuando no haya nadie en casa lo hago",
        "soy una carga para mi familia",
        "anoche me tomé todas las pastillas",
    ],
)
def test_spanish_risk_is_held(text):
    assert classify(text) == [HoldReason.RISK]


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa con este blog",
        "me muero de ganas de leer más",
        "me voy a cortar el pelo mañana",
        "mi tío se quitó la vida hace años y aún lo echamos de menos",
        "hace diez años intenté suicidarme y hoy soy feliz",
        "si estás pensando en el suicidio, llama al 024",
        "no me quiero morir, quiero que esto mejore",
    ],
)
def test_spanish_idioms_past_and_support_are_not_held(text):
    assert not assess_risk(text)  # the rules pass them all
    assert classify(text) == ([HoldReason.RISK] if text in MODEL_FALSE_ALARMS else [])


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("I would never hurt myself", False),
        ("I'm not going to kill myself, I promise", False),
        ("I used to cut, I'm three years free now", False),
        ("Five years ago I had a plan and a date. I'm glad I told my GP.", False),
        ("My aunt took her own life in 2009", False),
        ("If you want to die, please call someone tonight", False),
        ('The article lists "I have a plan" as a warning sign', False),
        ("As a nurse I see overdoses every week", False),
        ("My friend says she wants to die and she's stopped eating", False),
        ("My son self-harms and I'm scared", True),
        ('I keep saying to myself "I want to die"', True),
        ("relapsed last night after 4 months clean from sh", True),
    ],
)
def test_negation_past_third_person_and_quotation(text, risky):
    """Said of oneself now: held. Negated, past, general, quoted or professional: not held."""
    assert detect_risk(text) is risky


def test_the_summary_names_categories_and_quotes_words():
    """A moderator reads labels joined by '+' and the words in quotation marks."""
    assessment = assess_risk("Tonight after work I'll do it at the bridge, the pills are ready")
    assert assessment.categories == ("plan", "preparation")
    summary = assessment.summary()
    assert summary.startswith("Plan + means and preparation: “")
    assert "“tonight”" in summary and "“pills are ready”" in summary
    assert RiskAssessment().summary() == "" and not RiskAssessment()


@pytest.mark.parametrize(
    "text",
    [
        "I went to the shop and it was good. " * 28_000,
        " ".join(f"day {i} was fine and i have the pills at {i % 24}:00." for i in range(22_000)),
        "i want to kill myself tonight at the bridge " * 22_000,
        "me quiero morir " * 62_000,
        "12 " * 330_000,
        "\ud800" * 1_000_000,
        "“" * 500_000 + "a" * 500_000,
    ],
    ids=["prose", "varied", "risk", "spanish", "numbers", "surrogates", "quotes"],
)
def test_a_megabyte_of_hostile_text_is_assessed_quickly_and_without_error(text):
    start = time.perf_counter()
    assessment = assess_risk(text)
    assert time.perf_counter() - start < 5
    assert isinstance(assessment.summary(), str)


class PostedCommentTests(TestCase):
    """Through the real posting view: the category and words are stored and shown."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Low mood")
        make_helpline(name="Samaritans", phone="116 123")
        cls.moderator = make_moderator()

    def post(self, body: str, n: int):
        url = reverse("comments:post", args=[self.article.slug])
        return self.client.post(url, form_data(body=body, title=""), REMOTE_ADDR=f"10.9.0.{n}")

    def test_every_category_is_held_with_its_category_and_words_recorded(self):
        for n, (category, (text, words)) in enumerate(BY_CATEGORY.items(), start=1):
            with self.subTest(category=category):
                self.post(text, n)
                comment = Comment.objects.get(body=text)
                label = next(c.label for c in CATEGORIES if c.slug == category)
                assert comment.held_for_risk and comment.status == Comment.Status.PENDING
                assert label.lower() in comment.risk_summary.lower()
                assert all(word in comment.risk_summary for word in words)

    def test_a_comment_held_for_other_reasons_records_no_risk_summary(self):
        self.post("Lovely article, email me at sam@example.org", 50)
        comment = Comment.objects.get()
        assert comment.hold_reason_list == ["personal_details"] and comment.risk_summary == ""

    def test_the_moderator_sees_why_a_comment_was_held(self):
        """The urgent row and the change page both say 'Why held: …' with the words."""
        self.post("Friday when everyone is at work, that's when. I've got the rope.", 60)
        comment = Comment.objects.get()
        self.client.force_login(self.moderator)
        listing = self.client.get(
            reverse("admin:comments_comment_changelist"), follow=True
        ).content.decode()
        assert "URGENT" in listing and "Why held: Plan" in listing
        assert "“friday”" in listing
        page = self.client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        html = page.content.decode()
        assert "Why held:" in html and comment.risk_summary in html
        assert "Plan + means and preparation:" in html and "got the rope”" in html

    def test_erasing_a_comment_forgets_the_words_that_held_it(self):
        comment, _token = moderation.submit_comment(
            article=self.article, commenter="erase-me", title="", name="", email="",
            body="I have the pills saved up and tonight is the night",
        )  # fmt: skip
        assert comment.risk_summary
        comment.erase()
        comment.refresh_from_db()
        assert comment.risk_summary == "" and comment.body == ""


class EvaluateCommandTests(TestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("screen_comments", "--evaluate", *args, stdout=out)
        return out.getvalue()

    def test_the_development_folder_prints_its_figures(self):
        output = self.run_command(str(DEV_SET))
        assert "Recall:" in output and "False alarms:" in output
        assert "Recall by category" in output and "plan " in output
        assert "By language" in output and "  es " in output
        assert "Missed (" in output

    def test_misses_and_false_alarms_are_listed_with_their_line(self):
        path = self.tsv(
            "risk\tplan\ten\tthe weather is nice\nsafe\tidiom\ten\ti want to kill myself\n"
        )
        output = self.run_command(str(path))
        assert "Recall:       0/1 = 0.0%" in output
        assert "False alarms: 1/1 = 100.0%" in output
        assert f"{path.name}:2 [plan, en] the weather is nice" in output
        assert f"{path.name}:3 [idiom, en] i want to kill myself  → Suicidal thoughts" in output

    def test_a_folder_means_its_tsv_files_not_its_subfolders(self):
        folder = self.tsv("risk\twish_dead\ten\ti want to die\n").parent
        (folder / "heldout").mkdir()
        (folder / "heldout" / "broken.tsv").write_text("nonsense\n", encoding="utf-8")
        assert "Recall:       1/1 = 100.0%" in self.run_command(str(folder))

    def test_a_missing_file_is_a_clear_error(self):
        with pytest.raises(CommandError, match="no-such.tsv: no such file or folder"):
            self.run_command("no-such.tsv")

    def test_a_malformed_line_names_file_and_line(self):
        path = self.tsv("risk\tplan\ten\tfine\nrisk\tplan only two fields\n")
        with pytest.raises(CommandError, match=rf"{path.name}:3: expected 4 tab-separated"):
            self.run_command(str(path))

    def test_an_unknown_label_or_category_is_a_clear_error(self):
        with pytest.raises(CommandError, match=r":2: unknown label 'maybe'"):
            self.run_command(str(self.tsv("maybe\tplan\ten\thello\n")))
        with pytest.raises(CommandError, match=r":2: unknown risk category 'doom'"):
            self.run_command(str(self.tsv("risk\tdoom\ten\thello\n")))

    def test_a_missing_header_is_a_clear_error(self):
        path = self.tsv("", header="text\tlabel\n")
        with pytest.raises(CommandError, match=r":1: the first line must be the header"):
            self.run_command(str(path))

    def tsv(self, body: str, *, header: str = "label\tcategory\tlang\ttext\n") -> Path:
        folder = Path(self._tmp.name)
        path = folder / f"set{len(list(folder.glob('*.tsv')))}.tsv"
        path.write_text(header + body, encoding="utf-8")
        return path

    def setUp(self):
        import tempfile

        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)


# Comments that never say "suicide", "kill myself" or "die": each category found by composing
# concepts (who, means, time, place, act, decision), in English and in Spanish. Written for
# these tests, not taken from the development set.
COMPOSED = [
    ("wish_dead", "honestly id welcome a car crash at this point", ["id welcome", "crash"]),
    ("wish_dead", "ojalá no despertara mañana, de verdad", []),
    ("active_thoughts", "suicide feels like the only option i have left", ["only option"]),
    ("active_thoughts", "no dejo de pensar en quitarme la vida", []),
    ("method", "is hanging quick? i need to know it wont hurt", ["hanging"]),
    ("method", "con cuántas pastillas de mi madre sería suficiente?", ["pastillas"]),
    ("intent", "my mind is set, i'm not changing it", ["mind is set"]),
    ("intent", "ya lo decidí, esta semana se acaba todo", []),
    ("plan", "i'm going to the woods tomorrow with the rope from the shed", ["tomorrow", "rope"]),
    ("plan", "el domingo cuando no haya nadie en casa lo voy a hacer", []),
    ("preparation", "been collecting my mums old prescriptions in a shoebox", ["in a shoebox"]),
    ("preparation", "ya dejé escritas las cartas para mi familia", []),
    ("farewell", "love you mum. im sorry. goodbye", ["goodbye"]),
    ("farewell", "adiós a todos, perdón por todo", []),
    ("self_harm", "havent eaten in three days on purpose, i dont deserve food", ["on purpose"]),
    ("self_harm", "me quemo con el mechero cuando me siento así", ["mechero"]),
    ("attempt", "the rope snapped yesterday. im still here", []),
    ("attempt", "el lunes me tomé un bote entero de pastillas y acabé en urgencias", []),
    ("hopelessness", "im just dragging everyone down, pointless", ["pointless"]),
    ("hopelessness", "nada mejora nunca, estoy agotada de intentarlo", []),
]


@pytest.mark.parametrize(("category", "text", "words"), COMPOSED)
def test_risk_without_a_death_word_is_found_by_composition(category, text, words):
    """Held, named with a category, and the words that made it fire are quoted."""
    assessment = assess_risk(text)
    assert assessment.is_risk, text
    assert all(f"“{word}" in assessment.summary(max_words=12) for word in words), assessment
    assert assessment.summary().split(":")[0]  # a category label before the words


@pytest.mark.parametrize(
    "text",
    [
        # idioms and hyperbole
        "im so full i could die, christmas dinner was massive",
        "if my team loses the derby again i swear ill kms lmao",
        "me quiero morir de vergüenza, le dije mamá a mi profe",
        # everyday: the same concepts with an ordinary purpose
        "going to the roof bar on saturday for my birthday drinks",
        "estoy guardando pastillas para el viaje, me voy tres semanas",
        "how many ibuprofen can i take for a headache? the box says 2",
        "cleaned the whole flat and gave my old bike to my nephew",
        # third person, asked about by a worried reader
        "my mum keeps saying shed be better off dead and i dont know what to do",
        "my daughter has been cutting and i found the blades in her room",
        # recovery and temporal distance
        "i used to starve myself as punishment, in recovery for 6 years now",
        "relapsed a lot in my teens but i just hit 3 years without self harm",
        # professional, advocacy, quote, support, fiction
        "night shift on the psych ward, two admissions after overdoses",
        "limiting pack sizes of painkillers works, keep the law",
        "the article says asking how many pills would kill you is a warning sign",
        "you said you feel like a weight on your family. i promise they would rather have you",
        "in the book im reading the main character jumps off a bridge",
    ],
)
def test_composed_concepts_leave_talk_about_the_topic_alone(text):
    assert assess_risk(text).categories == ()


class ComposedRiskPostedTests(TestCase):
    """A comment found only by composition is held as urgent with its summary stored."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Low mood")
        make_helpline(name="Samaritans", phone="116 123")

    def test_each_composed_category_is_held_and_its_summary_stored(self):
        url = reverse("comments:post", args=[self.article.slug])
        for n, (category, text, _words) in enumerate(COMPOSED[::2], start=1):
            with self.subTest(category=category):
                self.client.post(url, form_data(body=text, title=""), REMOTE_ADDR=f"10.8.0.{n}")
                comment = Comment.objects.get(body=text)
                assert comment.held_for_risk and comment.status == Comment.Status.PENDING
                assert comment.risk_summary == assess_risk(text).summary()
                assert "“" in comment.risk_summary


@pytest.mark.parametrize(
    "text",
    [
        "everything feels grey and heavy and its not going to change",
        "thanks for putting up with me all this time, one last time",
        "my dad keeps his old rifle in the loft and i cant stop thinking about it",
        "i wont be here to read the replies",
        "ya no voy a estar para ver el verano",
        "long sleeves in august again",
        "on the platform on sunday a stranger pulled me back",
    ],
)
def test_new_writers_phrasings_compose_into_risk(text):
    assert classify(text) == [HoldReason.RISK]


@pytest.mark.parametrize(
    "text",
    [
        "im stuck in traffic and theres no point rushing",
        "the team will cope fine without me for a week",
        "my wife took an overdose last night, shes in hospital, how do i cope",
        "im a pharmacist; paracetamol overdose is not painless and often not fatal",
        "no aguanto mas este calor",
        "jumped off the diving board for the first time today",
    ],
)
def test_everyday_third_person_and_professional_sentences_are_not_held(text):
    assert not assess_risk(text)  # the rules pass them all
    if text in MODEL_FALSE_ALARMS:
        assert classify(text) == [HoldReason.RISK]
    else:
        assert classify(text) == []


# Known false alarms of the risk model (on by default), left as they are rather than tuned away:
# it reads "no me quiero morir" close to "me quiero morir" (the rules read the negation).
MODEL_FALSE_ALARMS = {"no me quiero morir, quiero que esto mejore"}


# How readers actually type: misspelt key words, text-speak, stretched letters, fillers between
# the words of a phrase, and Spanish verb forms with their clitics. Written for these tests.
@pytest.mark.parametrize(
    "text",
    [
        "honestly feeling sucidal again tonight",  # a misspelt key word
        "i want to kil myslef",  # two slips
        "thoughts r back abt ending it, every nite",  # text-speak
        "i wanna dieeee",  # stretched letters
        "deadass want to unalive myself",  # a filler between the words
        "me cuelgo esta noche, ya tengo la cuerda",  # present tense, reflexive
        "me he cortado otra vez los brazos",  # perfect tense
        "he empezado a quemarme con cigarrillos",  # "he" + participle is "I have"
        "me voy a quitar la vida este finde",  # periphrastic future, regional "finde"
        "q ganas de morirme ya, xq nada mejora",  # Spanish text-speak
    ],
)
def test_misspelt_text_speak_and_spanish_verb_forms_are_read(text):
    assert assess_risk(text).is_risk, text


@pytest.mark.parametrize(
    "word",
    ["overdoes", "burden", "burned", "hunting", "quedarme", "suicido", "tables", "strange"],
)
def test_respelling_leaves_real_words_alone(word):
    from comments.risk import normalise

    assert normalise(f"it was {word} again") == f"it was {word} again"


@pytest.mark.parametrize(
    "text",
    [
        # a quotation in plain single quotes
        "The piece lists 'I can't do this anymore' among the phrases to listen for.",
        # a life that turned: what came before is the past
        "Back then I wanted to die most days. Now I have a job and friends and I am happy.",
        # people in general, and someone else's death
        "Long waiting lists are why people end up dying before they get help.",
        "My uncle died in March and I still want to call him every Friday.",
        # idioms in Spanish
        "la final de anoche me quitó la vida, qué nervios",
        "me mato a estudiar y luego me ponen un cinco",
        # ordinary questions and days
        "¿cuántos paracetamoles puedo tomar al día para la fiebre?",
        "Tried the new curry recipe tonight, nailed it",
        "this meeting could have been an email, kill me now",
        "our team lost 5-0, I want to die 😂",
    ],
)
def test_quotations_recovery_people_idioms_and_ordinary_questions_are_not_held(text):
    assert assess_risk(text).categories == (), assess_risk(text)


def test_an_everyday_line_does_not_excuse_a_preparation_later_in_a_long_comment():
    """ "Retired" explains a sentence about retiring, not a letter left three sentences on."""
    text = (
        "I retired in the spring and the allotment keeps me busy. My son phones on Sundays. "
        "I have returned my library books and left a letter for him under the clock."
    )
    assert "preparation" in assess_risk(text).categories
