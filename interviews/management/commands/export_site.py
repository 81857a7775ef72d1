from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.backup import BackupError, export_site


class Command(BaseCommand):
    help = "把全站内容（访谈、指标、数值、媒体文件及其信息、账号角色，不含密码）导出为一个 zip 备份文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份文件路径，例如 backups/site-2026-11-27.zip")

    def handle(self, *args, archive, **options):
        if archive.exists():
            raise CommandError(f"{archive} 已存在；为免覆盖旧备份，请换一个文件名。")
        try:
            summary = export_site(archive)
        except BackupError as error:
            archive.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        rows = sum(summary.rows.values())
        self.stdout.write(self.style.SUCCESS(f"已导出 {rows} 条记录、{summary.files} 个文件到 {archive}。"))
