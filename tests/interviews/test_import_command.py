import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interviews.importing.loader import CONFLICT, UPDATED, save_interview
from interviews.importing.parser import parse_transcript
from interviews.models import Appearance, Interview, Person, Question

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent.parent / "data" / "shapes"
V1 = "【文字】e起点赞长春这十年|区县领导访谈·宽城区\n1.第一问？\n旧的回答。\n"
V2 = "【文字】e起点赞长春这十年|区县领导访谈·宽城区\n1.第一问？\n新的回答。\n2.第二问？\n又一个回答。\n"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_interviews", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_changed_file_for_existing_interview_is_a_conflict_and_changes_nothing(tmp_path):
    path = tmp_path / "宽城区.txt"
    path.write_text(V1, encoding="utf-8")
    run(str(path))
    path.write_text(V2, encoding="utf-8")

    out, err = run(str(path))

    assert "冲突 1" in out
    assert "--update" in err
    assert list(Question.objects.values_list("answer", flat=True)) == ["旧的回答。"]


def test_update_replaces_questions_of_the_existing_interview(tmp_path):
    path = tmp_path / "宽城区.txt"
    path.write_text(V1, encoding="utf-8")
    run(str(path))
    original = Interview.objects.get()
    path.write_text(V2, encoding="utf-8")

    out, _ = run(str(path), "--update")

    assert "更新 1" in out
    interview = Interview.objects.get()
    assert interview.pk == original.pk and interview.slug == original.slug
    assert list(interview.questions.values_list("answer", flat=True)) == ["新的回答。", "又一个回答。"]
    assert interview.source_text == V2


def test_same_source_url_is_the_same_interview_even_with_another_title():
    first = "标题一\n原文链接：https://example.cn/a.html\n1.问？\n答一。"
    second = "标题二\n原文链接：https://example.cn/a.html\n1.问？\n答二。"
    save_interview(parse_transcript(first), source_text=first)

    result = save_interview(parse_transcript(second), source_text=second)

    assert result.status == CONFLICT
    assert save_interview(parse_transcript(second), source_text=second, update=True).status == UPDATED
    assert Interview.objects.get().title == "标题二"


def test_dialogue_import_saves_guests_with_positions_and_host():
    text = (SHAPES / "dialogue-brackets.txt").read_text(encoding="utf-8")

    interview = save_interview(parse_transcript(text), source_text=text).interview

    people = [(a.person.name, a.position, a.role) for a in interview.appearances.select_related("person")]
    assert people == [
        ("谢志敏", "长春经济技术开发区党工委书记", Appearance.Role.GUEST),
        ("王晓", "", Appearance.Role.HOST),
    ]


def test_update_replaces_guests_and_reuses_people():
    text = (SHAPES / "dialogue-named-host.txt").read_text(encoding="utf-8")
    save_interview(parse_transcript(text), source_text=text)
    changed = text.replace("再见。", "再见！")

    save_interview(parse_transcript(changed), source_text=changed, update=True)

    assert Appearance.objects.count() == 2
    assert Person.objects.count() == 2


def test_traditional_file_is_saved_simplified_with_the_original_as_source(tmp_path):
    original = (SHAPES / "traditional.txt").read_text(encoding="utf-8")

    run(str(SHAPES / "traditional.txt"))

    interview = Interview.objects.get()
    assert interview.region.name == "朝阳区"
    assert interview.questions.get().text.startswith("十年来，朝阳区")
    assert interview.source_text == original


def test_no_convert_keeps_traditional_characters():
    run(str(SHAPES / "traditional.txt"), "--no-convert")

    assert Interview.objects.get().region.name == "朝陽區"


def test_folder_with_zip_docx_and_bad_files_imports_the_good_ones_and_exits_nonzero(tmp_path, sample_path):
    import docx

    document = docx.Document()
    for line in ["双阳区访谈", "1.问题？", "回答。"]:
        document.add_paragraph(line)
    document.save(tmp_path / "双阳.docx")
    with zipfile.ZipFile(tmp_path / "批量.zip", "w") as archive:
        archive.write(sample_path, "南关.txt")
        archive.writestr("宽城.txt", V1)
    (tmp_path / "空.txt").write_bytes(b"")
    (tmp_path / "假的.docx").write_bytes(b"not a word file")
    (tmp_path / "~$双阳.docx").write_bytes(b"Word lock file, skipped")

    with pytest.raises(CommandError, match="2 个文件导入失败"):
        run(str(tmp_path))

    assert sorted(Interview.objects.values_list("title", flat=True)) == sorted(
        ["双阳区访谈", "e起点赞长春这十年|区县领导访谈·南关区", "e起点赞长春这十年|区县领导访谈·宽城区"]
    )


def test_summary_counts_every_outcome(tmp_path):
    (tmp_path / "a.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "d.txt").write_text("不变的访谈\n1.问？\n答。", encoding="utf-8")
    run(str(tmp_path))
    (tmp_path / "a.txt").write_text(V2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("新访谈\n1.问？\n答。", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x00")

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_interviews", str(tmp_path), stdout=out, stderr=io.StringIO())

    assert "共 4 个文件：新建 1，未变 1，失败 1，更新 0，冲突 1" in out.getvalue()


def test_failed_save_writes_nothing_for_that_file_and_continues(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "b.txt").write_text("新访谈\n1.问？\n答。", encoding="utf-8")
    original = Question.objects.bulk_create

    def fail_for_first(objs, *args, **kwargs):
        objs = list(objs)
        if objs and objs[0].answer == "旧的回答。":
            from django.db import DatabaseError

            raise DatabaseError("disk I/O error")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(Question.objects, "bulk_create", fail_for_first)
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        run(str(tmp_path))

    assert list(Interview.objects.values_list("title", flat=True)) == ["新访谈"]


def test_dry_run_json_keeps_design_shape_for_dialogue_and_writes_nothing():
    out, _ = run(str(SHAPES / "dialogue-brackets.txt"), "--dry-run", "--json")

    [report] = json.loads(out)
    assert set(report) >= {"title", "series", "region", "guests", "questions", "media_slots", "warnings"}
    assert report["guests"] == [{"name": "谢志敏", "position": "长春经济技术开发区党工委书记"}]
    assert set(report["questions"][0]) >= {"number", "text", "answer", "points"}
    assert report["questions"][0]["points"][0].startswith("第一，抓招商")
    assert Interview.objects.count() == 0


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_text(V1, encoding="utf-8")
    piped, terminal = io.StringIO(), FakeTerminal()

    call_command("import_interviews", str(tmp_path), "--dry-run", stdout=io.StringIO(), stderr=piped)
    call_command("import_interviews", str(tmp_path), "--dry-run", stdout=io.StringIO(), stderr=terminal)

    assert "个文件" not in piped.getvalue()
    assert "1/1" in terminal.getvalue()


def test_twenty_megabyte_text_is_refused_without_being_read(tmp_path):
    path = tmp_path / "大.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: the command must refuse it from its size alone

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_interviews", str(path), stdout=io.StringIO(), stderr=err)

    assert "文件过大（20.0 MB），不能超过 5.0 MB" in err.getvalue()
    assert Interview.objects.count() == 0


def test_dry_run_json_shows_the_series_and_region_given_on_the_command_line(tmp_path):
    path = tmp_path / "宽城区.txt"
    path.write_text(V1, encoding="utf-8")

    out, _ = run(str(path), "--dry-run", "--json", "--series", "专题访谈", "--region", "朝阳区")

    [report] = json.loads(out)
    assert (report["series"], report["region"]) == ("专题访谈", "朝阳区")  # what the import would save
    run(str(path), "--series", "专题访谈", "--region", "朝阳区")
    interview = Interview.objects.get()
    assert (interview.series.name, interview.region.name) == ("专题访谈", "朝阳区")


def test_a_known_region_beginning_a_guests_position_is_shown_by_the_dry_run_and_saved(tmp_path):
    path = tmp_path / "教育.txt"
    path.write_text("教育这十年\n朝阳区教育局局长 张三\n1.这十年有哪些变化？\n变化很大。\n", encoding="utf-8")

    out, _ = run(str(path), "--dry-run", "--json")

    assert json.loads(out)[0]["region"] == "朝阳区"
    run(str(path))
    assert Interview.objects.get().region.name == "朝阳区"


def test_dry_run_fails_a_file_the_import_would_refuse(tmp_path):
    path = tmp_path / "长标题.txt"
    path.write_text("很长的标题" * 50 + "\n1.问？\n答。", encoding="utf-8")

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_interviews", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)

    assert "标题过长（250 字，最多 200 字）" in err.getvalue()


def test_an_unreadable_folder_is_an_error_not_an_empty_import(tmp_path, monkeypatch):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(V1, encoding="utf-8")
    scandir = os.scandir

    def refuse(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)  # running as root, chmod would not lock it
    with pytest.raises(CommandError, match="无法读取文件夹"):
        run(str(tmp_path))


def zip_with_a_photo(tmp_path, sample_path) -> Path:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(sample_path, "a.txt")
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0 not a transcript")
    return path


def test_a_photo_in_a_zip_is_skipped_with_its_note_and_is_not_a_failure(tmp_path, sample_path):
    path = zip_with_a_photo(tmp_path, sample_path)

    out, err = run(str(path))  # no CommandError: exit code 0

    assert f"跳过 {path}/photo.jpg：压缩包内只导入 .txt 和 .docx 文件，已跳过。" in out
    assert "共 2 个文件：新建 1，未变 0，失败 0，更新 0，冲突 0，跳过 1" in out
    assert "失败" not in err
    assert Interview.objects.count() == 1


def test_a_zip_member_refused_for_safety_still_fails(tmp_path, sample_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(sample_path, "a.txt")
        archive.writestr("ratio.txt", "字".encode() * 1_000_000)
        archive.writestr("photo.jpg", b"\xff\xd8\xff")

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_interviews", str(path), stdout=out, stderr=io.StringIO())

    assert "共 3 个文件：新建 1，未变 0，失败 1，更新 0，冲突 0，跳过 1" in out.getvalue()


def test_dry_run_lists_a_skipped_member_and_exits_zero(tmp_path, sample_path):
    path = zip_with_a_photo(tmp_path, sample_path)

    out, _ = run(str(path), "--dry-run")

    assert f"跳过 {path}/photo.jpg：压缩包内只导入 .txt 和 .docx 文件，已跳过。" in out
    assert Interview.objects.count() == 0


def test_dry_run_json_gives_a_skipped_member_a_status_and_keeps_the_transcripts_shape(tmp_path, sample_path):
    path = zip_with_a_photo(tmp_path, sample_path)

    out, _ = run(str(path), "--dry-run", "--json")

    transcript, skipped = json.loads(out)
    assert "status" not in transcript
    assert set(transcript) >= {"file", "title", "series", "region", "guests", "questions", "media_slots", "warnings"}
    assert skipped == {
        "file": f"{path}/photo.jpg",
        "status": "skipped",
        "warnings": [{"line": 0, "message": "压缩包内只导入 .txt 和 .docx 文件，已跳过。"}],
    }


def test_json_import_reports_a_skipped_member(tmp_path, sample_path):
    path = zip_with_a_photo(tmp_path, sample_path)

    out, _ = run(str(path), "--json")

    [created, skipped] = json.loads(out)
    assert created["status"] == "created" and created["slug"]
    assert skipped["status"] == "skipped"
    assert skipped["warnings"][0]["message"] == "压缩包内只导入 .txt 和 .docx 文件，已跳过。"
