import io
import json

import pytest
from django.core.management import CommandError, call_command

from interviews.importing.loader import CREATED, UNCHANGED, save_interview
from interviews.importing.parser import parse_transcript
from interviews.models import Interview, Question, Region, Series

pytestmark = pytest.mark.django_db


def test_sample_import_links_seeded_region_and_creates_series(sample_text):
    result = save_interview(parse_transcript(sample_text), source_text=sample_text, source_name="sample.txt")

    interview = result.interview
    assert result.status == CREATED
    assert str(interview.region) == "长春市 › 南关区"
    assert (interview.series.name, interview.series.subtitle) == ("e起点赞长春这十年", "区县领导访谈")
    assert interview.kind == Interview.Kind.VIDEO
    assert interview.source_text == sample_text
    assert interview.questions.count() == 4
    assert interview.status == Interview.Status.DRAFT


def test_importing_the_same_text_twice_changes_nothing(sample_text):
    first = save_interview(parse_transcript(sample_text), source_text=sample_text)
    second = save_interview(parse_transcript(sample_text), source_text=sample_text.replace("\n", "\r\n"))

    assert second.status == UNCHANGED
    assert second.interview == first.interview
    assert (Interview.objects.count(), Question.objects.count(), Series.objects.count()) == (1, 4, 1)


def test_failure_midway_leaves_nothing(sample_text, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Question.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        save_interview(parse_transcript(sample_text), source_text=sample_text)

    assert Interview.objects.count() == 0
    assert Series.objects.count() == 0


def test_unknown_region_is_created_with_a_note():
    text = "【视频】某系列|访谈·新设区\n1.问?\n答。"
    result = save_interview(parse_transcript(text), source_text=text)

    assert result.interview.region.name == "新设区"
    assert any("新设区" in note for note in result.notes)


def test_command_imports_folder_and_prints_counts(sample_path, tmp_path):
    (tmp_path / "a.txt").write_bytes(sample_path.read_bytes())
    out = io.StringIO()

    call_command("import_interviews", str(tmp_path), stdout=out)
    call_command("import_interviews", str(tmp_path), stdout=out)

    assert "新建 1，未变 0，失败 0" in out.getvalue()
    assert "新建 0，未变 1，失败 0" in out.getvalue()
    assert Interview.objects.count() == 1


def test_command_publish_flag_makes_sample_public(sample_path):
    call_command("import_interviews", str(sample_path), "--publish", stdout=io.StringIO())

    assert Interview.objects.published().count() == 1


def test_dry_run_json_prints_parse_and_writes_nothing(sample_path, gold):
    out = io.StringIO()
    call_command("import_interviews", str(sample_path), "--dry-run", "--json", stdout=out)

    [report] = json.loads(out.getvalue())
    assert report["region"] == gold["district"]
    assert [len(q["points"]) for q in report["questions"]] == [q["points"] for q in gold["questions"]]
    assert set(report) >= {"title", "series", "region", "guests", "questions", "media_slots", "warnings"}
    assert Interview.objects.count() == 0
    assert Series.objects.count() == 0


def test_series_and_region_options_override_title(sample_path):
    call_command(
        "import_interviews", str(sample_path), "--series", "专题访谈", "--region", "朝阳区", stdout=io.StringIO()
    )

    interview = Interview.objects.get()
    assert (interview.series.name, interview.region.name) == ("专题访谈", "朝阳区")


def test_undecodable_file_fails_with_chinese_message_and_nonzero_exit(tmp_path, sample_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\x00binary\x00")
    (tmp_path / "good.txt").write_bytes(sample_path.read_bytes())
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_interviews", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert "bad.txt" in err.getvalue()
    assert Interview.objects.count() == 1  # the good file still imported


def test_gbk_file_imports(tmp_path, sample_text):
    path = tmp_path / "gbk.txt"
    path.write_bytes(sample_text.encode("gbk"))

    call_command("import_interviews", str(path), stdout=io.StringIO())

    assert Interview.objects.get().questions.count() == 4


def test_missing_path_is_a_command_error():
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_interviews", "/nonexistent/file.txt", stdout=io.StringIO())


def test_seeded_regions_have_changchun_parent():
    assert Region.objects.get(name="南关区").parent.name == "长春市"
