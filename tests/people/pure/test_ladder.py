import pytest

from mentora.people.ladder import Stage, UnknownStage, gap, next_year, parse_stage


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("MS3", Stage.MS3),
        ("ms 3", Stage.MS3),
        ("PGY-1", Stage.PGY1),
        ("Intern", Stage.PGY1),
        ("PGY5+", Stage.PGY5_PLUS),
        ("PGY7", Stage.PGY5_PLUS),
        ("Pre-matriculant", Stage.PRE_MATRICULANT),
        ("Assistant Professor", Stage.ASSISTANT_PROFESSOR),
        ("Chief resident", Stage.CHIEF_RESIDENT),
        ("staff", Stage.STAFF),
    ],
)
def test_stages_are_read_as_people_write_them(text: str, stage: Stage) -> None:
    assert parse_stage(text) == stage


def test_an_unknown_stage_names_the_value_and_the_choices() -> None:
    with pytest.raises(UnknownStage, match=r"'MS9'.*MS1"):
        parse_stage("MS9")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Stage.PRE_MATRICULANT, Stage.MS1),
        (Stage.MS3, Stage.MS4),
        (Stage.MS4, Stage.PGY1),
        (Stage.PGY1, Stage.PGY2),
        (Stage.PGY5_PLUS, Stage.PGY5_PLUS),
        (Stage.FELLOW, Stage.FELLOW),
        (Stage.ASSISTANT_PROFESSOR, Stage.ASSISTANT_PROFESSOR),
        (Stage.STAFF, Stage.STAFF),
    ],
)
def test_a_new_academic_year_moves_trainees_one_rung_and_leaves_faculty(
    before: Stage, after: Stage
) -> None:
    assert next_year(before) == after


def test_gap_counts_rungs_and_is_undefined_off_the_ladder() -> None:
    assert gap(Stage.PGY2, Stage.MS3) == 3
    assert gap(Stage.MS3, Stage.PGY2) == -3
    assert gap(Stage.STAFF, Stage.MS3) is None
