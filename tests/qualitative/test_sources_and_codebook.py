"""Sources from survey comments and transcripts; the codebook and its versioned history."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.qualitative.actions import (
    QdaError,
    do_add_coder,
    do_add_transcript,
    do_apply_code,
    do_create_code,
    do_define_code,
    do_import_comments,
    do_merge_codes,
    do_move_code,
    do_rename_code,
    do_split_code,
)
from mentora.qualitative.actions.projects import pseudonym
from mentora.qualitative.models import Code, CodebookChange, Coding, Source
from tests.factories import make_person
from tests.qualitative.conftest import COMMENTS, Qda, answer


def test_each_comment_becomes_a_source_with_who_and_where(qda: Qda) -> None:
    sources = {s.text: s for s in Source.objects.filter(project=qda.project)}
    assert len(sources) == 3
    maya = sources[COMMENTS["maya"].replace("\r\n", "\n")]  # stored with line feeds
    assert maya.kind == Source.Kind.COMMENT and maya.question == "comments"
    assert maya.role == "mentee" and maya.wave == "Baseline"
    assert maya.cohort_label == str(qda.world.cohort)
    assert maya.respondent == pseudonym(qda.world.cohort.pk, f"r{qda.world.maya.pk}")
    assert "Maya" not in maya.name and maya.respondent != f"r{qda.world.maya.pk}"
    assert maya.response is not None  # joins the survey scores
    assert sources[COMMENTS["anon"]].role == ""  # an anonymous wave names no role


def test_importing_again_adds_only_new_answers(qda: Qda) -> None:
    assert do_import_comments(qda.project, ["comments"], timezone.now()) == 0
    answer(qda.wave, None, "anon-2", "   ")  # blank: skipped
    answer(qda.wave, None, "anon-3", "More meetings please.")
    assert do_import_comments(qda.project, ["comments"], timezone.now()) == 1


def test_a_question_that_is_not_open_text_is_refused(qda: Qda) -> None:
    with pytest.raises(QdaError, match="im_opinion_career is not an open-text question"):
        do_import_comments(qda.project, ["im_opinion_career"], timezone.now())


def test_a_transcript_keeps_its_speakers(qda: Qda) -> None:
    source = do_add_transcript(qda.project, Source.Kind.FOCUS_GROUP, "group-1.txt",
                               "Moderator: Why?\r\nMentor A: Confidence.\r\n", timezone.now())
    assert source.text == "Moderator: Why?\nMentor A: Confidence."
    assert [s[0] for s in source.speakers] == ["Moderator", "Mentor A"]
    with pytest.raises(QdaError, match="holds no text"):
        do_add_transcript(qda.project, Source.Kind.INTERVIEW, "empty.txt", " \n", timezone.now())


def test_only_evaluators_code(qda: Qda) -> None:
    with pytest.raises(QdaError, match="not an evaluator"):
        do_add_coder(qda.project, qda.world.mark, timezone.now())


def test_every_codebook_change_raises_the_version_and_is_listed(qda: Qda) -> None:
    now, project = timezone.now(), qda.project
    time_ = do_create_code(project, "Time", now, definition="Time to meet")
    relationship = do_create_code(project, "Relationship", now)
    # One name under two parents.
    barriers = do_create_code(project, "Barriers", now, parent=time_)
    do_create_code(project, "Barriers", now, parent=relationship)
    with pytest.raises(QdaError, match="already under Time"):
        do_create_code(project, "barriers", now, parent=time_)
    do_rename_code(barriers, "Scheduling", now)
    do_define_code(barriers, "Finding a slot", "#AA0000", now)
    space = do_create_code(project, "Space", now)
    do_move_code(space, time_, now)
    with pytest.raises(QdaError, match="cannot move under itself"):
        do_move_code(time_, space, now)
    extra = do_split_code(space, "Rooms", now)
    project.refresh_from_db()
    kinds = list(CodebookChange.objects.filter(project=project).values_list("version", "kind"))
    assert [v for v, _ in kinds] == list(range(1, len(kinds) + 1))
    assert project.codebook_version == len(kinds) == 9
    assert [k for _, k in kinds] == ["create", "create", "create", "create", "rename",
                                     "define", "create", "move", "split"]
    assert Code.objects.get(pk=barriers.pk).colour == "#aa0000"
    assert extra.parent_id == time_.pk
    assert AuditEvent.objects.filter(object_type="qualitative.code").count() == 9


def test_merging_moves_codings_and_retires_the_code(qda: Qda) -> None:
    now, project = timezone.now(), qda.project
    time_, hours = do_create_code(project, "Time", now), do_create_code(project, "Hours", now)
    source = Source.objects.filter(project=project).first()
    assert source is not None
    do_apply_code(source, time_, qda.eve, now)
    do_apply_code(source, hours, qda.eve, now)  # the same segment: kept once
    do_apply_code(source, hours, qda.fay, now, valence="negative")
    do_merge_codes(hours, time_, now)
    assert Code.objects.get(pk=hours.pk).retired
    assert sorted(Coding.objects.filter(code=time_).values_list("coder_id", "valence")) == sorted(
        [(qda.eve.pk, "neutral"), (qda.fay.pk, "negative")])
    assert CodebookChange.objects.filter(kind="merge", other=time_).exists()
    with pytest.raises(QdaError, match="merged or retired"):
        do_merge_codes(time_, hours, now)
    stranger = make_person("Stan Stranger")
    with pytest.raises(QdaError, match="Only the project's coders"):
        do_apply_code(source, time_, stranger, now)
