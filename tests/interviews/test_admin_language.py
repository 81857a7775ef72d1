"""The admin speaks Chinese: a 管理员 walking every admin page sees no English words.

The walk starts at the admin index and follows every admin link (changelists with each filter,
add and change forms, history and version pages, import/export, workflow, proofreading and
number-check pages). Visible text is the page's text nodes plus the attributes a user sees or
hears (title, placeholder, alt, aria-label, button values).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.models import Indicator
from interviews.models import Interview, Question, Region, Series, Transition
from tests.factories import add_to_gallery, make_image, make_user, make_video

pytestmark = pytest.mark.django_db

# Words that are fine on a Chinese page: formats, abbreviations, protocol names, sample data.
ALLOWED = {
    "CSV", "JSON", "XLSX", "XLS", "TSV", "ODS", "YAML", "HTML", "RSS", "Atom", "ID", "URL", "SVG", "PDF",
    "JPEG", "JPG", "PNG", "WEBP", "GIF", "MP4", "WebVTT", "VTT", "SRT", "UTF", "BOM", "IP", "Excel",
    "alt", "px", "KB", "MB", "GB", "km", "GDP", "CPI", "TXT", "DOCX", "docx", "txt", "jpg", "png", "mp4",
    "https", "http", "www", "example", "cn", "com", "admin", "Django", "django", "WebM", "zip", "Word",
    "tsv", "md5", "LDAP", "HTTP", "GET", "POST", "Accept", "User", "Agent", "Control", "Command", "Mac",
    "Ctrl", "Shift",  # key names, printed so on Chinese keyboards
}  # fmt: skip
# English the project does not translate yet (see the review report); each is a known gap, not a pass:
# Boolean icons have alt="True"/"False"; a list's search icon has alt="Search" (Django's template,
# which we do not copy to change one word).
KNOWN_GAPS = re.compile(r"^(True|False|Search)$|<unknown>")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label", "value"}
SKIP_ELEMENTS = {"script", "style", "code", "pre", "textarea", "template"}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*[A-Za-z0-9]|[A-Za-z]")
# Text that is data, not interface: URLs, file names, dotted names, slugs.
DATA = re.compile(
    r"\b[0-9a-f]{16,}\b|\S+\*{4,}|\S+://\S+|\S+@\S+|[\w./-]+\.(?:jpe?g|png|webp|gif|mp4|txt|docx|csv|json|vtt)\b|\w+[._/-]\w[\w./-]*"
)


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.texts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIP_ELEMENTS:
            self.skipping += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if self.skipping or attrs.get("type") == "hidden":
            return
        for name in VISIBLE_ATTRIBUTES & attrs.keys():
            if name == "value" and (tag != "input" or attrs.get("type") not in ("submit", "button", "reset")):
                continue
            self.texts.append(attrs[name] or "")

    def handle_endtag(self, tag):
        if tag in SKIP_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


def english_words(texts: list[str], allowed: set[str]) -> set[str]:
    """Each English word with the text it stands in, e.g. ``'Search' in 'Search'``."""
    words = set()
    for text in texts:
        if KNOWN_GAPS.search(text.strip()):
            continue
        for word in WORD.findall(DATA.sub(" ", text)):
            if word not in ALLOWED and word.upper() not in ALLOWED and word.lower() not in allowed and len(word) > 1:
                words.add(f"{word!r} in {' '.join(text.split())[:80]!r}")
    return words


def is_walkable(url: str) -> bool:
    path = urlsplit(url).path
    return (
        path.startswith("/admin/")
        and not path.startswith(("/admin/logout", "/admin/jsi18n", "/admin/r/"))
        and not path.endswith(("/delete/", ".csv", ".json", "/export/"))
        and "/password/" not in path
    )


@pytest.fixture
def content(published_sample):
    """One of everything the admin lists, so every changelist, form and history page has a row."""
    editor = make_user("editor", "编辑")
    draft = published_sample
    image = make_image(title="街景")
    add_to_gallery(draft, image)
    make_video()
    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.1", failures_since_start=3)
    AccessLog.objects.create(username="someone", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1", locked_out=True)
    assert Transition.objects.exists()
    return editor


def walk(client, start: str, limit: int = 600) -> dict[str, set[str]]:
    """Every admin page reachable from ``start``: its English words, by URL."""
    seen, queue, found = set(), [start], {}
    data_words = data_values()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        words = english_words(parser.texts, data_words)
        if words:
            found[url] = words
        for href in parser.links:
            target = urljoin(url, href).split("#")[0]
            target = target.removeprefix("http://testserver")
            if is_walkable(target) and target not in seen and not _too_many_filters(target):
                queue.append(target)
    return found


def _too_many_filters(url: str) -> bool:
    # Filter links combine without end; one parameter reaches every filter choice. Sorting adds no text.
    query = urlsplit(url).query
    return "&" in query or "_changelist_filters" in query or "o=" in query or "_facets" in query


def data_values() -> set[str]:
    """Words that are content, not interface: user names, slugs and codes as stored."""
    values = set()
    for model, field in [
        (User, "username"), (AccessAttempt, "username"), (Indicator, "code"), (Interview, "slug"),
        (Region, "slug"), (Series, "slug"),
    ]:  # fmt: skip
        for value in model.objects.values_list(field, flat=True):
            values.update(word.lower() for word in WORD.findall(value))
    for answer in Question.objects.values_list("answer", flat=True):
        values.update(word.lower() for word in WORD.findall(answer))
    return values


def test_admin_pages_show_no_english_to_an_administrator(client, content):
    client.force_login(make_user("chief", "管理员"))

    found = walk(client, reverse("admin:index"))

    by_word: dict[str, str] = {}
    for url, words in sorted(found.items()):
        for word in sorted(words):
            by_word.setdefault(word.split(" in ")[0], f"{word} at {url}")
    assert not by_word, "\n".join(sorted(by_word.values()))


def test_saving_a_form_speaks_chinese_in_the_message_and_in_the_title_of_a_page_with_errors(client):
    from tests.factories import make_draft
    from tests.interviews.test_history import change_form_data

    client.force_login(make_user("zhangsan", "编辑"))
    interview = make_draft(title="草稿访谈")
    url = reverse("admin:interviews_interview_change", args=[interview.pk])

    saved = client.post(url, {**change_form_data(interview), "_continue": "1"}, follow=True).content.decode()
    refused = client.post(url, {**change_form_data(interview), "title": ""}).content.decode()

    assert "已修改访谈「" in saved and "草稿访谈</a>」，可以在下面继续编辑。" in saved and "成功修改了" not in saved
    assert "<title>错误： 草稿访谈 | 修改访谈 |" in refused and "Error:" not in refused
