import json
import os
from collections import Counter, deque
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from interviews.importing.batch import (
    BATCH_SIZE,
    CONFLICT,
    FAILED,
    LABELS,
    PROCESSES,
    SKIPPED,
    Options,
    WorkersLost,
    import_many,
    region_names,
)
from interviews.importing.decode import MAX_TEXT_BYTES, format_size
from interviews.importing.parser import parse_transcript
from interviews.importing.sources import MAX_ARCHIVE_BYTES, SUPPORTED_SUFFIXES, SourceFile, read_source, suffix
from interviews.importing.transcripts import Transcript
from nanguan.processes import freeze_loaded_objects


class Command(BaseCommand):
    help = (
        "导入访谈稿件（.txt、.docx、.zip 文件或包含它们的文件夹）。同一稿件重复导入不会产生重复内容；"
        "已有访谈的新版本报告为冲突，加 --update 才覆盖。压缩包内的其他文件（图片、PDF 等）注明跳过，不算失败。"
        "有文件失败时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="稿件文件或文件夹")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入数据库")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="以 JSON 输出解析结果（配合 --dry-run）"
        )
        parser.add_argument("--series", default="", metavar="NAME", help="指定系列名称，覆盖标题中的系列")
        parser.add_argument("--region", default="", metavar="NAME", help="指定地区名称，覆盖标题中的地区")
        parser.add_argument("--publish", action="store_true", help="导入后立即发布（用于示例内容）")
        parser.add_argument("--update", action="store_true", help="稿件与已有访谈冲突时，用新稿覆盖已有访谈")
        parser.add_argument(
            "--no-convert", action="store_false", dest="convert", help="不把繁体字转换为简体（默认转换）"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(PROCESSES, os.cpu_count() or 1),
            metavar="N",
            help=f"同时使用的进程数：其余进程解析后面的稿件，本进程写入数据库（默认 {PROCESSES}，单核机器为 1）",
        )

    def handle(self, *args, paths, dry_run, as_json, series, region, publish, update, convert, jobs, **options):
        files = list(self._collect(paths))
        freeze_loaded_objects()
        counts = Counter()
        options = Options(convert=convert, update=update, series_name=series, region_name=region, publish=publish)
        report = []
        # A progress bar helps on a terminal with thousands of files; piped output stays plain lines.
        self.bar = tqdm(
            total=len(files), unit="个文件", file=self.stderr._out, disable=as_json or not self.stderr.isatty()
        )
        if dry_run:
            regions = region_names()  # as the import would recognise them
            for path in files:
                for source in self._read(path):
                    label = str(path.parent / source.name)
                    if source.skipped:
                        counts[SKIPPED] += 1
                        self._skip(label, source.skipped, report, as_json=as_json)
                        continue
                    transcript = None
                    if not source.error:
                        parsed = parse_transcript(source.text, convert=convert, regions=regions)
                        # The series and region the import would save: those given here, else the title's.
                        transcript = Transcript(parsed, source.text, series_name=series, region_name=region)
                    # What the import would refuse (unreadable, or texts longer than their columns) fails here too.
                    if error := source.error or " ".join(transcript.overlong()):
                        counts[FAILED] += 1
                        report.append({"file": label, "error": error})
                        self._say(f"失败 {label}：{error}", error=True)
                        continue
                    names = {"series": transcript.series_name, "region": transcript.region_name}
                    report.append({"file": label, **parsed.as_json(), **names})
                    if not as_json:
                        self._say(f"解析 {label}：{parsed.title}，{len(parsed.questions)} 个问题")
                        for warning in parsed.warnings:
                            self._say(f"  提示（第 {warning.line} 行）：{warning.message}")
                self.bar.update(1)
        else:
            # Outcomes come back in the order of the sources; each source's label waits here for its outcome.
            labels: deque[tuple[str, bool]] = deque()  # (label, whether it is the file's last transcript)
            # Worker processes take a moment to start: worth it from the second batch of files on.
            processes = jobs if len(files) > BATCH_SIZE else 1
            try:
                for outcome in import_many(self._sources(files, labels), options, processes=processes):
                    label, last_of_file = labels.popleft()
                    counts[outcome.status] += 1
                    problem = outcome.status in (FAILED, CONFLICT)
                    if outcome.status == SKIPPED:
                        self._skip(label, " ".join(outcome.messages), report, as_json=as_json)
                    elif outcome.status == FAILED:
                        report.append({"file": label, "error": " ".join(outcome.messages)})
                        self._say(f"失败 {label}：{' '.join(outcome.messages)}", error=True)
                    else:
                        if not as_json:
                            self._say(f"{outcome.label} {label}：{outcome.interview.title}", error=problem)
                            for note in outcome.messages:
                                self._say(f"  {note}", error=problem)
                        report.append({"file": label, "status": outcome.status, "slug": outcome.interview.slug})
                    self.bar.update(last_of_file)
            except WorkersLost as error:  # what was saved is whole; the rest is said, then a rerun
                self.bar.close()
                raise CommandError(str(error)) from error
        self.bar.close()

        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if not dry_run and not as_json:
            total = sum(counts.values())
            # 新建/未变/失败 first: the order scripts parsed before 更新/冲突 existed; 跳过 came last.
            order = ["created", "unchanged", "failed", "updated", "conflict", "skipped"]
            summary = "，".join(f"{LABELS[status]} {counts[status]}" for status in order)
            self.stdout.write(f"共 {total} 个文件：{summary}")
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} 个文件导入失败。")

    def _skip(self, label: str, note: str, report: list, *, as_json: bool) -> None:
        """A zip member that is not a transcript: said and reported, but not a failure."""
        # In JSON an entry of its own, with a status as the import's entries have and the note as a
        # whole-file warning, so the transcripts' entries keep their keys.
        report.append({"file": label, "status": SKIPPED, "warnings": [{"line": 0, "message": note}]})
        if not as_json:
            self._say(f"{LABELS[SKIPPED]} {label}：{note}")

    def _say(self, message: str, *, error: bool = False) -> None:
        stream = self.stderr if error else self.stdout
        if self.bar.disable:
            stream.write(message)
        else:
            self.bar.write(message, file=stream._out)

    def _sources(self, files: list[Path], labels: deque):
        """Every transcript of the files, read one file at a time; its label is queued in ``labels``."""
        for path in files:
            sources = self._read(path)
            if not sources:
                self.bar.update(1)
            for index, source in enumerate(sources):
                labels.append((str(path.parent / source.name), index == len(sources) - 1))
                yield source

    def _read(self, path: Path) -> list[SourceFile]:
        """The file's transcripts; checks the size before reading so a huge file is never loaded."""
        limit = MAX_TEXT_BYTES if suffix(path.name) == ".txt" else MAX_ARCHIVE_BYTES
        try:
            size = path.stat().st_size
            if size > limit:
                return [
                    SourceFile(path.name, error=f"文件过大（{format_size(size)}），不能超过 {format_size(limit)}。")
                ]
            return read_source(path.name, path.read_bytes())
        except OSError as error:
            return [SourceFile(path.name, error=f"无法读取文件：{error.strerror or error}")]

    def _collect(self, paths):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                yield from sorted(
                    p
                    for p in self._walk(path)
                    # Word's lock files (~$…) and macOS resource forks (._…) are not transcripts.
                    if p.is_file() and suffix(p.name) in SUPPORTED_SUFFIXES and not p.name.startswith(("~$", "._"))
                )
            elif path.exists():
                if suffix(path.name) not in SUPPORTED_SUFFIXES:
                    raise CommandError(f"不支持的文件类型：{path}（支持 .txt、.docx、.zip）")
                yield path
            else:
                raise CommandError(f"找不到文件或文件夹：{path}")

    def _walk(self, folder: Path):
        """Every file under ``folder``; a folder that cannot be read is an error, not an empty folder."""

        def refuse(error: OSError):
            raise CommandError(f"无法读取文件夹：{error.filename}（{error.strerror or error}）")

        for root, _, names in os.walk(folder, onerror=refuse):
            yield from (Path(root) / name for name in names)
