"""Train the risk model (``comments.risk_model``) on labelled TSV files.

manage.py train_risk_model                      # the development set, into comments/risk_model.json
manage.py train_risk_model FOLDER --output model.json --max-false-alarms 0.04

Chooses the threshold by leave-one-writer-out cross-validation, then trains on every line.

The budget (8 % by default, the held-out target) counts the safe lines the model would send to
the urgent queue, out of all safe lines, each scored by a model that never saw its writer: how
a new writer's comments will be read. (On the lines it was trained on, the model raises far
fewer.)
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
            "--max-false-alarms",
            type=float,
            default=0.08,
            help="The cross-validated rate of safe lines the model may send to the urgent "
            "queue (default: 0.08).",
        )

    def handle(self, *args, paths: list[str], output: str, max_false_alarms: float, **options):
        if not 0 <= max_false_alarms < 1:
            raise CommandError("--max-false-alarms must be at least 0 and below 1.")
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
                comments, max_false_alarms=max_false_alarms, progress=self.stdout.write
            )
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from None
        overall = report.overall()
        self.stdout.write(
            f"Threshold {report.threshold}: found {overall.found.hits}/{overall.found.total}, "
            f"false alarms {overall.false_alarms.hits}/{overall.false_alarms.total} (the rules "
            f"alone: {overall.rules_found.hits} found, {overall.rules_false_alarms.hits} "
            "false alarms)."
        )
        self.stdout.write("Training on every line.")
        trained = risk_model.fit((c.label == "risk", risk_model.read(c.text)) for c in comments)
        model = risk_model.Model(trained.weights, trained.bias, threshold=report.threshold)
        text = model.to_json(cross_validation=report.as_dict(), trained_on=len(comments))
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot be written ({exc.strerror}).") from None
        self.stdout.write(f"Wrote {output}: {len(model.weights)} n-grams, {len(text) // 1024} KiB.")
