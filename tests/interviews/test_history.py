import pytest
from django.urls import reverse

from interviews.models import Interview, Question, SearchEntry
from interviews.search import index_interview
from tests.factories import make_draft, make_question, make_user

pytestmark = pytest.mark.django_db

LONG_ANSWER = "总体情况良好。一是抓项目建设，全年开工项目一百二十个。二是抓营商环境，审批时间压缩百分之七十以上。"


def change_form_data(interview):
    """The change form as the admin would post it, with the questions inline."""
    questions = list(interview.questions.order_by("number"))
    data = {
        "title": interview.title,
        "slug": interview.slug,
        "kind": interview.kind,
        "summary": interview.summary,
        "region": interview.region_id or "",
        "series": "",
        "source_url": "",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "gallery_entries-TOTAL_FORMS": "0",
        "gallery_entries-INITIAL_FORMS": "0",
        "observations-TOTAL_FORMS": "0",
        "observations-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
    }
    for index, question in enumerate(questions):
        prefix = f"questions-{index}-"
        data.update(
            {
                prefix + "id": question.pk,
                prefix + "interview": interview.pk,
                prefix + "number": question.number,
                prefix + "text": question.text,
                prefix + "answer": question.answer,
            }
        )
    return data


@pytest.fixture
def editor(client):
    user = make_user("zhangsan", "编辑")
    client.force_login(user)
    return user


def test_admin_edit_records_who_and_what_with_readable_diff(client, editor):
    interview = make_draft(questions=0)
    make_question(interview, answer=LONG_ANSWER)
    data = change_form_data(interview)
    data["title"] = "新标题"
    data["questions-0-answer"] = LONG_ANSWER.replace("一百二十", "一百三十")

    response = client.post(reverse("admin:interviews_interview_change", args=[interview.pk]), data)

    assert response.status_code == 302
    latest = Interview.history.filter(id=interview.pk).first()
    assert (latest.title, latest.history_user) == ("新标题", editor)
    html = client.get(reverse("admin:interviews_interview_history", args=[interview.pk])).content.decode()
    assert "新标题" in html and "zhangsan" in html
    # The answer's diff shows the changed characters, marked, not two truncated copies.
    assert "<del>二</del>" in html and "<ins>三</ins>" in html


def test_earlier_question_version_can_be_restored(client, editor):
    interview = make_draft(questions=0)
    question = make_question(interview, answer="原来的回答。")
    question.answer = "改坏了的回答。"
    question.save()
    original = Question.history.filter(id=question.pk).order_by("history_date").first()

    url = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    assert "原来的回答" in client.get(url).content.decode()
    client.post(url, {"number": question.number, "text": question.text, "answer": original.answer})

    question.refresh_from_db()
    assert question.answer == "原来的回答。"


def test_a_restored_answer_keeps_its_line_ends_as_the_browser_posts_them(client, editor):
    interview = make_draft(questions=0)
    question = make_question(interview, answer="第一段。\n第二段。")
    question.answer = "改坏了的回答。"
    question.save()
    original = Question.history.filter(id=question.pk).order_by("history_date").first()

    url = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    client.post(url, {"number": question.number, "text": question.text, "answer": "第一段。\r\n第二段。"})

    question.refresh_from_db()
    assert question.answer == "第一段。\n第二段。"


def test_restoring_an_old_interview_version_keeps_the_current_state(client):
    reviewer = make_user("reviewer", "审核")
    client.force_login(reviewer)
    interview = make_draft(title="旧标题")
    old = Interview.history.filter(id=interview.pk).first()
    interview.submit(by=make_user("editor", "编辑"))
    interview.approve(by=reviewer)
    data = change_form_data(interview)
    data["title"] = "旧标题"

    client.post(reverse("admin:interviews_interview_simple_history", args=[interview.pk, old.history_id]), data)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.PUBLISHED


def test_editor_cannot_restore_a_published_interview(client, editor):
    interview = make_draft(title="旧标题")
    old = Interview.history.filter(id=interview.pk).first()
    interview.submit(by=make_user("editor2", "编辑"))
    interview.approve(by=make_user("reviewer", "审核"))

    response = client.post(
        reverse("admin:interviews_interview_simple_history", args=[interview.pk, old.history_id]),
        change_form_data(interview),
    )

    assert response.status_code == 403


def test_question_changes_appear_on_the_interview_history_page(client, editor):
    interview = make_draft(questions=1)
    question = interview.questions.get()
    question.answer = "补充后的回答。"
    question.save()

    html = client.get(reverse("admin:interviews_interview_history", args=[interview.pk])).content.decode()

    assert "问答修改记录" in html and "补充后的回答" in html


def test_deleted_question_can_be_restored_from_its_history(client, editor):
    interview = make_draft(questions=0)
    question = make_question(interview, answer="被误删的回答。")
    pk, number = question.pk, question.number
    question.delete()
    version = Question.history.filter(id=pk, history_type="+").get()

    url = reverse("admin:interviews_question_simple_history", args=[pk, version.history_id])
    client.post(url, {"number": number, "text": version.text, "answer": version.answer})

    assert Question.objects.get(pk=pk).answer == "被误删的回答。"


def test_imported_questions_start_their_history(sample_text):
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    interview = save_interview(parse_transcript(sample_text), source_text=sample_text).interview

    assert Question.history.filter(interview_id=interview.pk, history_type="+").count() == 4


def test_workflow_steps_are_attributed_to_the_actor_in_history():
    interview = make_draft()
    interview.submit(by=make_user("editor", "编辑"))
    reviewer = make_user("reviewer", "审核")

    interview.approve(by=reviewer)

    latest = Interview.history.filter(id=interview.pk).first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == ("published", reviewer, "发布")


def test_restoring_a_deleted_question_onto_a_taken_number_says_so(client, editor):
    interview = make_draft(questions=0)
    question = make_question(interview, number=1, answer="被误删的回答。")
    pk = question.pk
    question.delete()
    make_question(interview, number=1, answer="后来补写的回答。")
    version = Question.history.filter(id=pk, history_type="+").get()

    url = reverse("admin:interviews_question_simple_history", args=[pk, version.history_id])
    response = client.post(url, {"number": 1, "text": version.text, "answer": version.answer})

    assert response.status_code == 200
    assert "问答 已经存在" in " ".join(response.context["adminform"].form.non_field_errors())
    assert list(interview.questions.values_list("answer", flat=True)) == ["后来补写的回答。"]


def test_a_question_of_a_deleted_interview_can_be_read_but_not_restored(client):
    client.force_login(make_user("admin", "管理员"))
    interview = make_draft(questions=1)
    version = Question.history.filter(interview_id=interview.pk).get()
    interview.delete()

    url = reverse("admin:interviews_question_simple_history", args=[version.id, version.history_id])

    assert client.get(url).status_code == 200
    assert client.post(url, {"number": 1, "text": "问", "answer": "答"}).status_code == 403
    assert not Question.objects.exists()


def test_restoring_an_answer_updates_the_search_index(client, editor):
    interview = make_draft(questions=0)
    question = make_question(interview, answer="原来的回答提到长白山。")
    original = Question.history.filter(id=question.pk).get()
    question.answer = "改坏了的回答提到松花江。"
    question.save()
    index_interview(interview)

    url = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    client.post(url, {"number": question.number, "text": question.text, "answer": original.answer})

    passage = SearchEntry.objects.get(question=question)
    assert "长白山" in passage.body and "松花江" not in passage.body


def test_restoring_an_interview_version_updates_the_search_index(client):
    client.force_login(make_user("reviewer", "审核"))
    interview = make_draft(title="长白山访谈")
    old = Interview.history.filter(id=interview.pk).get()
    interview.title = "松花江访谈"
    interview.save()
    index_interview(interview)
    data = change_form_data(interview)
    data["title"] = old.title

    client.post(reverse("admin:interviews_interview_simple_history", args=[interview.pk, old.history_id]), data)

    assert SearchEntry.objects.get(interview=interview, question=None).heading == "长白山访谈"


def test_a_version_page_is_in_chinese_and_says_what_restoring_does(client, editor):
    interview = make_draft(title="旧标题")
    Interview.objects.filter(pk=interview.pk).update(title="新标题")
    interview.refresh_from_db()
    interview.save()  # a second version
    old = Interview.history.filter(id=interview.pk).order_by("history_date").first()

    html = client.get(reverse("admin:interviews_interview_history", args=[interview.pk])).content.decode()
    assert "点击下表中的版本可以查看它的内容，并恢复为该版本。" in html  # the list's links are titles, not dates
    html = client.get(reverse("admin:interviews_interview_simple_history", args=[interview.pk, old.history_id]))
    html = " ".join(html.content.decode().split())

    assert "Interviews" not in html and "访谈修改记录" not in html
    assert '<a href="/admin/interviews/">访谈内容</a> ›' in html and "› 还原访谈版本" in html
    assert "点击页面底部的「还原」，当前内容会恢复为此版本；恢复前的内容仍留在历史中，可以再恢复。" in html

    interview.submit(by=editor)  # read-only for an editor now
    html = client.get(reverse("admin:interviews_interview_simple_history", args=[interview.pk, old.history_id]))
    html = " ".join(html.content.decode().split())
    assert "› 查看访谈版本" in html and "只供查看" in html
