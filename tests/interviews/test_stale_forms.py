"""Two people editing one interview: a form opened before someone else saved must not overwrite their work."""

import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Interview
from tests.factories import make_draft, make_user
from tests.interviews.test_history import change_form_data

pytestmark = pytest.mark.django_db


def opened_form(client, interview) -> dict:
    """The change form as the browser would post it back unchanged, hidden fields included."""
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    form = client.get(url).context["adminform"].form
    return {**change_form_data(interview), **{name: value for name, value in form.initial.items() if name == "version"}}


def test_a_stale_form_does_not_overwrite_a_colleagues_save():
    interview = make_draft(title="原标题")
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    wang, li = Client(), Client()
    wang.force_login(make_user("wang", "编辑"))
    li.force_login(make_user("li", "编辑"))
    first, second = opened_form(wang, interview), opened_form(li, interview)

    first["title"] = "王编辑改的标题"
    assert wang.post(url, first).status_code == 302
    second["summary"] = "李编辑改的摘要"
    response = li.post(url, second)

    assert response.status_code == 200
    assert "其他人已修改" in " ".join(response.context["adminform"].form.non_field_errors())
    interview.refresh_from_db()
    assert (interview.title, interview.summary) == ("王编辑改的标题", "区领导谈十年发展。")


def test_a_form_opened_before_publishing_is_refused_after_it(client):
    reviewer = make_user("reviewer", "审核")
    interview = make_draft(title="待审标题")
    interview.submit(by=make_user("editor", "编辑"))
    client.force_login(reviewer)
    stale = opened_form(client, interview)
    interview.approve(by=make_user("reviewer2", "审核"))

    stale["title"] = "发布后被旧页面改掉的标题"
    response = client.post(reverse("admin:interviews_interview_change", args=[interview.pk]), stale)

    assert response.status_code == 200
    interview.refresh_from_db()
    assert (interview.title, interview.status) == ("待审标题", Interview.Status.PUBLISHED)


def test_saving_a_fresh_form_twice_in_a_row_works(client):
    interview = make_draft(title="原标题")
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    client.force_login(make_user("wang", "编辑"))
    for title in ("第一次", "第二次"):
        data = opened_form(client, interview)
        data["title"] = title
        assert client.post(url, data).status_code == 302

    interview.refresh_from_db()
    assert interview.title == "第二次"
