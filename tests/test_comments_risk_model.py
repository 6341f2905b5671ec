"""The statistical second opinion beside the risk rules: the committed model, its
leave-one-writer-out figures, the training command, the setting that joins it to the rules,
what a moderator sees, and a megabyte of text."""

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
from comments.classify import assess_comment_risk, classify
from comments.models import Comment
from comments.risk import assess_risk
from comments.risk_evaluation import cross_validate, evaluate, labelled_files, read_labelled
from tests.comments_factories import form_data
from tests.factories import make_article, make_helpline
from tests.test_comments_admin import make_moderator

DEV_SET = Path(__file__).parent / "data" / "risk"
# Ordinary reader comments by another writer, never trained on nor used to choose the threshold.
ORDINARY_CHECK = DEV_SET / "ordinary_check" / "ordinary_check.tsv"
# Leave-one-writer-out on the development set (train on four writers, score the fifth; d5 wrote
# only ordinary comments), as `manage.py train_risk_model` printed it: [hits, total], rules or
# model, and model alone. The model may add 1 % of the safe lines as false alarms.
CROSS_VALIDATED = {
    "d1": {"found": [297, 297], "false_alarms": [7, 317], "model_found": [166, 297],
           "model_false_alarms": [7, 317]},
    "d2": {"found": [337, 338], "false_alarms": [0, 312], "model_found": [177, 338],
           "model_false_alarms": [0, 312]},
    "d3": {"found": [282, 292], "false_alarms": [1, 261], "model_found": [140, 292],
           "model_false_alarms": [0, 261]},
    "d4": {"found": [224, 226], "false_alarms": [3, 226], "model_found": [143, 226],
           "model_false_alarms": [2, 226]},
    "d5": {"found": [0, 0], "false_alarms": [15, 432], "model_found": [0, 0],
           "model_false_alarms": [7, 432]},
    "all": {"found": [1140, 1153], "false_alarms": [26, 1548], "model_found": [626, 1153],
            "model_false_alarms": [16, 1548]},
}  # fmt: skip
THRESHOLD = 1.946
# Ordinary comments that the model, trained on hard negatives only, once held (11 of 30 such
# comments); none is held by the model now (two are held by the rules' own words).
ORDINARY = [
    "Not sure.",
    "My worries came back at night anyway.",
    "I still cannot sleep even after trying all of these tips.",
    "My GP said the same thing, good to see it written down.",
    "It is hard some days but I keep going.",
    "I tried it but it did not work for me.",
    "I'm done with apps that promise calm.",
    "Nothing has changed since my last comment, still waiting for CBT.",
]

# Written for these tests; the rules pass the first three.
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


def test_the_committed_model_loads_compact_and_sorted():
    model = risk_model.committed_model()
    assert len(model.weights) > 10_000 and model.threshold == THRESHOLD
    text = risk_model.MODEL_FILE.read_text(encoding="utf-8")
    assert len(text) < 1_500_000
    data = json.loads(text)
    assert json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n" == text
    assert data["cross_validation"]["writers"] == CROSS_VALIDATED


@pytest.mark.parametrize("text", RISKY_PAST_THE_RULES)
def test_risk_the_rules_pass_is_weighed_towards_risk(text):
    assert not assess_risk(text)
    opinion = risk_model.second_opinion(text)
    assert opinion.categories == ("model",) and opinion.matches


@pytest.mark.parametrize("text", SAFE)
def test_safe_comments_are_not_held_by_the_model(text):
    assert not risk_model.second_opinion(text)


@pytest.mark.parametrize(
    "text",
    [
        "the article says hopelessness and giving things away are warning signs",
        "As a pharmacist I see people who feel there is no point going on",
        "if we lose the derby i will actually disappear forever lmao",
    ],
)
def test_the_rules_context_rules_the_model_out(text):
    """Talk about the topic, a professional voice, a joke: the model has no say."""
    assert risk_model.read(text).ruled_out and not risk_model.second_opinion(text)


def test_the_moderator_is_told_which_words_weighed_most():
    summary = risk_model.second_opinion(RISKY_PAST_THE_RULES[2]).summary()
    assert summary.startswith("Statistical second opinion: “")
    assert "point of" in summary


def test_the_cross_validated_figures_hold():
    """Re-runs the leave-one-writer-out cross-validation on the development set."""
    comments = [c for path in labelled_files([DEV_SET]) for c in read_labelled(path)]
    report = cross_validate(comments, max_model_false_alarms=0.01)
    assert report.threshold == THRESHOLD
    assert report.as_dict()["writers"] == CROSS_VALIDATED
    overall = report.overall()
    assert overall.model_false_alarms.hits <= 0.01 * overall.model_false_alarms.total + 1
    assert overall.false_alarms.rate <= 0.02 and overall.found.rate >= 0.98
    assert all("ordinary_check" not in path.parts for path in labelled_files([DEV_SET]))


def test_a_megabyte_is_scored_quickly():
    for text in ["I want to disappear. " * 50_000, "a" * 1_000_000 + "!", "\x00\ud800" * 500_000]:
        started = time.perf_counter()
        risk_model.second_opinion(text)
        assert time.perf_counter() - started < 1.0


class SettingTests(TestCase):
    def test_on_by_default(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == ["risk"]

    @override_settings(KITH_COMMENTS_RISK_MODEL=False)
    def test_off_the_rules_alone_decide(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == []

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_on_the_model_holds_what_the_rules_pass_and_leaves_the_rest(self):
        assert classify(RISKY_PAST_THE_RULES[0]) == ["risk"]
        assert [classify(text) for text in SAFE] == [[]] * len(SAFE)

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_on_ordinary_comments_are_not_held_by_the_model(self):
        for text in ORDINARY:
            assert not risk_model.second_opinion(text), text
            assert assess_comment_risk(text) == assess_risk(text), text
        passed_by_the_rules = [text for text in ORDINARY if not assess_risk(text)]
        assert len(passed_by_the_rules) == 6
        assert [classify(text) for text in passed_by_the_rules] == [[]] * 6

    @override_settings(KITH_COMMENTS_RISK_MODEL=False)
    def test_the_ordinary_check_set_with_the_rules_alone(self):
        result = evaluate(read_labelled(ORDINARY_CHECK))
        assert (result.false_alarms.hits, result.false_alarms.total) == (3, 150)

    @override_settings(KITH_COMMENTS_RISK_MODEL=True)
    def test_the_ordinary_check_set_with_the_model(self):
        """No more false alarms than the rules alone (the old model raised 25 of 150)."""
        result = evaluate(read_labelled(ORDINARY_CHECK))
        assert (result.false_alarms.hits, result.false_alarms.total) == (3, 150)
        assert not any(r.assessment.categories == ("model",) for r in result.results)

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


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "labelled"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text("label\tcategory\tlang\ttext\n" + body, encoding="utf-8")
    return folder


TINY = {
    "one.tsv": "risk\twish_dead\ten\ti wish i could disappear\n"
    "safe\tgratitude\ten\tthank you for the article\n",
    "d2_two.tsv": "risk\thopelessness\ten\tnothing will ever get better for me\n"
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
    assert model.weights["disappear"] > 0 > model.weights["bus"]
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
        (TINY, ["--max-model-false-alarms", "1.5"], "--max-model-false-alarms must be"),
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
