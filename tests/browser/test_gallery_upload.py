"""「批量上传图片」 in a real browser on a phone-sized screen: pick several photos, then describe them."""

import pytest
from django.test import Client

from interviews.models import Interview
from tests.factories import image_bytes, make_draft, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    """A 390 px wide browser logged in as a superuser (the role groups do not survive transaction=True)."""
    client = Client()
    client.force_login(make_user("chief", is_superuser=True))
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    yield context.new_page()
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def axe_violations(page) -> list[str]:
    """axe-core's findings on the page's own content (the admin's header and breadcrumbs are Django's)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [["#content"]]})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in results.response["violations"]]


def test_an_editor_uploads_photos_and_types_their_alt_text_on_a_phone(phone, live_server, tmp_path):
    interview = make_draft()
    files = []
    for shade, name in enumerate(["10.jpg", "2.jpg", "1.jpg"]):
        path = tmp_path / name
        path.write_bytes(image_bytes(size=(640, 480), color=(shade * 60, 120, 80)))
        files.append(str(path))
    phone.goto(f"{live_server.url}/admin/interviews/interview/{interview.pk}/change/")
    phone.get_by_role("link", name="批量上传图片").click()
    assert fits(phone)
    assert axe_violations(phone) == []

    phone.set_input_files("input[type=file]", files)
    phone.get_by_label("摄影/来源").fill("摄影：张三")
    phone.get_by_role("button", name="上传并加入图集").click()

    assert "已向图集添加 3 张图片" in phone.content()
    assert fits(phone)
    assert axe_violations(phone) == []
    fields = phone.get_by_label("替代文字", exact=True)
    assert fields.count() == 3
    for index in range(3):
        fields.nth(index).fill(f"第{index + 1}张照片的说明")
    phone.get_by_role("button", name="保存替代文字").click()

    interview = Interview.objects.get(pk=interview.pk)
    titles = [entry.image.title for entry in interview.gallery_entries.order_by("order")]
    assert titles == ["1", "2", "10"]
    assert interview.images_missing_alt_text() == []
