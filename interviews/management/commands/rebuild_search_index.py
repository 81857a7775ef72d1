from django.core.management.base import BaseCommand

from interviews.models import Interview
from interviews.search import index_interview


class Command(BaseCommand):
    help = "重建全部访谈的搜索索引（升级或批量修改数据后使用）。"

    def handle(self, *args, **options):
        count = 0
        for interview in Interview.objects.iterator():
            index_interview(interview)
            count += 1
        self.stdout.write(f"已重建 {count} 篇访谈的搜索索引。")
