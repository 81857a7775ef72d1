"""The interviews app's models, in modules by what belongs together; every name is importable from here
(``from interviews.models import Interview``), as migrations and the rest of the code do."""

from .editorial import ProofreadingRule, Transition
from .interviews import (
    Interview,
    InterviewImage,
    InterviewQuerySet,
    Question,
    SearchEntry,
    SlugRedirect,
    alt_text_message,
)
from .people import Appearance, Person
from .places import Region, RegionQuerySet, Series, unique_slug, unique_slugs

__all__ = [
    "Appearance",
    "Interview",
    "InterviewImage",
    "InterviewQuerySet",
    "Person",
    "ProofreadingRule",
    "Question",
    "Region",
    "RegionQuerySet",
    "SearchEntry",
    "Series",
    "SlugRedirect",
    "Transition",
    "alt_text_message",
    "unique_slug",
    "unique_slugs",
]
