"""Pre-publish checks from the indicators app (listed in settings.PUBLISH_CHECKS).

Each returns findings as dicts in the shape documented in ``interviews/checks.py``:
figures still 待核实 (一般: they simply stay off the public pages until confirmed) and
numbers that disagree inside the interview (严重: a wrong figure must not go out unseen).
"""

from collections.abc import Iterable

from django.urls import reverse

from interviews.models import Interview

from .claims import Conflict, Stated, check_claims
from .models import Observation


def stated(observation: Observation) -> Stated:
    """An observation as the claim check reads it."""
    return Stated(
        key=observation,
        metric=observation.metric_text or observation.indicator.name,
        kind=observation.kind,
        value=observation.normalized_value,
        unit=observation.normalized_unit,
        year=observation.period,
        text=observation.span_text,
        sentence=observation.quote,
        comparison=observation.comparison,
        part_of_year=observation.part_of_year,
    )


def checkable(observations):
    """Figures worth comparing: not rejected, still found in the text, in reading order."""
    return (
        observations.exclude(status=Observation.Status.REJECTED)
        .exclude(interview=None)
        .exclude(span_lost=True)
        .select_related("interview", "indicator", "question")
        .order_by("interview", "question__number", "span_start")
    )


def interview_conflicts(interview: Interview) -> list[Conflict]:
    return check_claims([stated(o) for o in checkable(Observation.objects.filter(interview=interview))])


def unconfirmed_figures(interview: Interview) -> Iterable[dict]:
    pending = Observation.objects.filter(interview=interview, status=Observation.Status.PENDING).count()
    if pending:
        url = (
            reverse("admin:indicators_observation_changelist")
            + f"?interview__id__exact={interview.pk}&status__exact=pending"
        )
        yield {
            "code": "unconfirmed_figures",
            "message": f"有 {pending} 个数字尚未核实；未核实的数字不会出现在公开的指标页面上。",
            "severity": "minor",
            "where": "访谈中的数字",
            "url": url,
        }


def claim_conflicts(interview: Interview) -> Iterable[dict]:
    for conflict in interview_conflicts(interview):
        first, second = conflict.first.key, conflict.second.key
        yield {
            "code": "claim_conflict",
            "message": conflict.message,
            "severity": "severe",
            "where": f"问{first.question.number} 与 问{second.question.number}" if first.question_id else "",
            "context": f"「{conflict.first.sentence}」 / 「{conflict.second.sentence}」",
            "url": reverse("admin:indicators_observation_claims"),
        }
