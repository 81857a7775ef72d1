"""The indicators app's models, in modules by what belongs together; every name is importable from here
(``from indicators.models import Observation``), as migrations and the rest of the code do."""

from .indicators import AMOUNT_KINDS, RATE_KINDS, RATE_NAME_ENDINGS, Indicator, IndicatorAlias, IndicatorQuerySet
from .observations import COMPARISON_BASIS, SHOWN_FIELDS, Observation, ObservationQuerySet, figure_anchor

__all__ = [
    "AMOUNT_KINDS",
    "COMPARISON_BASIS",
    "RATE_KINDS",
    "RATE_NAME_ENDINGS",
    "SHOWN_FIELDS",
    "Indicator",
    "IndicatorAlias",
    "IndicatorQuerySet",
    "Observation",
    "ObservationQuerySet",
    "figure_anchor",
]
