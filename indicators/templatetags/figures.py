"""``{% with_figures text question %}``: a piece of an answer with its confirmed figures highlighted.

Each figure becomes a link to its indicator carrying the anchor ``#f<pk>`` that indicator pages link
back to. Offsets are checked against the answer, so a span that no longer fits is not highlighted.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from indicators.models import Observation

register = template.Library()


@register.simple_tag
def with_figures(text: str, question) -> str:
    answer = question.answer
    offset = answer.find(text) if text else -1
    if offset == -1:
        return conditional_escape(text)
    figures = sorted(
        (
            o
            for o in question.observations.all()  # prefetched by the interview page
            if o.status == Observation.Status.CONFIRMED
            and o.indicator.is_confirmed
            and o.span_start is not None
            and offset <= o.span_start
            and o.span_end <= offset + len(text)
            and answer[o.span_start : o.span_end] == o.span_text
        ),
        key=lambda o: o.span_start,
    )
    pieces, cursor = [], 0
    for o in figures:
        start, end = o.span_start - offset, o.span_end - offset
        if start < cursor:
            continue
        pieces.append(conditional_escape(text[cursor:start]))
        pieces.append(
            format_html(
                '<a class="figure" id="{}" href="{}" title="指标：{}"><mark>{}</mark></a>',
                o.anchor,
                o.indicator.get_absolute_url(),
                o.indicator.name,
                text[start:end],
            )
        )
        cursor = end
    pieces.append(conditional_escape(text[cursor:]))
    return mark_safe("".join(pieces))  # every piece is escaped or built by format_html
