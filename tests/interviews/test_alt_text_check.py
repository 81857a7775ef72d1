import pytest
from django.urls import reverse

from interviews.checks import run_checks
from interviews.workflow import WorkflowError
from tests.factories import add_to_gallery, make_draft, make_image, make_user

pytestmark = pytest.mark.django_db


def test_missing_alt_text_is_a_severe_finding_shown_before_submit():
    interview = make_draft()
    add_to_gallery(
        interview, make_image(title="街景", alt_text=""), make_image(title="装饰", alt_text="", decorative=True)
    )

    findings = [f for f in run_checks(interview) if f.code == "missing_alt_text"]

    assert [f.blocks for f in findings] == [True]
    assert "「街景」" in findings[0].message


def test_override_cannot_publish_an_image_without_alt_text():
    interview = make_draft()
    add_to_gallery(interview, make_image(title="街景", alt_text=""))
    editor, reviewer = make_user("editor", "编辑"), make_user("reviewer", "审核")
    interview.submit(by=editor)

    with pytest.raises(WorkflowError, match="街景"):
        interview.approve(by=reviewer, override_reason="先发布再补")

    interview.refresh_from_db()
    assert interview.status == interview.Status.IN_REVIEW


def test_the_approve_page_offers_no_override_for_missing_alt_text(client):
    interview = make_draft()
    add_to_gallery(interview, make_image(title="街景", alt_text=""))
    interview.submit(by=make_user("editor", "编辑"))
    client.force_login(make_user("reviewer", "审核"))
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, "approve"])

    html = client.get(url).content.decode()

    assert "不能放行" in html
    assert 'name="override_reason"' not in html
    response = client.post(url, {"override_reason": "先发布再补"})
    assert response.status_code == 400 and "不能放行" in response.content.decode()
