"""Template filters for the figures of a snapshot on web pages (the same format as the PDF)."""

from __future__ import annotations

from django import template

from reporting.pdf import display
from reporting.suppression import Cell

register = template.Library()


@register.filter
def figure(cell: Cell) -> str:
    """A number in Dutch format, a suppression mark as it is ("< 5"), "–" for no value."""
    return display(cell)
