import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.extraction import KIND_LABELS, extract_figures
from interviews.importing.decode import decode_bytes


class Command(BaseCommand):
    help = "列出文本文件中的全部数字（指标、数值、单位、年份、限定词、类型和字符位置），不写数据库。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="UTF-8 或 GB18030 编码的 .txt 文件")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="以 JSON 输出（数值为字符串，保证精度）"
        )

    def handle(self, *args, path, as_json: bool = False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            text = decode_bytes(file.read_bytes())
        except OSError as error:
            raise CommandError(f"无法读取文件：{path}（{error.strerror or error}）") from error
        except ValueError as error:
            raise CommandError(f"{path}：{error}") from error
        figures = extract_figures(text)
        if as_json:
            self.stdout.write(_dumps([_row(f) for f in figures]))
            return
        for f in figures:
            year = f"{f.year}年" if f.year else "—"
            self.stdout.write(
                f"{f.start}-{f.end}\t{f.text}\t{f.metric or '—'}\t{f.normalized_value:f}{f.normalized_unit}"
                f"\t{year}\t{f.qualifier or '—'}\t{KIND_LABELS[f.kind]}{'（目标）' if f.target else ''}"
            )
        self.stdout.write(f"共 {len(figures)} 个数字")


def _row(figure) -> dict:
    return {
        "metric": figure.metric,
        "value": f"{figure.value:f}",
        "unit": figure.unit,
        "normalized_value": f"{figure.normalized_value:f}",
        "normalized_unit": figure.normalized_unit,
        "year": figure.year,
        "qualifier": figure.qualifier,
        "kind": figure.kind,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "target": figure.target,
        "comparison": figure.comparison,
        "part_of_year": figure.part_of_year,
        "upper_value": None if figure.upper_value is None else f"{figure.upper_value:f}",
    }


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
