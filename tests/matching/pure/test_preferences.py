"""Preference order, checked against plain Python sorting: uploaded rank first, then higher
score, then the lower id; and the blocking pairs a welfare run reports."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentora.matching.engine import Problem, solve
from mentora.matching.engine.market import build_market
from mentora.matching.engine.preferences import (
    dense_rank,
    list_orders,
    positions,
    sort_order,
)
from tests.matching.pure.helpers import scored_markets
from tests.matching.pure.test_properties import blocking

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_dense_rank_numbers_the_distinct_values_from_the_smallest() -> None:
    values = np.array([2.5, -1.0, 2.5, 0.0, -0.0, 7.25, -1.0, 1e300])
    distinct = sorted(set(values.tolist()))
    assert dense_rank(values).tolist() == [distinct.index(v) for v in values.tolist()]


def test_dense_rank_puts_each_nan_after_every_number() -> None:
    ranks = dense_rank(np.array([3.0, math.nan, 1.0, math.nan, 3.0])).tolist()
    assert ranks[0] == ranks[4] == 1 and ranks[2] == 0
    assert sorted(ranks[1::2]) == [2, 3]


@pytest.mark.parametrize("high", [4, 2**29, 2**40])
def test_sort_order_is_a_stable_sort_by_keys_most_significant_first(high: int) -> None:
    """Small keys take the packed np.sort, larger ones the argsort, the largest lexsort: the
    order is the same, ties in their original order."""
    rng = np.random.default_rng(high)
    keys = [rng.integers(0, high, 500), rng.integers(0, 3, 500), rng.integers(0, high, 500)]
    expected = sorted(range(500), key=lambda r: tuple(int(k[r]) for k in keys))
    assert sort_order(keys).tolist() == expected


def ranked(problem: Problem, data: st.DataObject) -> Problem:
    """Some pairs carry uploaded ranks (NaN where unranked) on one side, the other, or both."""
    table = problem.candidates
    assert table is not None
    for side in ("mentee_rank", "mentor_rank"):
        if data.draw(st.booleans()):
            ranks = [data.draw(st.sampled_from([1.0, 2.0, 3.0, math.nan]))
                     for _ in range(len(table))]
            setattr(table, side, np.array(ranks))
    return problem


def python_places(problem: Problem) -> tuple[list[int], list[int]]:
    """Each candidate's place in its mentee's and its mentor's list, by sorting tuples."""
    table = problem.candidates
    assert table is not None
    n = len(table)
    mentee_rank = [math.inf] * n if table.mentee_rank is None else table.mentee_rank.tolist()
    mentor_rank = [math.inf] * n if table.mentor_rank is None else table.mentor_rank.tolist()
    e_ids = [problem.mentees[i].id for i in table.mentee.tolist()]
    m_ids = [problem.mentors[j].id for j in table.mentor.tolist()]

    places = []
    for owner, rank, other in ((table.mentee.tolist(), mentee_rank, m_ids),
                               (table.mentor.tolist(), mentor_rank, e_ids)):
        keys = [(math.inf if math.isnan(rank[r]) else rank[r], -float(table.score[r]), other[r])
                for r in range(n)]
        place = [0] * n
        for who in set(owner):
            rows = sorted((r for r in range(n) if owner[r] == who), key=keys.__getitem__)
            for k, r in enumerate(rows):
                place[r] = k
        places.append(place)
    return places[0], places[1]


@FAST
@given(scored_markets(max_mentees=6, max_mentors=5), st.data())
def test_places_and_list_orders_follow_rank_then_score_then_id(problem: Problem,
                                                               data: st.DataObject) -> None:
    """positions() numbers each list as plain sorting does; ListOrder compares any two
    candidates of one list the same way, and finds the last of each list."""
    problem = ranked(problem, data)
    market = build_market(problem)
    mentee_place, mentor_place = positions(market)
    assert (mentee_place.tolist(), mentor_place.tolist()) == python_places(problem)
    table = market.table
    for owner, place, lists in zip((table.mentee, table.mentor), (mentee_place, mentor_place),
                                   list_orders(market), strict=True):
        a, b = (x.ravel() for x in np.meshgrid(np.arange(len(table)), np.arange(len(table))))
        same = owner[a] == owner[b]
        assert (lists.before(a[same], b[same]) == (place[a[same]] < place[b[same]])).all()
        every, partner = np.arange(len(table)), np.arange(len(table))[::-1]
        assert (lists.before(None, partner) == lists.before(every, partner)).all()
        some = np.flatnonzero(np.array(data.draw(st.lists(st.booleans(), min_size=len(table),
                                                           max_size=len(table)))))
        last = lists.last(owner, some, int(owner.max()) + 1)
        for who in range(int(owner.max()) + 1):
            theirs = some[owner[some] == who]
            expected = theirs[np.argmax(place[theirs])] if theirs.size else -1
            assert last[who] == expected


@FAST
@given(scored_markets(max_mentees=6, max_mentors=5))
def test_welfare_lists_exactly_the_blocking_pairs(problem: Problem) -> None:
    """Every pair who would both rather have each other, as a check written apart finds."""
    result = solve(problem, "welfare")
    assert result.diagnostics.blocking_pairs == blocking(problem, result)
    assert result.diagnostics.blocking_pair_count == len(result.diagnostics.blocking_pairs)
