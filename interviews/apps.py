from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "访谈内容"  # not 「访谈」, its main model: 「访谈 › 访谈」 read as a page linking to itself

    def ready(self):
        # Public pages are cached until content changes (nanguan/page_cache.py).
        from nanguan import page_cache

        page_cache.connect_signals()
