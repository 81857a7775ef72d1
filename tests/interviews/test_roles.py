"""Each role × each action, through the HTTP endpoints a person would use."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from interviews.models import Interview, InterviewImage, ProofreadingRule
from tests.factories import image_bytes, make_draft, make_question, make_user, upload

pytestmark = pytest.mark.django_db
Status = Interview.Status
ROLES = ["编辑", "审核", "管理员"]


def workflow_url(interview, action):
    return reverse("admin:interviews_interview_workflow", args=[interview.pk, action])


def in_review():
    interview = make_draft()
    interview.submit(by=make_user("submitter", "编辑"))
    return interview


def published():
    interview = in_review()
    interview.approve(by=make_user("publisher", "审核"))
    return interview


def status_after(client, interview, action, data=None):
    response = client.post(workflow_url(interview, action), data or {})
    interview.refresh_from_db()
    return response.status_code, interview.status


def add_interview(client):
    return client.get(reverse("admin:interviews_interview_add")).status_code == 200


def edit(interview):
    def attempt(client):
        # A forbidden edit is 403 before the form is read; an allowed one re-shows the (incomplete) form.
        response = client.post(reverse("admin:interviews_interview_change", args=[interview.pk]), {"title": "改"})
        return response.status_code != 403

    return attempt


def edit_draft(client):
    return edit(make_draft())(client)


def edit_published(client):
    return edit(published())(client)


def gallery(interview):
    def attempt(client):
        response = client.get(reverse("admin:interviews_interview_change", args=[interview.pk]))
        inlines = {inline.opts.model: inline for inline in response.context["inline_admin_formsets"]}
        return InterviewImage in inlines and inlines[InterviewImage].has_add_permission

    return attempt


def fill_gallery_of_draft(client):
    return gallery(make_draft())(client)


def fill_gallery_of_published(client):
    return gallery(published())(client)


def bulk_upload(interview):
    def attempt(client):
        url = reverse("admin:interviews_interview_gallery_upload", args=[interview.pk])
        page = client.get(url)
        version = page.context["form"].initial["version"] if page.status_code == 200 else ""
        photo = upload(image_bytes(size=(64, 48), color=(interview.pk % 256, 1, 2)), "1.jpg")
        client.post(url, {"version": version, "files": [photo]})
        return interview.gallery_entries.exists()

    return attempt


def bulk_upload_to_draft(client):
    return bulk_upload(make_draft())(client)


def bulk_upload_to_interview_in_review(client):
    return bulk_upload(in_review())(client)


def submit(client):
    return status_after(client, make_draft(), "submit") == (302, Status.IN_REVIEW)


def approve(client):
    return status_after(client, in_review(), "approve") == (302, Status.PUBLISHED)


def reject(client):
    return status_after(client, in_review(), "reject", {"reason": "请补充数据来源"}) == (302, Status.DRAFT)


def withdraw(client):
    return status_after(client, published(), "withdraw", {"reason": "数据有误"}) == (302, Status.WITHDRAWN)


def set_expiry(client):
    interview = published()
    client.post(workflow_url(interview, "expiry"), {"expires_at": "2099-01-01T08:00"})
    interview.refresh_from_db()
    return interview.expires_at is not None


def reopen(client):
    interview = published()
    interview.withdraw(by=make_user("withdrawer", "审核"), reason="更正")
    return status_after(client, interview, "reopen") == (302, Status.DRAFT)


def override_proofreading(client):
    interview = make_draft()
    make_question(interview, answer="")
    interview.submit(by=make_user("submitter2", "编辑"))
    return status_after(client, interview, "approve", {"override_reason": "空白段落为视频位置"}) == (
        302,
        Status.PUBLISHED,
    )


def export_log(client):
    published()
    response = client.get(reverse("admin:interviews_transition_export"))
    return response.status_code == 200 and "发布" in response.content.decode("utf-8-sig")


def manage_rules(client):
    client.post(
        reverse("admin:interviews_proofreadingrule_add"),
        {"wrong": "帐号", "right": "账号", "severity": "minor", "note": "", "exceptions": "", "active": "on"},
    )
    return ProofreadingRule.objects.filter(wrong="帐号").exists()


def manage_users(client):
    return client.get(reverse("admin:auth_user_add")).status_code == 200


def delete_interview(client):
    interview = make_draft()
    client.post(reverse("admin:interviews_interview_delete", args=[interview.pk]), {"post": "yes"})
    return not Interview.objects.filter(pk=interview.pk).exists()


def preview_draft(client):
    response = client.get(make_draft().get_absolute_url())
    return response.status_code == 200 and "预览" in response.content.decode()


def view_publish_log(client):
    return client.get(reverse("admin:interviews_transition_changelist")).status_code == 200


ALLOWED = {
    # action: roles that may do it
    add_interview: {"编辑", "审核", "管理员"},
    edit_draft: {"编辑", "审核", "管理员"},
    edit_published: {"审核", "管理员"},
    fill_gallery_of_draft: {"编辑", "审核", "管理员"},
    fill_gallery_of_published: {"审核", "管理员"},
    bulk_upload_to_draft: {"编辑", "审核", "管理员"},
    bulk_upload_to_interview_in_review: {"审核", "管理员"},
    submit: {"编辑", "审核", "管理员"},
    approve: {"审核", "管理员"},
    reject: {"审核", "管理员"},
    withdraw: {"审核", "管理员"},
    set_expiry: {"审核", "管理员"},
    reopen: {"审核", "管理员"},
    override_proofreading: {"审核", "管理员"},
    view_publish_log: {"编辑", "审核", "管理员"},
    export_log: {"管理员"},
    manage_rules: {"审核", "管理员"},
    manage_users: {"管理员"},
    delete_interview: {"管理员"},
    preview_draft: {"编辑", "审核", "管理员"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED), ids=lambda action: action.__name__)
def test_role_may_do_exactly_its_actions(client, role, action):
    client.force_login(make_user("actor", role))

    assert action(client) == (role in ALLOWED[action])


def test_groups_exist_after_migrations():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLES)


def test_forbidden_workflow_step_is_403_and_changes_nothing(client):
    client.force_login(make_user("actor", "编辑"))
    interview = in_review()

    assert status_after(client, interview, "approve") == (403, Status.IN_REVIEW)
    assert interview.transitions.count() == 1


def test_four_eyes_over_http(client):
    reviewer = make_user("reviewer", "审核")
    client.force_login(reviewer)
    interview = make_draft()
    client.post(workflow_url(interview, "submit"))

    response = client.post(workflow_url(interview, "approve"))

    assert response.status_code == 400
    assert "双人审核" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Status.IN_REVIEW


def test_editor_sees_published_interview_read_only(client):
    client.force_login(make_user("actor", "编辑"))
    interview = published()

    html = client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert 'name="title"' not in html
    assert interview.title in html


def test_editor_sees_rejection_reason_on_the_draft(client):
    interview = in_review()
    interview.reject(by=make_user("reviewer", "审核"), reason="第三问的数字与统计公报不一致")
    client.force_login(make_user("actor", "编辑"))

    html = client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert "退回意见" in html and "第三问的数字与统计公报不一致" in html


def test_publish_page_shows_findings_with_position_and_context(client):
    interview = make_draft()
    make_question(interview, answer="我们已按装路灯三百盏。")
    interview.submit(by=make_user("submitter", "编辑"))
    client.force_login(make_user("actor", "审核"))

    html = client.get(workflow_url(interview, "approve")).content.decode()

    assert "「按装」应为「安装」" in html
    assert "问3 回答，第 4 字" in html
    assert "我们已【按装】路灯三百盏。" in html


def test_visitors_cannot_reach_workflow_pages(client):
    interview = make_draft()

    response = client.post(workflow_url(interview, "submit"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT


def test_editor_cannot_change_or_delete_questions_of_a_published_interview_directly(client):
    client.force_login(make_user("actor", "编辑"))
    question = published().questions.first()

    change = client.post(reverse("admin:interviews_question_change", args=[question.pk]), {"answer": "改"})
    delete = client.post(reverse("admin:interviews_question_delete", args=[question.pk]), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    question.refresh_from_db()
    assert question.answer != "改"
