"""Migrations run against stored rows: back to the state before, rows written there, then forward."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("interviews", "0017_region_renamed_at")]
AFTER = [("interviews", "0018_admin_texts_with_lf_line_ends")]


_migrate = migrate_to


@pytest.fixture
def before_lf_line_ends():
    """The models as they were while the admin stored the CRLF line ends browsers post."""
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _updated_ids(queries, table: str) -> set[int]:
    updates = [query["sql"] for query in queries if query["sql"].startswith(f'UPDATE "{table}"')]
    return {int(pk) for sql in updates for ids in re.findall(r'"id" IN \(([\d, ]+)\)', sql) for pk in ids.split(",")}


def test_admin_texts_saved_with_crlf_get_lf_line_ends_without_history_or_touching_other_rows(before_lf_line_ends):
    Interview = before_lf_line_ends.get_model("interviews", "Interview")
    Question = before_lf_line_ends.get_model("interviews", "Question")
    old = Interview.objects.create(title="旧", slug="jiu", summary="第一句。\r\n第二句。", source_text="原文\r\n次行")
    new = Interview.objects.create(title="新", slug="xin", summary="第一句。\n第二句。", source_text="原文\n次行")
    Question.objects.create(interview=old, number=1, text="问题\r\n续行？", answer="第一段。\r\n第二段。\r第三段。")
    Question.objects.create(interview=old, number=2, text="问题？", answer="第一段。\r\n第二段。")
    Question.objects.create(interview=new, number=1, text="问题？", answer="第一段。\n第二段。")
    saved_at = dict(Interview.objects.values_list("pk", "updated_at"))

    with CaptureQueriesContext(connection) as captured:
        apps = _migrate(AFTER)

    Interview = apps.get_model("interviews", "Interview")
    Question = apps.get_model("interviews", "Question")
    assert list(Interview.objects.order_by("pk").values_list("summary", "source_text")) == [
        ("第一句。\n第二句。", "原文\r\n次行"),  # the original transcript stays verbatim
        ("第一句。\n第二句。", "原文\n次行"),
    ]
    assert list(Question.objects.order_by("pk").values_list("text", "answer")) == [
        ("问题\n续行？", "第一段。\n第二段。\n第三段。"),
        ("问题？", "第一段。\n第二段。"),
        ("问题？", "第一段。\n第二段。"),
    ]
    assert dict(Interview.objects.values_list("pk", "updated_at")) == saved_at
    assert not apps.get_model("interviews", "HistoricalQuestion").objects.exists()
    assert not apps.get_model("interviews", "HistoricalInterview").objects.exists()
    assert _updated_ids(captured, "interviews_interview") == {old.pk}
    assert _updated_ids(captured, "interviews_question") == set(
        Question.objects.filter(interview_id=old.pk).values_list("pk", flat=True)
    )


def test_going_back_keeps_the_lf_line_ends(before_lf_line_ends):
    apps = _migrate(AFTER)
    Interview = apps.get_model("interviews", "Interview")
    interview = Interview.objects.create(title="访谈", slug="fangtan", summary="第一句。\n第二句。")
    apps.get_model("interviews", "Question").objects.create(interview=interview, number=1, text="问？", answer="甲\n乙")

    apps = _migrate(BEFORE)

    assert apps.get_model("interviews", "Interview").objects.get().summary == "第一句。\n第二句。"
    assert apps.get_model("interviews", "Question").objects.get().answer == "甲\n乙"
