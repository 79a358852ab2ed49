import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentora.evaluation.stats import (
    INTERNAL_THRESHOLD,
    PUBLICATION_THRESHOLD,
    StatsError,
    suppress_counts,
    suppress_frame,
    suppress_table,
)


def _hidden(table) -> list[list[int]]:
    return [[int(c.hidden) for c in row] for row in table.cells]


@pytest.mark.parametrize(
    ("counts", "threshold", "hidden"),
    [
        # Nothing small: nothing hidden.
        ([[12, 20], [15, 30]], 11, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]),
        # One small cell per row: its row neighbour goes too, then the columns are safe.
        ([[3, 20, 15], [12, 30, 9]], 11, [[1, 0, 1, 0], [1, 0, 1, 0], [0, 0, 0, 0]]),
        # Same table inside the institution: only counts below 5 are small.
        ([[3, 20, 15], [12, 30, 9]], 5, [[1, 0, 1, 0], [1, 0, 1, 0], [0, 0, 0, 0]]),
        # 4 is shown internally but hidden for publication.
        ([[4, 40], [30, 50]], 5, [[1, 1, 0], [1, 1, 0], [0, 0, 0]]),
        # Zeros stay shown and are not chosen as complements while a non-zero is available.
        ([[0, 2, 30, 40]], 5, [[0, 1, 1, 0, 0], [0, 1, 1, 0, 0]]),
    ],
)
def test_table_driven_suppression(counts, threshold: int, hidden) -> None:
    """Small counts and the complements that would reveal them are hidden, margins included."""
    assert _hidden(suppress_table(counts, threshold=threshold)) == hidden


def test_single_row_of_groups_hides_the_second_smallest() -> None:
    """Mentees by gender, total shown: one small group means the next smallest is hidden too."""
    table = suppress_counts([40, 31, 3], threshold=PUBLICATION_THRESHOLD)
    assert table.texts()[0] == ["40", "*", "*", "74"]
    assert [c.reason for c in table.cells[0]] == ["", "complementary", "small", ""]


def test_small_total_is_hidden_with_its_cells() -> None:
    """A group whose total is small is itself hidden, and so is what would reveal it."""
    table = suppress_table([[2, 1], [30, 40]], threshold=INTERNAL_THRESHOLD)
    assert table.cells[0][2].reason == "small"  # the row total, 3
    # Column totals 32 and 41 stay, so 30, 40 and their total 70 must go with the small row.
    assert _hidden(table) == [[1, 1, 1], [1, 1, 1], [0, 0, 0]]


def test_crosstab_keeps_its_labels() -> None:
    """A pandas crosstab comes back with its row and column labels and a Total margin."""
    frame = pd.crosstab(
        pd.Series(["woman"] * 12 + ["man"] * 14 + ["woman"] * 3, name="gender"),
        pd.Series(["yes"] * 20 + ["no"] * 9, name="matched"),
    )
    table = suppress_frame(frame, threshold=PUBLICATION_THRESHOLD)
    assert table.row_labels == ("man", "woman", "Total")
    assert table.col_labels == ("no", "yes", "Total")
    assert [c.count for c in table.cells[-1]] == [9, 20, 29]
    assert table.cells[0][0].hidden  # 6 men not matched


def test_no_percentage_for_a_hidden_numerator() -> None:
    """Percentages of hidden cells (or of hidden totals) are None, others are exact."""
    table = suppress_counts([40, 31, 3], threshold=11)
    assert table.percentages()[0] == [pytest.approx(100 * 40 / 74), None, None, 100.0]


def test_hide_zero_on_request() -> None:
    """Zeros can be treated as small when a zero itself would identify people."""
    table = suppress_counts([0, 20, 30], threshold=5, hide_zero=True)
    assert table.cells[0][0].hidden and table.cells[0][0].reason == "small"


def test_a_cell_another_table_hides_is_hidden_and_protected() -> None:
    """A denominator hidden elsewhere (a block's 20 matched mentees) is hidden here as well, and
    so is what would give it away: the other row total (the grand total stays), and in each row
    the cell that with the one shown would add up to it."""
    table = suppress_table([[15, 5], [12, 20]], threshold=INTERNAL_THRESHOLD, hide=[(0, 2)])
    assert table.cells[0][2].reason == "complementary"
    assert table.texts() == [["15", "*", "*"], ["12", "*", "*"], ["27", "25", "52"]]
    with pytest.raises(StatsError, match=r"no cell \(3, 0\) to hide in a table of 3 x 3"):
        suppress_table([[15, 5], [12, 20]], threshold=5, hide=[(3, 0)])


@pytest.mark.parametrize(
    ("counts", "message"),
    [([[1, 2], [3]], "row 1 has 1 counts"), ([[1, -2]], "-2 is not a count"), ([], "at least")],
)
def test_malformed_tables_are_refused(counts, message: str) -> None:
    """Ragged rows and negative counts name the row and column."""
    with pytest.raises(StatsError, match=message):
        suppress_table(counts, threshold=5)


@given(
    st.integers(1, 4).flatmap(
        lambda cols: st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols),
                              min_size=1, max_size=4)
    ),
    st.sampled_from([INTERNAL_THRESHOLD, PUBLICATION_THRESHOLD]),
)
def test_no_line_can_be_solved_by_subtraction(counts, threshold: int) -> None:
    """In every row and column (margins included) hidden entries are none or at least two, and
    every count from 1 to threshold - 1 is hidden."""
    table = suppress_table(counts, threshold=threshold)
    cells = table.cells
    lines = [list(row) for row in cells] + [list(col) for col in zip(*cells, strict=True)]
    for line in lines:
        assert sum(c.hidden for c in line) != 1
    for row in cells:
        for cell in row:
            if 0 < cell.count < threshold:
                assert cell.hidden
