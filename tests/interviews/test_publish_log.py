import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_draft, make_user

pytestmark = pytest.mark.django_db


def test_administrator_exports_publish_and_withdraw_log_as_csv(client):
    reviewer = make_user("reviewer", "审核")
    interview = make_draft(title="导出测试访谈")
    interview.submit(by=make_user("editor", "编辑"))
    interview.approve(by=reviewer)
    interview.withdraw(by=reviewer, reason="数据需更正")
    client.force_login(make_user("admin1", "管理员"))

    response = client.get(reverse("admin:interviews_transition_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["时间", "访谈", "操作", "原状态", "新状态", "操作人"]
    assert [row[1:7] for row in rows[1:]] == [
        ["导出测试访谈", "撤稿", "已发布", "已撤回", "reviewer", "数据需更正"],
        ["导出测试访谈", "发布", "待审核", "已发布", "reviewer", ""],
        ["导出测试访谈", "提交审核", "草稿", "待审核", "editor", ""],
    ]


def test_export_honours_the_list_filter(client):
    reviewer = make_user("reviewer", "审核")
    interview = make_draft()
    interview.submit(by=make_user("editor", "编辑"))
    interview.approve(by=reviewer)
    client.force_login(make_user("admin1", "管理员"))

    response = client.get(reverse("admin:interviews_transition_export"), {"action__exact": "publish"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["发布"]


@pytest.mark.parametrize("query", [{"at__gte": "不是日期"}, {"action__exact": "publish", "no_such_field": "1"}])
def test_export_with_a_broken_filter_is_a_bad_request_not_a_server_error(client, query):
    client.force_login(make_user("admin1", "管理员"))

    response = client.get(reverse("admin:interviews_transition_export"), query)

    assert response.status_code == 400
    assert "筛选条件无效" in response.content.decode()


def test_export_keeps_spreadsheet_formulas_as_text(client):
    # A reason or title an editor typed must not run as a formula when an administrator opens the file.
    interview = make_draft(title='=HYPERLINK("https://evil.example","点我")')
    interview.submit(by=make_user("editor", "编辑"), note="+1+cmd|' /C calc'!A0")
    client.force_login(make_user("admin1", "管理员"))

    response = client.get(reverse("admin:interviews_transition_export"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("https://evil.example","点我")'
    assert rows[1][6] == "'+1+cmd|' /C calc'!A0"
