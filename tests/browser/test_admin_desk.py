"""The editors' admin pages on an office screen (1366 × 900): nothing an editor reads is squeezed or cut off."""

import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import ProofreadingRule
from tests.factories import make_draft, make_interview, make_question, make_region, make_series, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# The number of lines an element's text takes on the screen.
LINES = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""


@pytest.fixture
def desk(browser, live_server):
    """A 1366 px wide browser logged in as a superuser (the role groups do not survive transaction=True)."""
    client = Client()
    client.force_login(make_user("chief", is_superuser=True))
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    yield context.new_page()
    context.close()


def test_the_publish_page_keeps_each_severity_on_one_line_and_labels_beside_their_fields(desk, live_server):
    severe, minor = ProofreadingRule.Severity.SEVERE, ProofreadingRule.Severity.MINOR
    ProofreadingRule.objects.update_or_create(wrong="习总书记", defaults={"right": "习近平总书记", "severity": severe})
    note = "表示坚持不懈、继续努力时用「再接再厉」，「厉」同「砺」，意为磨快刀枪，不写作「励」"
    ProofreadingRule.objects.update_or_create(
        wrong="再接再励", defaults={"right": "再接再厉", "severity": minor, "note": note}
    )
    interview = make_draft(questions=0)
    paragraph = "全区上下团结一心、攻坚克难，经济社会发展取得新成效。"
    make_question(interview, answer=f"{paragraph}一是学习习总书记的讲话。{paragraph}二是再接再励。{paragraph}")
    interview.submit(by=make_user("zhangsan", is_superuser=True))
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, "approve"])

    desk.goto(live_server.url + url)

    severities = desk.locator("#checks tbody td:first-child")
    assert severities.all_inner_texts() == ["严重", "一般"]
    assert [cell.evaluate(LINES) for cell in severities.all()] == [1, 1]  # not 「严」 over 「重」
    label, field = desk.locator("label[for=id_override_reason]").bounding_box(), desk.locator("#id_override_reason")
    field = field.bounding_box()
    assert label["x"] + label["width"] <= field["x"] and abs(label["y"] - field["y"]) < 10  # beside, not above


def test_the_interview_list_shows_every_column_without_scrolling_sideways(desk, live_server):
    series = make_series(name="e起点赞长春这十年 · 区县领导访谈")
    region = make_region(name="南关区", parent=make_region(name="长春市"))
    make_interview(title="e起点赞长春这十年|区县领导访谈·南关区", series=series, region=region)
    make_draft(title="长春经开区党工委书记谢志敏做客人民网：打造开放合作新高地", series=series, region=region)

    desk.goto(live_server.url + reverse("admin:interviews_interview_changelist"))

    results = desk.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")  # 公众可见, the last column, is in view
    # Date over time, in the published interview's row (PostgreSQL lists the draft, with no date, first).
    published = desk.locator("#result_list tr", has_text="区县领导访谈·南关区").locator("td.field-published_display")
    assert published.evaluate(LINES) == 2


def test_the_history_page_keeps_its_sections_apart_and_each_time_on_one_line(desk, live_server):
    interview = make_draft(questions=0)
    question = make_question(interview)
    question.answer = "改过的回答。"
    question.save()

    desk.goto(live_server.url + reverse("admin:interviews_interview_history", args=[interview.pk]))

    versions = desk.locator("#change-history").bounding_box()
    questions = desk.locator("#question-history h2").bounding_box()
    assert questions["y"] >= versions["y"] + versions["height"]  # its band no longer runs up behind the versions
    for table in ["#change-history", "#question-history table"]:
        cells = desk.locator(f"{table} tbody td:nth-child(2), {table} tbody td:nth-child(3)")  # 时间, 操作
        assert {cell.evaluate(LINES) for cell in cells.all()} == {1}


def test_the_change_form_shows_a_whole_title(desk, live_server):
    interview = make_draft(title="长春经开区党工委书记谢志敏做客人民网：打造开放合作新高地")

    desk.goto(live_server.url + reverse("admin:interviews_interview_change", args=[interview.pk]))

    assert desk.locator("#id_title").evaluate("el => el.scrollWidth <= el.clientWidth")  # nothing hidden to the right
