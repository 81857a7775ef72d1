import pytest
from django.urls import reverse

from interviews.models import Interview
from tests.factories import make_draft, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(imported_sample):
    return imported_sample


def test_changelist_shows_interview_with_filters_in_chinese(admin_client, sample):
    sample.publish()
    html = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()

    assert sample.title in html
    for label in ["系列", "地区", "状态", "发布年份"]:
        assert label in html
    assert f"{sample.published_at.year}年" in html


def test_admin_search_finds_answer_text(admin_client, sample):
    url = reverse("admin:interviews_interview_changelist")

    assert sample.title in admin_client.get(url, {"q": "华为吉林总部"}).content.decode()
    assert sample.title not in admin_client.get(url, {"q": "不存在的词语"}).content.decode()


def test_change_page_has_questions_inline_readonly_source_and_view_on_site(admin_client, sample):
    html = admin_client.get(reverse("admin:interviews_interview_change", args=[sample.pk])).content.decode()

    assert "十年来,南关区发展取得了哪些新突破" in html  # question inline
    assert 'name="source_text"' not in html  # read-only, not an editable field
    assert "党的十八大以来的这十年" in html
    assert "在站点上查看" in html


def test_publish_action_makes_interview_submitted_by_someone_else_public(admin_client, sample):
    sample.submit(by=make_user("editor", "编辑"))

    admin_client.post(
        reverse("admin:interviews_interview_changelist"),
        {"action": "publish_selected", "_selected_action": [sample.pk]},
    )

    assert list(Interview.objects.published()) == [sample]


def test_publish_action_is_all_or_nothing(admin_client, sample):
    ready = make_draft(title="已就绪")
    ready.submit(by=make_user("editor", "编辑"))  # the sample itself was never submitted

    response = admin_client.post(
        reverse("admin:interviews_interview_changelist"),
        {"action": "publish_selected", "_selected_action": [sample.pk, ready.pk]},
        follow=True,
    )

    assert "未发布任何访谈" in response.content.decode()
    assert not Interview.objects.published().exists()
    ready.refresh_from_db()
    assert ready.status == Interview.Status.IN_REVIEW


def test_visitors_cannot_open_admin(client):
    response = client.get(reverse("admin:interviews_interview_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def inline_management(client, url) -> dict:
    """The management form data of every inline on the admin page at ``url``, as the browser posts it."""
    data = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    return data


def test_editor_adds_an_interview_with_a_title_only_and_gets_a_pinyin_address(client):
    client.force_login(make_user("editor", "编辑"))
    url = reverse("admin:interviews_interview_add")
    response = client.post(url, {**inline_management(client, url), "title": "南关区区长访谈", "kind": "text"})

    assert response.status_code == 302, response.context["errors"]
    assert Interview.objects.get().slug == "nanguanququzhangfangtan"


def test_a_blank_address_on_an_existing_interview_keeps_the_one_it_has(client):
    client.force_login(make_user("editor", "编辑"))
    interview = make_draft(questions=0)
    before = interview.slug
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    response = client.post(url, {**inline_management(client, url), "title": "改过的标题", "slug": "", "kind": "text"})

    assert response.status_code == 302, response.context["errors"]
    interview.refresh_from_db()
    assert (interview.title, interview.slug) == ("改过的标题", before)
