import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "确保存在一个管理员账号；没有时创建 admin 账号并打印一次随机生成的密码。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("已有管理员账号，未做修改。忘记密码可运行：python manage.py changepassword 用户名")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"已创建管理员账号 {username}，密码：{password}（只显示这一次，请妥善保存）")
        )
