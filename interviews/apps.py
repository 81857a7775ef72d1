from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "访谈"

    def ready(self):
        # Public pages are cached until content changes (nanguan/page_cache.py).
        from nanguan import page_cache

        page_cache.connect_signals()
