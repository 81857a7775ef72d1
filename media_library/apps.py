from django.apps import AppConfig


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = "媒体库"

    def ready(self):
        from . import signals

        signals.connect()
