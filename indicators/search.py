"""Indicators whose name, alias or definition contains every word of a search query.

The indicator table is small (dozens of rows), so a folded substring match is exact and fast;
the query is folded like interview search (Traditional → Simplified, full-width → ASCII).
"""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from interviews.search_terms import fold

from .models import Indicator, Observation

MAX_INDICATORS = 10


def matching_indicators(query: str) -> list[Indicator]:
    words = fold(query[:100]).split()
    if not words:
        return []
    indicators = Indicator.objects.filter(is_confirmed=True)
    for word in words:
        indicators = indicators.filter(
            Q(name__icontains=word)
            | Q(aliases__name__icontains=word)
            | Q(definition__icontains=word)
            | Q(code__iexact=word)
        )
    public = Observation.objects.public()
    return list(
        indicators.distinct()
        .annotate(
            name_match=Case(
                When(name__icontains=words[0], then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            total=Count("observations", filter=Q(observations__in=public), distinct=True),
        )
        .order_by("name_match", "name")[:MAX_INDICATORS]
    )
