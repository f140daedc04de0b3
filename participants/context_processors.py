"""Template context the base layout needs from the participants app."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from participants.models import Organisation
from participants.selectors import organisation_get

_CACHE_ATTRIBUTE = "_voorveld_organisation"


def organisation(request: HttpRequest) -> dict[str, object]:
    """The organisation (name and logo for the navbar), read lazily and at most once per request.

    Nothing is kept between requests, so a changed name or logo shows on the very next page.
    """

    def load() -> Organisation | None:
        if not hasattr(request, _CACHE_ATTRIBUTE):
            setattr(request, _CACHE_ATTRIBUTE, organisation_get())
        cached: Organisation | None = getattr(request, _CACHE_ATTRIBUTE)
        return cached

    return {"organisation": SimpleLazyObject(load)}
