"""Four-eyes publishing: what goes public was read by someone other than its last author.

The submitter may not approve; neither may a reviewer who changed the interview after it was
submitted (text, questions, guests, photos), while a save that changed nothing does not count.
"""

import pytest
from django.urls import reverse

from interviews.models import Interview, Question
from tests.factories import make_draft, make_user
from tests.interviews.test_history import change_form_data

pytestmark = pytest.mark.django_db
Status = Interview.Status


def save_change_form(client, interview, **changes):
    data = {**change_form_data(interview), **changes}
    response = client.post(reverse("admin:interviews_interview_change", args=[interview.pk]), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def approve(client, interview):
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, "approve"])
    version = client.get(url).context["form"]["version"].value()
    return client.post(url, {"version": version})


def test_a_reviewer_who_rewrote_an_answer_under_review_cannot_publish_it(client, reviewer, submitted):
    save_change_form(client, submitted, **{"questions-0-answer": "审核人员改写后的回答。"})

    page = client.get(reverse("admin:interviews_interview_workflow", args=[submitted.pk, "approve"]))
    assert "您在这篇访谈提交审核后修改过它的内容" in page.content.decode()
    response = approve(client, submitted)

    assert response.status_code == 400
    assert "另一位审核人员" in response.context["error"]
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    assert not submitted.transitions.filter(action="publish").exists()

    # A second reviewer, who did not write the change, publishes it.
    client.force_login(make_user("wangwu", "审核"))
    assert approve(client, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.published_by.username == "wangwu"


def test_a_reviewer_who_changed_the_title_cannot_publish(client, reviewer, submitted):
    save_change_form(client, submitted, title="审核人员改过的标题")

    assert approve(client, submitted).status_code == 400
    assert Interview.objects.get(pk=submitted.pk).status == Status.IN_REVIEW


def test_a_reviewer_who_deleted_a_question_cannot_publish(client, reviewer, submitted):
    save_change_form(client, submitted, **{"questions-1-DELETE": "on"})
    assert submitted.questions.count() == 1

    assert approve(client, submitted).status_code == 400


def test_a_reviewer_who_uploaded_photos_cannot_publish(client, reviewer, submitted):
    submitted.record_part_changed(by=reviewer, reason="上传图集照片 2 张")

    assert approve(client, submitted).status_code == 400


def test_saving_the_form_without_changing_anything_does_not_count(client, reviewer, submitted):
    save_change_form(client, submitted)

    assert approve(client, submitted).status_code == 302
    assert Interview.objects.get(pk=submitted.pk).status == Status.PUBLISHED


def test_a_browser_sending_each_line_end_as_crlf_changes_nothing(client, reviewer, submitted):
    """Browsers post a textarea's line ends as CRLF: an answer of several paragraphs left as it was is
    no change (no version in its history, no author under four-eyes), and one that was edited is stored
    with the LF line ends the importer writes."""
    as_posted = {name: str(value).replace("\n", "\r\n") for name, value in change_form_data(submitted).items()}
    save_change_form(client, submitted, **as_posted)

    page = client.get(reverse("admin:interviews_interview_workflow", args=[submitted.pk, "approve"])).content.decode()
    assert "您在这篇访谈提交审核后修改过它的内容" not in page
    assert not Question.history.filter(interview_id=submitted.pk, history_type="~").exists()

    save_change_form(client, submitted, **{**as_posted, "questions-0-answer": "第一段。\r\n第二段。"})
    assert submitted.questions.get(number=1).answer == "第一段。\n第二段。"


def test_changes_made_before_the_submission_do_not_count(client, reviewer):
    """The submitter read the reviewer's draft edits when submitting it."""
    interview = make_draft(title="草稿")
    save_change_form(client, interview, title="审核人员起草时改的标题")
    interview.submit(by=make_user("zhangsan", "编辑"))

    assert approve(client, interview).status_code == 302
    assert Interview.objects.get(pk=interview.pk).status == Status.PUBLISHED


def test_after_a_rejection_and_resubmission_earlier_edits_no_longer_count(client, reviewer, submitted):
    save_change_form(client, submitted, title="审核人员改过的标题")
    submitted.reject(by=reviewer, reason="请编辑核对审核人员的修改。")
    submitted.submit(by=make_user("zhaoliu", "编辑"))

    assert approve(client, submitted).status_code == 302


def test_the_submitter_is_shown_why_and_no_confirm_button_that_would_only_be_refused(client):
    submitter = make_user("zhouqi", "审核")
    submitted = make_draft(title="审核人员自己提交的访谈")
    submitted.submit(by=submitter)
    client.force_login(submitter)
    page = client.get(reverse("admin:interviews_interview_workflow", args=[submitted.pk, "approve"])).content.decode()

    assert "双人审核：这篇访谈是您提交审核的，请由另一位审核人员发布。" in page
    assert "确认审核发布" not in page

    client.force_login(make_user("lisi", "审核"))
    other = client.get(reverse("admin:interviews_interview_workflow", args=[submitted.pk, "approve"])).content.decode()
    assert 'value="确认审核发布"' in other
