"""Visible focus (WCAG 2.4.7): every control reached with Tab shows an outline that stands out."""

import re

import pytest

from tests.factories import make_video, upload

pytestmark = pytest.mark.django_db(transaction=True)

# The focused element's outline colour and the background it is drawn on (the nearest ancestor
# with an opaque background; the outline sits outside the element itself).
FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (e === document.body) return null;
  const style = getComputedStyle(e);
  let parent = e.parentElement;
  const clear = (el) => /^rgba\\(.*,\\s*0\\)$|^transparent$/.test(getComputedStyle(el).backgroundColor);
  while (parent && clear(parent)) {
    parent = parent.parentElement;
  }
  return {
    text: (e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 20),
    outline: style.outlineStyle,
    colour: style.outlineColor,
    background: parent ? getComputedStyle(parent).backgroundColor : 'rgb(255, 255, 255)',
  };
}"""


def luminance(css_colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_focus_outline_contrasts_with_its_background(live_server, published_sample, page):
    page.goto(live_server.url + published_sample.get_absolute_url())
    count = page.evaluate("document.querySelectorAll('a[href], button:not([hidden]), input, select').length")

    seen = []
    for _ in range(count + 1):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus is None:  # past the last control
            break
        seen.append(focus["text"])
        assert focus["outline"] not in ("none", "hidden"), focus
        assert contrast(focus["colour"], focus["background"]) >= 3, focus
    assert "RSS 订阅" in seen  # the walk reached the footer


def test_the_video_player_shows_a_focus_outline(live_server, published_sample, page):
    mp4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
    video = make_video(file=upload(mp4, "talk.mp4", "video/mp4"), external_url="", mime_type="video/mp4")
    published_sample.video = video
    published_sample.save(update_fields=["video"])
    page.goto(live_server.url + published_sample.get_absolute_url())

    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "VIDEO":
            break
    focus = page.evaluate(FOCUS_STYLE)
    assert page.evaluate("document.activeElement.tagName") == "VIDEO"
    assert focus["outline"] not in ("none", "hidden"), focus
    assert contrast(focus["colour"], focus["background"]) >= 3, focus
    # The site's ring, not the browser's 1 px hairline that is lost against the dark player.
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 3
