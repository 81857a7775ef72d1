import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.importing.decode import MAX_TEXT_BYTES
from interviews.models import Interview, Question, Region
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent.parent / "data" / "shapes"
URL = "/admin/interviews/interview/import/"


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def shape(name: str) -> SimpleUploadedFile:
    return upload(name, (SHAPES / name).read_bytes())


def preview(client, *files, convert=True):
    data = {"files": list(files)}
    if convert:
        data["convert"] = "on"
    return client.post(URL, data)


def test_changelist_links_to_import_page(admin_client):
    html = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()

    assert reverse("admin:interviews_interview_import") == URL
    assert f'href="{URL}"' in html and "导入访谈" in html


def test_preview_shows_parse_of_each_file_and_saves_nothing(admin_client, staging_dir):
    response = preview(admin_client, shape("dialogue-brackets.txt"), shape("traditional.txt"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "尚未保存" in html
    assert "长春经开区党工委书记谢志敏做客人民网" in html  # title
    assert "长春经济技术开发区党工委书记 谢志敏" in html  # guest with position
    assert "<li>这十年，经开区在招商引资方面有哪些...（2 点）</li>" in html  # question start and points
    assert "第 2 问第 3 段（图片）：图为长春经开区全景。" in html  # photo slot
    assert "像是网页杂项" in html  # warning
    assert "地区：朝阳区" in html  # Traditional converted in the preview
    assert Interview.objects.count() == 0
    assert len(list(staging_dir.iterdir())) == 1


def test_preview_warns_of_a_speaker_the_introduction_did_not_name(admin_client):
    text = (SHAPES / "dialogue-surname-title.txt").read_text(encoding="utf-8")
    text = text.replace("本期节目邀请到绿园区委副书记、区长刘某某。", "本期节目聚焦绿园区这十年。")

    html = preview(admin_client, upload("绿园.txt", text.encode())).content.decode()

    assert "第 4 行：发言人“刘区长”未在嘉宾介绍中出现，已按“刘区长”记为嘉宾，请核对姓名和职务。" in html
    assert Interview.objects.count() == 0


def test_confirm_imports_each_file_and_lists_results(admin_client, sample_path, staging_dir):
    response = preview(admin_client, shape("dialogue-brackets.txt"), upload("坏.txt", b"\x00\x01"))
    token = response.context["form"]["token"].value()

    result = admin_client.post(URL, {"token": token, "convert": "True"})

    html = result.content.decode()
    assert "新建 1，失败 1" in html
    assert "二进制" in html
    assert Interview.objects.get().appearances.count() == 2
    assert list(staging_dir.iterdir()) == []  # staged bytes are removed after import


def test_an_empty_file_fails_by_name_and_the_others_still_import(admin_client):
    response = preview(admin_client, shape("qa-pairs.txt"), upload("空白.txt", b""))

    html = response.content.decode()
    assert "空白.txt" in html and "文件为空" in html
    admin_client.post(URL, {"token": response.context["form"]["token"].value(), "convert": "True"})
    assert Interview.objects.count() == 1


def test_a_title_too_long_for_its_column_fails_in_the_preview_and_is_not_saved(admin_client):
    text = ("长" * 1000 + "\n1.问？\n答。").encode()

    response = preview(admin_client, upload("长标题.txt", text))
    assert "标题过长（1000 字，最多 200 字）" in response.content.decode()
    assert 'value="确认导入"' not in response.content.decode()
    assert Interview.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("空白.txt", b"", "文件为空，没有可导入的内容。"),
        ("照片.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "这不是有效的 Word（.docx）文件"),
        ("越界.zip", None, "压缩包内的路径「../../etc/访谈.txt」指向包外，出于安全原因拒绝导入。"),
        ("过大.txt", b"a" * (MAX_TEXT_BYTES + 1), "文件过大（5.0 MB），单个不能超过 5.0 MB"),
    ],
    ids=["empty", "png-named-docx", "zip-path-traversal", "too-large"],
)
def test_a_preview_with_nothing_to_import_says_so_and_offers_no_confirm_button(
    admin_client, staging_dir, name, data, reason
):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("../../etc/访谈.txt", "访谈\n1.问？\n答。")
        data = buffer.getvalue()

    response = preview(admin_client, upload(name, data))

    html = response.content.decode()
    assert reason in html
    assert "没有需要导入的稿件，什么都没有保存" in html
    assert "请核对后点击「确认导入」" not in html and 'value="确认导入"' not in html
    assert not staging_dir.exists() or not any(staging_dir.iterdir())  # nothing waits for a confirmation
    assert Interview.objects.count() == 0


def test_a_preview_of_texts_imported_before_offers_no_confirm_button(admin_client, sample_path):
    token = preview(admin_client, upload("a.txt", sample_path.read_bytes())).context["form"]["token"].value()
    admin_client.post(URL, {"token": token, "convert": "True"})

    html = preview(admin_client, upload("a.txt", sample_path.read_bytes())).content.decode()

    assert "内容与已导入的访谈" in html and 'value="确认导入"' not in html


def test_preview_and_confirm_of_a_zip(admin_client, sample_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(sample_path, "南关.txt")
        archive.write(SHAPES / "qa-pairs.txt", "问答.txt")
    response = preview(admin_client, upload("批量.zip", buffer.getvalue()))
    assert "批量.zip/南关.txt" in response.content.decode()

    admin_client.post(URL, {"token": response.context["form"]["token"].value(), "convert": "True"})

    assert Interview.objects.count() == 2


def test_conflict_is_skipped_unless_update_is_ticked(admin_client):
    v1 = "访谈\n1.问？\n旧答。".encode()
    v2 = "访谈\n1.问？\n新答。".encode()
    token = preview(admin_client, upload("a.txt", v1)).context["form"]["token"].value()
    admin_client.post(URL, {"token": token, "convert": "True"})

    response = preview(admin_client, upload("a.txt", v2))
    assert "冲突" in response.content.decode()
    token = response.context["form"]["token"].value()
    html = admin_client.post(URL, {"token": token, "convert": "True"}).content.decode()
    assert "冲突 1" in html
    assert Question.objects.get().answer == "旧答。"

    token = preview(admin_client, upload("a.txt", v2)).context["form"]["token"].value()
    html = admin_client.post(URL, {"token": token, "convert": "True", "update": "on"}).content.decode()
    assert "更新 1" in html
    assert Question.objects.get().answer == "新答。"


def test_editor_cannot_replace_a_published_interview_but_a_reviewer_can(admin_client, client):
    v1 = "访谈\n1.问？\n旧答。".encode()
    v2 = "访谈\n1.问？\n新答。".encode()
    token = preview(admin_client, upload("a.txt", v1)).context["form"]["token"].value()
    admin_client.post(URL, {"token": token, "convert": "True"})
    Interview.objects.update(status=Interview.Status.PUBLISHED)

    client.force_login(make_user("编辑甲", "编辑"))
    response = preview(client, upload("a.txt", v2))
    assert "只有审核人员可以用新稿覆盖" in response.content.decode()  # said before confirming
    token = response.context["form"]["token"].value()
    html = client.post(URL, {"token": token, "convert": "True", "update": "on"}).content.decode()
    assert "冲突 1" in html and "只有审核人员可以用新稿覆盖" in html
    assert Question.objects.get().answer == "旧答。"

    client.force_login(make_user("审核乙", "审核"))
    token = preview(client, upload("a.txt", v2)).context["form"]["token"].value()
    html = client.post(URL, {"token": token, "convert": "True", "update": "on"}).content.decode()
    assert "更新 1" in html
    assert Question.objects.get().answer == "新答。"


def test_tampered_or_foreign_token_is_refused(admin_client, client):
    token = preview(admin_client, shape("qa-pairs.txt")).context["form"]["token"].value()

    response = admin_client.post(URL, {"token": token + "x", "convert": "True"}, follow=True)
    assert "导入请求无效" in response.content.decode()

    other = User.objects.create_user("editor", password="x", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="add_interview"))
    client.force_login(other)
    response = client.post(URL, {"token": token, "convert": "True"}, follow=True)
    assert "属于其他用户" in response.content.decode()
    assert Interview.objects.count() == 0


def test_confirming_twice_does_not_import_twice(admin_client):
    token = preview(admin_client, shape("qa-pairs.txt")).context["form"]["token"].value()
    admin_client.post(URL, {"token": token, "convert": "True"})

    response = admin_client.post(URL, {"token": token, "convert": "True"}, follow=True)

    assert "已不存在" in response.content.decode()
    assert Interview.objects.count() == 1


def test_unticked_conversion_keeps_traditional_characters(admin_client):
    response = preview(admin_client, shape("traditional.txt"), convert=False)
    assert "地区：朝陽區" in response.content.decode()

    admin_client.post(URL, {"token": response.context["form"]["token"].value(), "convert": "False"})

    assert Interview.objects.get().region.name == "朝陽區"


def test_staff_without_add_permission_gets_403(client):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_interview"))
    client.force_login(viewer)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [shape("qa-pairs.txt")]}).status_code == 403
    assert "导入访谈" not in client.get(reverse("admin:interviews_interview_changelist")).content.decode()


def test_visitors_are_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_upload_without_files_shows_form_error(admin_client):
    response = admin_client.post(URL, {"convert": "on"})

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_oversized_upload_is_skipped_in_preview(admin_client, monkeypatch):
    monkeypatch.setattr("interviews.admin.MAX_TEXT_BYTES", 100)
    big, small = upload("大.txt", "字".encode() * 100), upload("小.txt", "小访谈\n1.问？\n答。".encode())

    html = preview(admin_client, big, small).content.decode()

    assert "文件过大（300 字节），单个不能超过 100 字节" in html
    assert "小访谈" in html


def test_preview_of_the_same_text_twice_in_one_upload_says_what_confirming_does(admin_client, sample_path):
    data = sample_path.read_bytes()
    response = preview(admin_client, upload("a.txt", data), upload("b.txt", data))

    assert [(item.name, item.status) for item in response.context["items"]] == [
        ("a.txt", "created"),
        ("b.txt", "unchanged"),
    ]
    assert "与本次上传的「a.txt」内容相同" in response.content.decode()
    token = response.context["form"]["token"].value()
    result = admin_client.post(URL, {"token": token, "convert": "True"})
    assert [outcome.status for outcome in result.context["outcomes"]] == ["created", "unchanged"]


def test_preview_of_two_versions_in_one_upload_says_the_second_conflicts(admin_client):
    v1 = "访谈\n1.问？\n旧答。".encode()
    v2 = "访谈\n1.问？\n新答。".encode()
    response = preview(admin_client, upload("a.txt", v1), upload("b.txt", v2))

    assert [item.status for item in response.context["items"]] == ["created", "conflict"]
    assert "本次上传的「a.txt」" in response.content.decode()
    token = response.context["form"]["token"].value()
    result = admin_client.post(URL, {"token": token, "convert": "True"})
    assert [outcome.status for outcome in result.context["outcomes"]] == ["created", "conflict"]


def test_a_photo_in_a_zip_is_skipped_in_preview_and_result_not_failed(admin_client, sample_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(sample_path, "南关.txt")
        archive.writestr("照片.jpg", b"\xff\xd8\xff\xe0")
    response = preview(admin_client, upload("批量.zip", buffer.getvalue()))

    assert [(item.name, item.status) for item in response.context["items"]] == [
        ("批量.zip/南关.txt", "created"),
        ("批量.zip/照片.jpg", "skipped"),
    ]
    html = response.content.decode()
    assert '<td class="import-status">跳过</td>' in html
    assert "压缩包内只导入 .txt 和 .docx 文件，已跳过。" in html

    token = response.context["form"]["token"].value()
    result = admin_client.post(URL, {"token": token, "convert": "True"})

    assert [outcome.status for outcome in result.context["outcomes"]] == ["created", "skipped"]
    html = result.content.decode()
    assert "共 2 个文件：新建 1，跳过 1。" in html
    assert "<strong>跳过</strong>" in html and "压缩包内只导入 .txt 和 .docx 文件，已跳过。" in html
    assert "<strong>失败</strong>" not in html
    assert Interview.objects.count() == 1


def test_preview_lists_warnings_in_line_order(admin_client):
    text = "标题\n1.问一？\n答一。\n3.问三？\n答三。\n谢谢！".encode()

    html = preview(admin_client, upload("a.txt", text)).content.decode()

    assert html.index("第 4 行：问题编号跳跃") < html.index("第 6 行：第 3 个问题的回答末尾「谢谢！」")


def test_preview_takes_the_region_from_a_guests_position_and_confirm_saves_it(admin_client):
    region = Region.objects.get(name="南关区")  # seeded by a migration
    make_region(name="南关")  # a shorter name it begins with is not the region
    regions = Region.objects.count()
    text = "教育这十年\n南关区教育局局长 张三\n1.这十年有哪些变化？\n变化很大。".encode()

    response = preview(admin_client, upload("a.txt", text))

    assert "地区：南关区" in response.content.decode()
    admin_client.post(URL, {"token": response.context["form"]["token"].value(), "convert": "True"})
    assert Interview.objects.get().region == region
    assert Region.objects.count() == regions  # none created


def test_preview_takes_a_region_an_earlier_file_of_the_upload_creates(admin_client):
    first = "区县领导访谈·莲花区\n1.这十年有哪些变化？\n变化很大。".encode()
    second = "教育这十年\n莲花区教育局局长 张三\n1.教育有哪些变化？\n变化很大。".encode()

    html = preview(admin_client, upload("a.txt", first), upload("b.txt", second)).content.decode()

    assert html.count("地区：莲花区") == 2


def test_an_unchanged_file_says_nothing_will_be_saved_with_or_without_a_confirm_button(admin_client, sample_path):
    token = preview(admin_client, upload("a.txt", sample_path.read_bytes())).context["form"]["token"].value()
    admin_client.post(URL, {"token": token, "convert": "True"})
    note = "内容与已导入的访谈「e起点赞长春这十年|区县领导访谈·南关区」相同，不会重复导入，已有访谈保持不变。"

    alone = preview(admin_client, upload("a.txt", sample_path.read_bytes())).content.decode()
    assert 'value="确认导入"' not in alone and "确认后" not in alone
    assert note in alone and '<th scope="col">状态</th>' in alone

    with_new = preview(admin_client, upload("a.txt", sample_path.read_bytes()), shape("qa-pairs.txt"))
    html = with_new.content.decode()
    assert 'value="确认导入"' in html and note in html and '<th scope="col">确认后</th>' in html
