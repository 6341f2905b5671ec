"""The risk model, which decides what reaches the urgent queue: the committed model, its
leave-one-writer-out figures, the training command, the setting that joins it to the rules,
the hold for a comment the rules flag and the model does not find urgent, what a moderator
sees, and a megabyte of text."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from comments import risk_model
from comments.classify import HoldReason, assess_comment_risk, classify, speaks_of_risk
from comments.models import Comment
from comments.risk import assess_risk
from comments.risk_evaluation import evaluate, labelled_files, read_labelled
from tests.comments_factories import form_data
from tests.factories import make_article, make_helpline
from tests.test_comments_admin import make_moderator

DEV_SET = Path(__file__).parent / "data" / "risk"
# Ordinary reader comments by another writer, never trained on nor used to choose the threshold.
ORDINARY_CHECK = DEV_SET / "ordinary_check" / "ordinary_check.tsv"
# Leave-one-writer-out on the development set (train on seven writers, score the eighth; d5
# wrote only ordinary comments), as `manage.py train_risk_model` printed it: [hits, total], the
# model's decision and the rules alone. The rules were tuned on d1-d4, never on d6-d8.
CROSS_VALIDATED = {
    "d1": {"found": [284, 297], "false_alarms": [38, 317], "rules_found": [297, 297],
           "rules_false_alarms": [0, 317]},
    "d2": {"found": [311, 338], "false_alarms": [16, 312], "rules_found": [336, 338],
           "rules_false_alarms": [0, 312]},
    "d3": {"found": [259, 292], "false_alarms": [5, 261], "rules_found": [282, 292],
           "rules_false_alarms": [1, 261]},
    "d4": {"found": [220, 226], "false_alarms": [14, 226], "rules_found": [223, 226],
           "rules_false_alarms": [1, 226]},
    "d5": {"found": [0, 0], "false_alarms": [53, 432], "rules_found": [0, 0],
           "rules_false_alarms": [9, 432]},
    "d6": {"found": [159, 174], "false_alarms": [9, 186], "rules_found": [125, 174],
           "rules_false_alarms": [20, 186]},
    "d7": {"found": [150, 170], "false_alarms": [16, 172], "rules_found": [115, 170],
           "rules_false_alarms": [14, 172]},
    "d8": {"found": [153, 170], "false_alarms": [15, 170], "rules_found": [114, 170],
           "rules_false_alarms": [22, 170]},
    "all": {"found": [1536, 1667], "false_alarms": [166, 2076], "rules_found": [1492, 1667],
            "rules_false_alarms": [67, 2076]},
}  # fmt: skip
THRESHOLD = 0.202

# Written for these tests; the rules pass all three.
RISKY_PAST_THE_RULES = [
    "I have been giving my guitar and books to friends, they will need them more than me",
    "im so tired of pretending, i just want everything to go quiet for good",
    "I don't see the point of waking up tomorrow, everyone would manage fine",
]
SAFE = [
    "What a helpful article, I shared it with my book club",
    "My grandmother passed away peacefully last spring, we miss her",
    "i used to feel like a burden but therapy helped and now im doing well",
    "The section on sleep and mood was really clear, thank you",
]
# The rules find words of risk in these ("done", "my last comment"); the model does not find them
# urgent.
MENTIONS_ONLY = [
    "I'm done with apps that promise calm.",
    "Nothing has changed since my last comment, still waiting for CBT.",
]


def test_the_committed_model_loads_compact_and_sorted():
    model = risk_model.committed_model()
    assert len(model.weights) > 10_000 and model.threshold == THRESHOLD
    text = risk_model.MODEL_FILE.read_text(encoding="utf-8")
    assert len(text) < 1_000_000
    data = json.loads(text)
    assert json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n" == text
    assert data["cross_validation"]["writers"] == CROSS_VALIDATED
    assert data["cross_validation"]["max_false_alarms"] == 0.08
    assert data["trained_on"] == sum(len(read_labelled(p)) for p in labelled_files([DEV_SET]))


def test_the_cross_validated_figures_meet_the_budget_and_beat_the_rules_on_new_writers():
    """At most 8 % of all safe lines sent to the urgent queue by a model that never saw their
    writer; on the writers the rules were never tuned on, more found and fewer false alarms."""
    overall = CROSS_VALIDATED["all"]
    assert overall["false_alarms"][0] <= 0.08 * overall["false_alarms"][1]
    new = ("d6", "d7", "d8")
    for name in new:
        assert CROSS_VALIDATED[name]["found"][0] > CROSS_VALIDATED[name]["rules_found"][0] + 25
    alarms = sum(CROSS_VALIDATED[name]["false_alarms"][0] for name in new)
    assert alarms < sum(CROSS_VALIDATED[name]["rules_false_alarms"][0] for name in new)


def test_training_on_the_development_set_gives_the_committed_weights():
    """The committed file is what `manage.py train_risk_model` makes of the committed lines."""
    comments = [c for path in labelled_files([DEV_SET]) for c in read_labelled(path)]
    trained = risk_model.fit((c.label == "risk", risk_model.read(c.text)) for c in comments)
    committed = risk_model.committed_model()
    rounded = {f: round(w, 3) for f, w in trained.weights.items() if round(w, 3)}
    assert rounded == committed.weights and round(trained.bias, 3) == committed.bias


@pytest.mark.parametrize("text", RISKY_PAST_THE_RULES)
def test_risk_the_rules_pass_is_found_by_the_model(text):
    assert not assess_risk(text)
    urgent = risk_model.weigh(text)
    assert urgent.categories == ("model",) and urgent.matches


@pytest.mark.parametrize("text", SAFE)
def test_safe_comments_are_not_urgent(text):
    assert not risk_model.weigh(text)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("the article says hopelessness and giving things away are warning signs", "x:topic"),
        ("As a pharmacist I see people who feel there is no point going on", "x:professional"),
        ("if we lose the derby i will actually disappear forever lmao", "x:joke"),
    ],
)
def test_the_rules_contexts_weigh_against_risk(text, context):
    """Talk about the topic, a professional voice, a joke: read as evidence, and not urgent."""
    assert context in risk_model.read(text).features
    assert risk_model.committed_model().weights[context] < 0
    assert not risk_model.weigh(text)


def test_an_urgent_comment_the_rules_found_keeps_their_categories_and_words():
    text = "I've made up my mind, no more fighting it"
    assert risk_model.weigh(text) == assess_risk(text) == assess_comment_risk(text)
    assert assess_comment_risk(text).summary() == "Intent: “made up my mind, no more”"


def test_one_plain_sentence_of_risk_is_not_drowned_by_a_long_comment():
    """The sentence the rules flag is scored on its own too (the whole comment scores low)."""
    text = (
        "I want to die. The article was good but the part about sleep did not match my own "
        "experience at all, and I found the section on talking therapies much more useful."
    )
    reading = risk_model.read(text)
    model = risk_model.committed_model()
    assert len(reading.sentences) == 1 and reading.sentences[0].rules.categories == ("wish_dead",)
    assert model._score(reading.features) < model.threshold < model.score(reading)
    assert assess_comment_risk(text).summary() == "Wish to be dead: “want to die”"


def test_the_moderator_is_told_which_words_weighed_most():
    summary = risk_model.weigh(RISKY_PAST_THE_RULES[2]).summary()
    assert summary.startswith("Statistical second opinion: “")
    assert "point of" in summary
    words = [w for _, w in risk_model.weigh(RISKY_PAST_THE_RULES[0]).matches]
    assert "my" not in words and "i" not in words  # no lone common word


def test_a_megabyte_is_scored_quickly():
    """The model reads the first 5,000 characters (the rules, timed in test_comments_risk, read
    the whole text)."""
    for text in ["I want to disappear. " * 50_000, "a" * 1_000_000 + "!", "\x00\ud800" * 500_000]:
        rules = assess_risk(text)
        started = time.perf_counter()
        risk_model.weigh(text, rules)
        assert time.perf_counter() - started < 0.25


class SettingTests(TestCase):
    def test_on_by_default(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == [HoldReason.RISK]
        assert classify(MENTIONS_ONLY[0]) == [HoldReason.MENTIONS_RISK]

    @override_settings(KITH_COMMENTS_RISK_MODEL=False)
    def test_off_the_rules_alone_decide(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == []
        assert classify(MENTIONS_ONLY[0]) == [HoldReason.RISK]

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_on_the_model_holds_what_the_rules_pass_and_leaves_the_rest(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == [HoldReason.RISK]
        assert [classify(text) for text in SAFE] == [[]] * len(SAFE)

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_what_the_rules_flag_and_the_model_does_not_is_held_but_not_urgent(self):
        for text in MENTIONS_ONLY:
            assert assess_risk(text) and not assess_comment_risk(text), text
            assert classify(text) == [HoldReason.MENTIONS_RISK], text
            assert speaks_of_risk(text), text  # so the writer is shown the helplines

    @override_settings(KITH_COMMENTS_RISK_MODEL=False)
    def test_the_ordinary_check_set_with_the_rules_alone(self):
        result = evaluate(read_labelled(ORDINARY_CHECK))
        assert (result.false_alarms.hits, result.false_alarms.total) == (3, 150)

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_the_ordinary_check_set_with_the_model(self):
        """Ordinary comments by a writer never trained on: 6 of 150 sent to the urgent queue
        (4 %; the rules alone, 3)."""
        result = evaluate(read_labelled(ORDINARY_CHECK))
        assert (result.false_alarms.hits, result.false_alarms.total) == (6, 150)

    @override_settings(KITH_COMMENTS_RISK_MODEL=True, KITH_COMMENTS_PREMODERATION=False)
    def test_a_comment_that_only_mentions_risk_is_never_published_by_itself(self):
        """Even from a known commenter with premoderation off, it waits for a moderator, in
        the ordinary queue, with what the rules found shown under "Why held"."""
        article = make_article(title="Low mood")
        make_helpline(name="Samaritans", phone="116 123")
        url = reverse("comments:post", args=[article.slug])
        known = form_data(body="Thank you for this article.", title="", email="a@example.org")
        self.client.post(url, known, REMOTE_ADDR="10.9.1.2")
        first = Comment.objects.get()
        first.approve(note="test")
        self.client.cookies.clear()
        later = form_data(body=MENTIONS_ONLY[1], title="", email="a@example.org")
        response = self.client.post(url, later, REMOTE_ADDR="10.9.1.3", follow=True)
        comment = Comment.objects.exclude(pk=first.pk).get()
        assert comment.status == Comment.Status.PENDING and not comment.held_for_risk
        assert comment.hold_reason_list == [HoldReason.MENTIONS_RISK]
        assert comment.risk_summary == "Farewell: “my last comment”"
        assert "Samaritans" in response.content.decode()  # the writer is shown the helplines
        self.client.force_login(make_moderator())
        queue = self.client.get(reverse("admin:comments_comment_changelist"), follow=True)
        text = queue.content.decode()
        assert "Mentions suicide or self-harm<br>Why held: Farewell: “my last comment”" in text
        assert text.count("Mentions suicide or self-harm<br>") == 1

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_on_the_moderator_sees_the_words_in_the_admin(self):
        article = make_article(title="Low mood")
        make_helpline(name="Samaritans", phone="116 123")
        body = RISKY_PAST_THE_RULES[2]
        url = reverse("comments:post", args=[article.slug])
        self.client.post(url, form_data(body=body, title=""), REMOTE_ADDR="10.9.1.1")
        comment = Comment.objects.get()
        assert comment.held_for_risk
        assert comment.risk_summary.startswith("Statistical second opinion:")
        self.client.force_login(make_moderator())
        page = self.client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        assert "Why held:" in page.content.decode()
        assert comment.risk_summary.split(":", 1)[1].strip()[:10] in page.content.decode()


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "labelled"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text("label\tcategory\tlang\ttext\n" + body, encoding="utf-8")
    return folder


TINY = {
    "one.tsv": "risk\twish_dead\ten\ti wish i could disappear\n"
    "safe\tgratitude\ten\tthe bus was on time, thank you\n",
    "d2_two.tsv": "risk\thopelessness\ten\ti want to disappear for good\n"
    "safe\teveryday\ten\tthe bus was late again today\n",
}


def _train(*args: str) -> str:
    out = io.StringIO()
    call_command("train_risk_model", *args, stdout=out)
    return out.getvalue()


def test_the_command_trains_on_a_folder_and_writes_the_same_file_twice(tmp_path):
    folder = _folder(tmp_path, TINY)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    output = _train(str(folder), "--output", str(first))
    _train(str(folder), "--output", str(second))
    assert "Read 4 labelled comments from 2 file(s)." in output
    assert "Writer d1: trained on 2 lines, scored 2." in output and "Wrote " in output
    assert first.read_bytes() == second.read_bytes()
    model = risk_model.load(first)
    assert model.weights["w:disappear"] > 0 > model.weights["w:the bus"]
    assert "w:late" not in model.weights  # seen in one line only
    assert json.loads(first.read_text())["trained_on"] == 4


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"one.tsv": TINY["one.tsv"]}, [], "two writers or more"),
        (
            {"one.tsv": "risk\tplan\ten\tfriday\n", "d2_two.tsv": TINY["d2_two.tsv"]},
            [],
            "Without writer d2: Training needs both risk and safe",
        ),
        ({**TINY, "bad.tsv": "risk\tplan\n"}, [], "bad.tsv:2: expected 4 tab-separated"),
        (TINY, ["--max-false-alarms", "1.5"], "--max-false-alarms must be"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, files, args, message):
    folder = _folder(tmp_path, files)
    with pytest.raises(CommandError, match=message):
        _train(str(folder), "--output", str(tmp_path / "m.json"), *args)
    assert not (tmp_path / "m.json").exists()


def test_the_held_out_files_are_never_trained_on(tmp_path):
    with pytest.raises(CommandError, match="Held-out files"):
        _train(str(DEV_SET / "heldout"), "--output", str(tmp_path / "m.json"))


def test_the_ordinary_check_set_is_never_trained_on(tmp_path):
    with pytest.raises(CommandError, match="ordinary check set .* not for training"):
        _train(str(ORDINARY_CHECK), "--output", str(tmp_path / "m.json"))
    with pytest.raises(CommandError, match="not for training"):
        _train(str(DEV_SET), str(ORDINARY_CHECK.parent), "--output", str(tmp_path / "m.json"))
    assert not (tmp_path / "m.json").exists()
