import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.importing.decode import DecodeError, decode_bytes
from interviews.importing.loader import CREATED, save_interview
from interviews.importing.parser import parse_transcript

SUPPORTED_SUFFIXES = {".txt"}


class Command(BaseCommand):
    help = "导入访谈稿件（.txt 文件或包含它们的文件夹）。同一稿件重复导入不会产生重复内容。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="稿件文件或文件夹")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入数据库")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="以 JSON 输出解析结果（配合 --dry-run）"
        )
        parser.add_argument("--series", default="", metavar="NAME", help="指定系列名称，覆盖标题中的系列")
        parser.add_argument("--region", default="", metavar="NAME", help="指定地区名称，覆盖标题中的地区")
        parser.add_argument("--publish", action="store_true", help="导入后立即发布（用于示例内容）")

    def handle(self, *args, paths, dry_run, as_json, series, region, publish, **options):
        files = list(self._collect(paths))
        counts = {"created": 0, "unchanged": 0, "failed": 0}
        report = []
        for path in files:
            try:
                text = decode_bytes(path.read_bytes())
            except (DecodeError, OSError) as error:
                counts["failed"] += 1
                report.append({"file": str(path), "error": str(error)})
                self.stderr.write(f"失败 {path}：{error}")
                continue
            parsed = parse_transcript(text)
            if dry_run:
                report.append({"file": str(path), **parsed.as_json()})
                if not as_json:
                    self.stdout.write(f"解析 {path}：{parsed.title}，{len(parsed.questions)} 个问题")
                    for warning in parsed.warnings:
                        self.stdout.write(f"  提示（第 {warning.line} 行）：{warning.message}")
                continue
            result = save_interview(
                parsed,
                source_text=text,
                source_name=path.name,
                series_name=series,
                region_name=region,
                publish=publish,
            )
            counts[result.status] += 1
            label = "新建" if result.status == CREATED else "未变"
            if not as_json:
                self.stdout.write(f"{label} {path}：{result.interview.title}")
                for note in result.notes:
                    self.stdout.write(f"  {note}")
            report.append({"file": str(path), "status": result.status, "slug": result.interview.slug})

        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if not dry_run and not as_json:
            self.stdout.write(
                f"共 {len(files)} 个文件：新建 {counts['created']}，未变 {counts['unchanged']}，失败 {counts['failed']}"
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} 个文件导入失败。")

    def _collect(self, paths):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
            elif path.exists():
                if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    raise CommandError(f"不支持的文件类型：{path}（支持 .txt）")
                yield path
            else:
                raise CommandError(f"找不到文件或文件夹：{path}")
