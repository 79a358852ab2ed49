import pytest

from mentora.feedback.pure.minicex import DOMAINS, band, normalise_procedure


@pytest.mark.parametrize(("rating", "expected"), [
    (1, "unsatisfactory"), (3, "unsatisfactory"), (4, "satisfactory"), (6, "satisfactory"),
    (7, "superior"), (9, "superior"), (None, "not observed"),
])
def test_each_rating_reads_in_its_band(rating, expected):
    assert band(rating) == expected


@pytest.mark.parametrize("rating", [0, 10])
def test_a_rating_off_the_scale_is_refused_saying_the_scale(rating):
    with pytest.raises(ValueError, match="1 to 9"):
        band(rating)


def test_the_seven_domains_of_the_mini_cex():
    assert len(DOMAINS) == 7 and DOMAINS[-1][1] == "Overall clinical competence"


def test_free_text_procedure_names_are_one_procedure_however_typed():
    assert normalise_procedure("  Shoulder   Reduction ") == "shoulder reduction"
    assert normalise_procedure("shoulder\treduction") == "shoulder reduction"
