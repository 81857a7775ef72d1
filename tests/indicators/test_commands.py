import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Observation


def test_extract_figures_json(sample_path, sample_text):
    out = io.StringIO()
    call_command("extract_figures", str(sample_path), "--json", stdout=out)
    rows = json.loads(out.getvalue())

    assert len(rows) == 25
    first = rows[0]
    assert set(first) >= {"metric", "value", "unit", "normalized_value", "normalized_unit", "year", "qualifier"}
    assert set(first) >= {"kind", "start", "end", "text"}
    assert (first["metric"], first["value"], first["unit"], first["year"]) == ("地区生产总值", "220", "亿元", 2012)
    assert first["normalized_value"] == "22000000000"
    assert sample_text[first["start"] : first["end"]] == first["text"] == "220亿元"


def test_extract_figures_text_output_reads_gb18030(tmp_path):
    path = tmp_path / "稿件.txt"
    path.write_bytes("实现减税降费7.55亿元。".encode("gb18030"))
    out = io.StringIO()

    call_command("extract_figures", str(path), stdout=out)

    assert "7.55亿元\t减税降费\t755000000元" in out.getvalue()
    assert "共 1 个数字" in out.getvalue()


@pytest.mark.django_db
def test_extract_figures_writes_nothing(sample_path):
    call_command("extract_figures", str(sample_path), stdout=io.StringIO())
    assert Observation.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("extract_figures", str(tmp_path / "none.txt"))


def test_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "稿件.txt"
    path.write_text("实现减税降费7.55亿元。", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)  # running as root, chmod would not stop the read
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("extract_figures", str(path), stdout=io.StringIO())
