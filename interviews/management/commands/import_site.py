from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.backup import BackupError, import_site


class Command(BaseCommand):
    help = "把 export_site 导出的备份导入到空数据库（先运行 migrate）。导入的账号没有密码，需用 changepassword 设置。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="export_site 生成的 zip 备份文件")

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 {archive}。")
        try:
            summary = import_site(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(summary.rows.values())
        self.stdout.write(self.style.SUCCESS(f"已导入 {rows} 条记录、{summary.files} 个文件。"))
        if summary.kept_users:
            self.stdout.write(
                f"已有账号保持不变：{'、'.join(summary.kept_users)}（密码、状态和所属组都未按备份修改）。"
            )
        if summary.kept_groups:
            self.stdout.write(f"已有用户组保持本库的权限设置：{'、'.join(summary.kept_groups)}。")
        self.stdout.write("导入的账号没有密码：请用 python manage.py changepassword 用户名 为需要登录的人设置。")
