"""Train the statistical second opinion (``comments.risk_model``) on labelled TSV files.

manage.py train_risk_model                      # the development set, into comments/risk_model.json
manage.py train_risk_model FOLDER --output model.json --max-model-false-alarms 0.02

Chooses the threshold by leave-one-writer-out cross-validation, then trains on every line.

The budget (1 % by default) counts the model's own false alarms, on safe lines the rules pass,
out of all safe lines in cross-validation. It was fixed before looking at any figure: the rules
alone already raise 7-10 % false alarms on a new writer's hard negatives, and a moderator should
see at most about one more false alarm per hundred safe comments for the model's second opinion.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments import risk_model
from comments.risk_evaluation import (
    NOT_FOR_TRAINING,
    LabelledFileError,
    cross_validate,
    labelled_files,
    read_labelled,
)

DEVELOPMENT_SET = Path(settings.BASE_DIR) / "tests" / "data" / "risk"


class Command(BaseCommand):
    help = (
        "Trains the risk model on labelled TSV files (label, category, lang, text; a folder "
        "stands for its .tsv files), chooses its threshold by leave-one-writer-out "
        "cross-validation and writes the model as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="FILE.tsv",
            help=f"Labelled files or folders (default: {DEVELOPMENT_SET}).",
        )
        parser.add_argument(
            "--output",
            default=str(risk_model.MODEL_FILE),
            help=f"Where to write the model (default: {risk_model.MODEL_FILE}).",
        )
        parser.add_argument(
            "--max-model-false-alarms",
            type=float,
            default=0.01,
            help="The cross-validated rate of false alarms the model may add to the rules', "
            "out of all safe lines (default: 0.01).",
        )

    def handle(
        self, *args, paths: list[str], output: str, max_model_false_alarms: float, **options
    ):
        if not 0 <= max_model_false_alarms < 1:
            raise CommandError("--max-model-false-alarms must be at least 0 and below 1.")
        paths = paths or [str(DEVELOPMENT_SET)]
        for path in paths:
            blind = set(NOT_FOR_TRAINING) & set(Path(path).parts)
            if "heldout" in blind:
                raise CommandError(
                    "Held-out files are for the final evaluation only, not training."
                )
            if blind:
                raise CommandError(
                    f"{path}: the ordinary check set measures false alarms, it is not for training."
                )
        try:
            files = labelled_files(paths)
            comments = [comment for path in files for comment in read_labelled(path)]
            if not comments:
                raise LabelledFileError("The files hold no labelled comment.")
            self.stdout.write(f"Read {len(comments)} labelled comments from {len(files)} file(s).")
            report = cross_validate(
                comments, max_model_false_alarms=max_model_false_alarms, progress=self.stdout.write
            )
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from None
        overall = report.overall()
        self.stdout.write(
            f"Threshold {report.threshold}: rules or model found {overall.found.hits}/"
            f"{overall.found.total}, false alarms {overall.false_alarms.hits}/"
            f"{overall.false_alarms.total} (model alone: {overall.model_found.hits} found, "
            f"{overall.model_false_alarms.hits} false alarms)."
        )
        trained = risk_model.fit((c.label == "risk", risk_model.read(c.text)) for c in comments)
        model = risk_model.Model(trained.weights, trained.prior, threshold=report.threshold)
        text = model.to_json(cross_validation=report.as_dict(), trained_on=len(comments))
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot be written ({exc.strerror}).") from None
        self.stdout.write(f"Wrote {output}: {len(model.weights)} n-grams, {len(text) // 1024} KiB.")
