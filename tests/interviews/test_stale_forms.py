"""Two people editing one interview: a form opened before someone else saved must not overwrite their work."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def test_an_approve_page_opened_before_the_text_changed_is_refused(client):
    """The override reason was written for the problems the page showed, not for ones added after."""
    interview = make_draft()
    question = interview.questions.first()
    question.answer += "我们认真学习习总书记的讲话。"
    question.save()
    interview.submit(by=make_user("editor", "编辑"))
    client.force_login(make_user("reviewer", "审核"))
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, "approve"])
    page = client.get(url)
    assert len(page.context["blocking"]) == 1
    opened = {name: value for name, value in page.context["form"].initial.items() if name == "version"}

    question.answer += "台湾总统发表讲话。"  # a colleague adds a second 严重 problem
    question.save()
    Interview.objects.get(pk=interview.pk).save()
    response = client.post(url, {**opened, "override_reason": "引用原话，已核实"})

    assert response.status_code == 400
    assert "打开此页面后" in response.context["error"]
    assert len(response.context["blocking"]) == 2
    interview.refresh_from_db()
    assert interview.status == Interview.Status.IN_REVIEW
    assert not interview.transitions.filter(action="publish").exists()
    # Confirmed again on the page that now shows both problems, it is published with both logged.
    shown = response.context["form"]["version"].value()
    assert client.post(url, {"version": shown, "override_reason": "引用原话，已核实"}).status_code == 302
    assert len(interview.transitions.get(action="publish").overridden_findings) == 2


def test_the_same_workflow_form_posted_twice_is_refused_the_second_time(client):
    interview = make_draft()
    client.force_login(make_user("editor", "编辑"))
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, "submit"])
    opened = {name: value for name, value in client.get(url).context["form"].initial.items() if name == "version"}

    assert client.post(url, {**opened, "reason": "请审核"}).status_code == 302
    again = client.post(url, {**opened, "reason": "请审核"})

    assert again.status_code == 400
    assert interview.transitions.filter(action="submit").count() == 1


def test_the_workflow_page_carries_the_version_it_shows_as_a_hidden_field(client):
    interview = make_draft()
    client.force_login(make_user("editor", "编辑"))
    page = client.get(reverse("admin:interviews_interview_workflow", args=[interview.pk, "submit"]))

    html = page.content.decode()
    assert f'type="hidden" name="version" value="{interview.updated_at.isoformat()}"' in html
    assert "Version" not in html


def test_a_form_opened_before_a_question_was_restored_from_history_is_refused(client):
    # The restored answer would otherwise be overwritten by the older page's inline question.
    from interviews.models import Question
    from tests.factories import make_question

    interview = make_draft(questions=0)
    question = make_question(interview, answer="原来的回答。")
    question.answer = "改坏了的回答。"
    question.save()
    client.force_login(make_user("wang", "编辑"))
    stale = opened_form(client, interview)
    original = Question.history.filter(id=question.pk).order_by("history_date").first()
    restore = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    client.post(restore, {"number": question.number, "text": question.text, "answer": original.answer})

    response = client.post(reverse("admin:interviews_interview_change", args=[interview.pk]), stale)

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer == "原来的回答。"


def _restore_page(model, pk: int, version_id: int) -> str:
    return reverse(f"admin:interviews_{model}_simple_history", args=[pk, version_id])


def test_a_colleague_restoring_a_question_refuses_an_older_form_and_names_them():
    from interviews.models import Question
    from tests.factories import make_question

    interview = make_draft(questions=0)
    question = make_question(interview, answer="原来的回答。")
    question.answer = "改坏了的回答。"
    question.save()
    wang, li = Client(), Client()
    wang.force_login(make_user("wang", "编辑"))
    li.force_login(make_user("li", "编辑"))
    opened = opened_form(wang, interview)  # editor A opens the interview

    original = Question.history.filter(id=question.pk).order_by("history_date").first()
    restore = _restore_page("question", question.pk, original.history_id)
    response = li.post(restore, {"number": question.number, "text": question.text, "answer": original.answer})
    assert response.status_code == 302  # editor B restored the first version

    opened["summary"] = "王编辑改的摘要"
    response = wang.post(reverse("admin:interviews_interview_change", args=[interview.pk]), opened)

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "其他人已修改这篇访谈（最后修改：li，" in message and "本次没有保存" in message
    question.refresh_from_db()
    interview.refresh_from_db()
    assert (question.answer, interview.summary) == ("原来的回答。", "区领导谈十年发展。")
    # The interview's own history says who changed it and how, as a save of the change form would.
    latest = Interview.history.filter(id=interview.pk).first()
    assert latest.history_user.username == "li" and latest.history_change_reason == f"从历史恢复问答：{question}"


def test_a_colleague_restoring_a_guest_refuses_an_older_form_and_names_them():
    from interviews.models import Appearance
    from tests.factories import make_guest

    interview = make_draft()
    guest = make_guest(interview, "张三", "区长")
    guest.position = "副区长"
    guest.save()
    wang, li = Client(), Client()
    wang.force_login(make_user("wang", "编辑"))
    li.force_login(make_user("li", "编辑"))
    opened = opened_form(wang, interview)

    original = Appearance.history.filter(id=guest.pk).order_by("history_date").first()
    restore = _restore_page("appearance", guest.pk, original.history_id)
    data = {"person": guest.person_id, "position": "区长", "role": guest.role, "order": guest.order}
    assert li.post(restore, data).status_code == 302

    response = wang.post(reverse("admin:interviews_interview_change", args=[interview.pk]), opened)

    assert response.status_code == 200
    assert "最后修改：li，" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Appearance.objects.get(pk=guest.pk).position == "区长"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks (make test-postgres)")
@pytest.mark.parametrize("model", ["question", "appearance"])
def test_a_restore_locks_the_interview_before_it_saves_the_row(client, model):
    # As the change form's save does (InterviewForm.stale_message): whichever comes second waits for the
    # first, instead of the two locking the question and the interview in opposite orders (a deadlock),
    # or the restore's interview version copying an interview a colleague saved meanwhile.
    from interviews.models import Appearance, Question
    from tests.factories import make_guest, make_question

    interview = make_draft(questions=0)
    if model == "question":
        row = make_question(interview, answer="原来的回答。")
        row.answer = "改坏了的回答。"
        data = {"number": row.number, "text": row.text, "answer": "原来的回答。"}
    else:
        row = make_guest(interview, "张三", "区长")
        row.position = "副区长"
        data = {"person": row.person_id, "position": "区长", "role": row.role, "order": row.order}
    row.save()
    original = {"question": Question, "appearance": Appearance}[model].history.filter(id=row.pk).last()
    client.force_login(make_user("li", "编辑"))

    with CaptureQueriesContext(connection) as queries:
        response = client.post(_restore_page(model, row.pk, original.history_id), data)

    assert response.status_code == 302
    sql = [query["sql"] for query in queries.captured_queries]
    table = f'"interviews_{model}"'
    locks = [
        i
        for i, q in enumerate(sql)
        if q.startswith("SELECT") and 'FROM "interviews_interview"' in q and "FOR UPDATE" in q
    ]
    saves = [i for i, q in enumerate(sql) if q.startswith("UPDATE") and table in q.split("SET")[0]]
    assert locks and saves and locks[0] < saves[0]
