"""Coding (a comment whole by default, offsets in code points), blind double coding of a sample,
agreement figures as the packages compute them, adjudication into the consensus layer, and
`mentora qda agreement`."""

from __future__ import annotations

import csv
from pathlib import Path

import krippendorff
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from sklearn.metrics import cohen_kappa_score

from mentora.qualitative.actions import (
    QdaError,
    do_adjudicate,
    do_apply_code,
    do_create_code,
    do_draw_sample,
    do_mark_coded,
    do_remove_coding,
)
from mentora.qualitative.agreement import agreement, disagreements
from mentora.qualitative.models import Coding, Sample, Source
from mentora.qualitative.pure.reliability import OVERALL
from tests.qualitative.conftest import Qda, answer


def test_a_comment_is_coded_whole_by_default_and_a_segment_by_code_points(qda: Qda) -> None:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now)
    source = Source.objects.get(project=qda.project, text__startswith="My mentor")
    whole = do_apply_code(source, time_, qda.eve, now, valence="positive")
    assert (whole.start, whole.end, whole.text) == (0, len(source.text), source.text)
    start = source.text.index("and that")  # after the emoji: one code point, not two
    part = do_apply_code(source, time_, qda.fay, now, start=start, end=start + 8)
    assert part.text == "and that" and source.text[part.start:part.end] == part.text
    assert part.codebook_version == qda.project.codebook_version == 1
    with pytest.raises(QdaError, match="run past the text"):
        do_apply_code(source, time_, qda.fay, now, start=0, end=len(source.text) + 1)
    with pytest.raises(QdaError, match="valence"):
        do_apply_code(source, time_, qda.fay, now, valence="angry")
    with pytest.raises(QdaError, match="Only its coder"):
        do_remove_coding(part, qda.eve)
    do_remove_coding(part, qda.fay)
    assert not Coding.objects.filter(pk=part.pk).exists()


def _comments(qda: Qda, n: int) -> None:
    for i in range(n):
        answer(qda.wave, None, f"more-{i}", f"Comment number {i} about time and rooms.")
    from mentora.qualitative.actions import do_import_comments

    do_import_comments(qda.project, ["comments"], timezone.now())


def test_a_sample_is_drawn_for_two_coders_and_kept_with_its_seed(qda: Qda) -> None:
    _comments(qda, 17)  # 20 sources
    sample = do_draw_sample(qda.project, 20, [qda.eve, qda.fay], timezone.now(), seed=5)
    assert sample.sources.count() == 4 and sample.seed == 5
    assert set(sample.coders.all()) == {qda.eve, qda.fay}
    again = do_draw_sample(qda.project, 25, [qda.eve, qda.fay], timezone.now(), seed=5)
    assert not set(again.sources.all()) & set(sample.sources.all())  # never the same unit twice
    with pytest.raises(QdaError, match="two or more coders"):
        do_draw_sample(qda.project, 20, [qda.eve], timezone.now())
    with pytest.raises(QdaError, match="outside 10-25%"):
        do_draw_sample(qda.project, 50, [qda.eve, qda.fay], timezone.now())


def _code_sample(qda: Qda) -> tuple[Sample, list[Source], dict[str, list[int]]]:
    """Eve and Fay code every unit of a 25% sample of 20 sources with Time; they differ on some."""
    _comments(qda, 17)
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now)
    do_create_code(qda.project, "Space", now)
    sample = do_draw_sample(qda.project, 25, [qda.eve, qda.fay], now, seed=1)
    units = list(sample.sources.order_by("pk"))
    decisions = {"eve": [1, 1, 0, 1, 0], "fay": [1, 0, 0, 1, 1]}
    for who, person in (("eve", qda.eve), ("fay", qda.fay)):
        for unit, applied in zip(units, decisions[who], strict=True):
            if applied:
                do_apply_code(unit, time_, person, now, valence="negative")
            else:
                do_mark_coded(unit, person, now)
    return sample, units, decisions


def test_agreement_is_what_krippendorff_and_scikit_learn_compute(qda: Qda) -> None:
    _, _, decisions = _code_sample(qda)
    rows = {row.code: row for row in agreement(qda.project, draws=200)}
    time_ = rows["Time"]
    data = [decisions["eve"], decisions["fay"]]
    assert time_.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    assert time_.kappa == pytest.approx(cohen_kappa_score(*data))
    assert time_.percent_agreement == pytest.approx(3 / 5)
    assert (time_.coders, time_.units) == (2, 5)
    assert rows["Space"].percent_agreement == 1.0 and rows["Space"].alpha is None
    assert OVERALL in rows


def test_coding_outside_the_sample_or_unfinished_units_do_not_count(qda: Qda) -> None:
    sample, _, _ = _code_sample(qda)
    now = timezone.now()
    outside = Source.objects.filter(project=qda.project).exclude(samples=sample).first()
    assert outside is not None
    time_ = qda.project.codes.get(name="Time")
    do_apply_code(outside, time_, qda.eve, now)
    assert {r.code: r for r in agreement(qda.project, draws=0)}["Time"].units == 5


def test_disagreements_are_listed_then_adjudicated_into_the_consensus_layer(qda: Qda) -> None:
    _, units, _ = _code_sample(qda)
    listed = disagreements(qda.project)
    assert [(d.source.pk, d.code) for d in listed] == [(units[1].pk, "Time"),
                                                      (units[4].pk, "Time")]
    first = listed[0]
    assert [c for c, _ in first.applied] == [qda.eve.pk] and first.not_applied == [qda.fay.pk]
    time_ = qda.project.codes.get(name="Time")
    with pytest.raises(QdaError, match="Only a lead coder"):
        do_adjudicate(units[1], time_, True, qda.fay, timezone.now())
    do_adjudicate(units[1], time_, True, qda.eve, timezone.now(), adopt=qda.eve)
    do_adjudicate(units[4], time_, False, qda.eve, timezone.now())
    assert disagreements(qda.project) == []
    consensus = Coding.objects.filter(layer=Coding.Layer.CONSENSUS)
    assert list(consensus.values_list("source_id", "valence")) == [(units[1].pk, "negative")]
    # The coders' own layers, the agreement evidence, are as they were.
    assert {r.code: r for r in agreement(qda.project, draws=0)}["Time"].percent_agreement == 0.6


def test_the_command_writes_the_agreement_csv(qda: Qda, tmp_path: Path) -> None:
    _code_sample(qda)
    out = tmp_path / "agreement.csv"
    call_command("qda", "agreement", "--project", qda.project.name, "--out", str(out),
                 "--draws", "100")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:6] == ["code", "coders", "units", "alpha", "kappa",
                                 "percent_agreement"]
    assert {"alpha_ci_low", "alpha_ci_high", "kappa_ci_low", "kappa_ci_high"} <= set(rows[0])
    by_code = {row["code"]: row for row in rows}
    assert float(by_code["Time"]["percent_agreement"]) == pytest.approx(0.6)
    assert by_code["Time"]["coders"] == "2" and by_code["Time"]["units"] == "5"
    assert by_code[OVERALL]["codebook_version"] == str(qda.project.codebook_version)
    with pytest.raises(CommandError, match="no coding project named or numbered 'Nope'"):
        call_command("qda", "agreement", "--project", "Nope")
