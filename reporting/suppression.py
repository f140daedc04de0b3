"""Small-cell suppression for the tables of a report. Pure functions: no database, no Django.

Rules (also stated in the methods note of every report):

1. Primary: every count from 1 to k-1 is shown as "< k". Zero stays 0 — it reveals nobody.
2. Complementary: a table shows totals, so one hidden cell in a row or column could be worked out
   by subtracting. Wherever a row or column whose total is shown has exactly one hidden value, the
   next smallest non-zero cell of that line is hidden too (shown as "×"; it is not a small number,
   so "< k" would be untrue). When that line has no such cell left, its total is hidden instead.
   This repeats until no line has exactly one hidden value.
3. Coarser: a breakdown in which most non-empty lines would be hidden is not shown line by line;
   only its total is (e.g. the period instead of its months).

There is no guarantee across tables: two tables of the same report can still be combined.
"""

from __future__ import annotations

from collections.abc import Sequence

Number = int | float
Cell = int | float | str | None

# Shown instead of a value hidden only to protect another, small, value.
COMPLEMENTARY_MARK = "×"


def small_mark(k: int) -> str:
    """The text shown instead of a count from 1 to k-1."""
    return f"< {k}"


def is_small(value: Number | None, *, k: int) -> bool:
    return value is not None and not isinstance(value, bool) and 0 < value < k


def suppress_count(value: int, *, k: int) -> int | str:
    """One count on its own (no total shown next to it): 1..k-1 becomes "< k"."""
    return small_mark(k) if is_small(value, k=k) else value


Position = tuple[int, int]


def _lines(
    rows: int, columns: int, *, additive: Sequence[bool], total_row: bool, total_column: bool
) -> list[tuple[list[Position], Position]]:
    """Every row and column whose total is shown, as (member cells, total cell)."""
    lines: list[tuple[list[Position], Position]] = []
    body_rows = rows - 1 if total_row else rows
    body_columns = columns - 1 if total_column else columns
    if total_row:
        for j in range(columns):
            if additive[j]:
                lines.append(([(i, j) for i in range(body_rows)], (rows - 1, j)))
    if total_column:
        for i in range(rows):
            members = [(i, j) for j in range(body_columns) if additive[j]]
            lines.append((members, (i, columns - 1)))
    return lines


def suppress_grid(
    grid: Sequence[Sequence[Number | None]],
    *,
    k: int,
    counted: Sequence[bool] | None = None,
    additive: Sequence[bool] | None = None,
    total_row: bool = False,
    total_column: bool = False,
) -> list[list[Cell]]:
    """Apply primary and complementary suppression to one table.

    ``grid`` is the whole table of numbers: the body, then the total row when ``total_row``, with
    the row totals as last column when ``total_column``. ``counted[j]`` says column j holds counts
    of people or visits (other columns, such as opening dagdelen, are never hidden);
    ``additive[j]`` says the total row of column j is the sum of the column (a count of distinct
    people is not), which is what makes complementary suppression necessary. Both default to
    every column.
    """
    cells = [list(row) for row in grid]
    if not cells:
        return []
    columns = len(cells[0])
    if any(len(row) != columns for row in cells):
        raise ValueError("Every row of a table needs the same number of cells.")
    counted = list(counted) if counted is not None else [True] * columns
    additive = list(additive) if additive is not None else list(counted)
    additive = [a and c for a, c in zip(additive, counted, strict=True)]

    primary = {
        (i, j)
        for i, row in enumerate(cells)
        for j, value in enumerate(row)
        if counted[j] and is_small(value, k=k)
    }
    hidden = set(primary)
    lines = _lines(len(cells), columns, additive=additive, total_row=total_row, total_column=total_column)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            unknown = [cell for cell in (*members, total) if cell in hidden]
            if len(unknown) != 1:
                continue
            candidates = [
                (value, cell)
                for cell in members
                if cell not in hidden and (value := cells[cell[0]][cell[1]]) is not None and value != 0
            ]
            if candidates:
                hidden.add(min(candidates)[1])
            elif total not in hidden:
                hidden.add(total)
            else:  # only the total is hidden and nothing beside it: nothing to work out
                continue
            changed = True

    return [
        [
            small_mark(k) if (i, j) in primary else COMPLEMENTARY_MARK if (i, j) in hidden else value
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(cells)
    ]


def is_hidden(cell: Cell) -> bool:
    """Whether a cell returned by suppress_grid was hidden."""
    return isinstance(cell, str)


def too_few_for_breakdown(values: Sequence[int], *, k: int) -> bool:
    """Whether a breakdown should be shown coarser: most of its non-empty lines are small."""
    non_empty = [value for value in values if value]
    small = [value for value in non_empty if is_small(value, k=k)]
    return len(small) * 2 > len(non_empty)
