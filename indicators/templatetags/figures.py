"""``{% answer question blocks %}``: an answer on the interview page, with its confirmed figures highlighted.

Each figure becomes a link to its indicator carrying the anchor ``#f<pk>`` that indicator pages link
back to; its accessible name says which indicator (「80%（指标：…）」), as a ``title`` reaches
neither touch nor keyboard users. Offsets are checked against the answer, so a span that no longer
fits is not highlighted.

The answer is built in one pass in Python, not by a template loop calling a tag per paragraph and
point: that loop was the costliest part of rendering the page. Every piece of text is escaped here
or goes through ``format_html``.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from indicators.models import figure_anchor
from interviews.structure import Paragraph, PointList

register = template.Library()

# A stand-in for an indicator's code in its address. Codes are slugs, which reverse() puts in an
# address as they are: the address is reversed once per page and each figure's code put in its place.
CODE = "__code__"


@register.simple_tag(takes_context=True)
def answer(context, question, blocks) -> SafeString:
    """``blocks`` of ``question``'s answer (see ``InterviewDetailView``) as paragraphs, point lists
    (marker, emphasised lead, body) and photo slots, filled by the gallery; an empty slot is a
    placeholder in a staff preview and left out for visitors (the 「图片位置」 check tells editors)."""
    if "indicator_url" not in context.render_context:  # once per page rather than once per indicator
        context.render_context["indicator_url"] = reverse("indicators:indicator_detail", kwargs={"code": CODE})
    url = context.render_context["indicator_url"]
    html = []
    for block in blocks:
        if isinstance(block, Paragraph):
            html.append(format_html("<p>{}</p>", with_figures(block.text, question, url)))
        elif isinstance(block, PointList):
            items = [
                format_html(
                    '<li><span class="points__marker">{}</span>{}{}</li>',
                    point.marker,
                    format_html('<strong class="points__lead">{}</strong>', with_figures(point.lead, question, url))
                    if point.lead
                    else "",
                    with_figures(point.body, question, url),
                )
                for point in block.points
            ]
            html.append(format_html('<ol class="points">\n{}\n</ol>', mark_safe("".join(items))))
        elif block["entry"]:
            # The transcript's caption line under the slot, else the library image's own caption.
            figure = {"image": block["entry"].image, "number": block["number"], "caption": block["caption"]}
            html.append(render_to_string("interviews/includes/figure.html", figure))
        elif context.get("preview"):  # an empty slot: staff see where a photo goes, visitors see nothing
            html.append(
                format_html(
                    '<figure class="photo-slot" data-slot="{0}"><div class="photo-slot__placeholder" role="img"'
                    ' aria-label="图片待补充">图片 {0}</div></figure>',
                    block["number"],
                )
            )
    return mark_safe("\n".join(html))  # every piece is escaped or built by format_html


def with_figures(text: str, question, indicator_url: str) -> SafeString:
    """``text``, a piece of ``question``'s answer, escaped, with the figures inside it as links
    (``indicator_url``: an indicator's address with ``CODE`` for its code)."""
    answer = question.answer
    offset = answer.find(text) if text else -1
    if offset == -1:
        return escape(text)
    pieces, cursor = [], 0
    for figure in question.figures:  # Observation.objects.highlighted() dicts, set by the page, by position
        start, end = figure["span_start"] - offset, figure["span_end"] - offset
        if start < cursor or end > len(text) or text[start:end] != figure["span_text"]:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(
            format_html(
                '<a class="figure" id="{0}" href="{1}" title="指标：{2}" aria-label="{3}（指标：{2}）">'
                "<mark>{3}</mark></a>",
                figure_anchor(figure["id"]),
                indicator_url.replace(CODE, figure["indicator__code"]),
                figure["indicator__name"],
                text[start:end],
            )
        )
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))
