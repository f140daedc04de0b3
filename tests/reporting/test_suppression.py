"""Small-cell suppression: pure functions, checked cell by cell."""

from __future__ import annotations

import pytest

from reporting.suppression import (
    COMPLEMENTARY_MARK,
    is_small,
    small_mark,
    suppress_count,
    suppress_grid,
    too_few_for_breakdown,
)

X = COMPLEMENTARY_MARK


@pytest.mark.parametrize("k", [3, 4, 5, 10])
def test_every_count_from_1_to_k_minus_1_is_hidden_and_zero_and_k_are_shown(k: int) -> None:
    for value in range(1, k):
        assert suppress_count(value, k=k) == f"< {k}"
    assert suppress_count(0, k=k) == 0
    assert suppress_count(k, k=k) == k
    assert suppress_count(k + 7, k=k) == k + 7


def test_the_mark_reads_less_than_k() -> None:
    assert small_mark(5) == "< 5"
    assert not is_small(None, k=5)
    assert not is_small(True, k=5)


def test_a_table_without_totals_hides_only_the_small_cells() -> None:
    assert suppress_grid([[12], [3], [0], [7]], k=5) == [[12], ["< 5"], [0], [7]]


def test_one_hidden_cell_in_a_column_with_a_total_hides_the_next_smallest_too() -> None:
    grid = [[12], [3], [0], [7], [9], [31]]  # last row: the total
    assert suppress_grid(grid, k=5, total_row=True) == [[12], ["< 5"], [0], [X], [9], [31]]


def test_two_hidden_cells_in_a_column_need_no_complementary_cell() -> None:
    grid = [[12], [3], [2], [7], [24]]
    assert suppress_grid(grid, k=5, total_row=True) == [[12], ["< 5"], ["< 5"], [7], [24]]


def test_a_zero_is_never_the_complementary_cell() -> None:
    grid = [[0], [3], [0], [20], [23]]
    assert suppress_grid(grid, k=5, total_row=True) == [[0], ["< 5"], [0], [X], [23]]


def test_a_hidden_cell_with_only_zeros_beside_it_hides_the_total() -> None:
    grid = [[0], [3], [0], [3]]
    assert suppress_grid(grid, k=5, total_row=True) == [[0], ["< 5"], [0], ["< 5"]]


def test_complementary_suppression_works_along_rows_and_columns_until_nothing_can_be_worked_out() -> None:
    # Rows: referrals in, out, row total; last row: column totals.
    grid = [
        [3, 0, 3],
        [10, 20, 30],
        [13, 20, 33],
    ]
    masked = suppress_grid(grid, k=5, total_row=True, total_column=True)
    assert masked[0] == ["< 5", 0, "< 5"]
    # Every row and column with a total now hides none or at least two values.
    for line in [*masked, *zip(*masked, strict=True)]:
        assert sum(isinstance(cell, str) for cell in line) != 1, masked


def test_a_complementary_cell_in_a_row_protects_the_row_total() -> None:
    grid = [[2, 10, 8, 20], [6, 10, 9, 25]]  # up, same, down, total per ladder
    masked = suppress_grid(grid, k=5, total_column=True)
    assert masked == [["< 5", 10, X, 20], [6, 10, 9, 25]]


def test_columns_that_are_not_counts_are_never_hidden() -> None:
    grid = [[2, 3, 0.2], [20, 3, 1.5], [22, 6, 1.7]]  # opening dagdelen, visits, average
    masked = suppress_grid(grid, k=5, counted=[False, True, False], total_row=True)
    assert masked == [[2, "< 5", 0.2], [20, "< 5", 1.5], [22, 6, 1.7]]


def test_a_column_whose_total_is_not_its_sum_gets_no_complementary_cell() -> None:
    grid = [[3, 30], [9, 40], [10, 70]]  # unique participants per month (not additive), visits
    masked = suppress_grid(grid, k=5, additive=[False, True], total_row=True)
    assert masked == [["< 5", 30], [9, 40], [10, 70]]


def test_complementary_choice_is_deterministic_between_equal_cells() -> None:
    grid = [[3], [8], [8], [19]]
    assert suppress_grid(grid, k=5, total_row=True) == [["< 5"], [X], [8], [19]]


def test_rows_of_different_length_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress_grid([[1, 2], [3]], k=5)


def test_a_breakdown_is_shown_coarser_when_most_of_its_lines_are_small() -> None:
    assert too_few_for_breakdown([1, 2, 0, 6, 3, 2], k=5)
    assert not too_few_for_breakdown([1, 7, 8, 6, 3, 9], k=5)
    assert not too_few_for_breakdown([0, 0, 0], k=5)
    assert not too_few_for_breakdown([2, 9], k=5)  # half is not most
