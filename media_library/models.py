import uuid
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, URLValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import renditions
from .validators import ImageUpload, inspect_image


def _random_name(folder: str, filename: str) -> str:
    # The extension comes from the detected type (validators name uploads upload.<ext>), never from the editor.
    return f"{folder}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


def image_upload_to(instance, filename):
    return _random_name("images", filename)


def rendition_upload_to(instance, filename):
    return _random_name("renditions", filename)


def video_upload_to(instance, filename):
    return _random_name("videos", filename)


def captions_upload_to(instance, filename):
    return _random_name("captions", "captions.vtt")


class MediaUsage(models.Model):
    """Reads shared by images and videos: where a media item is used, from the relations that point at it."""

    class Meta:
        abstract = True

    # Relations that belong to the media item itself rather than being a use of it.
    owned_relations: tuple[str, ...] = ()

    def usages(self) -> list[str]:
        """Where this item is used, e.g. ["访谈（封面图）：南关区访谈", …], for refusing a delete and for editors."""
        found = []
        for relation in self._meta.related_objects:
            if relation.related_name in self.owned_relations or relation.many_to_many:
                continue
            for obj in relation.related_model._base_manager.filter(**{relation.field.name: self}):
                found.append(f"{relation.related_model._meta.verbose_name}（{relation.field.verbose_name}）：{obj}")
        return found


class ImageQuerySet(models.QuerySet):
    def missing_alt_text(self):
        """Images that are not decorative and have no alt text: they may not appear on a published page."""
        return self.filter(decorative=False, alt_text="")

    def from_upload(self, upload, **fields) -> tuple["Image", bool]:
        """The library's image with these bytes, or a new one made from ``upload``: (image, created).

        Raises ValidationError (in Chinese) for anything but a safe JPEG/PNG/WebP/GIF within the limits.
        """
        return self.from_accepted(inspect_image(upload), getattr(upload, "name", ""), **fields)

    def from_accepted(self, accepted: ImageUpload, name: str = "", **fields) -> tuple["Image", bool]:
        """Like ``from_upload`` for an upload ``inspect_image`` has already accepted (a batch checks
        every file before saving any); ``name`` is the uploaded file's name, for the title."""
        existing = self.filter(file_hash=accepted.sha256).first()
        if existing:
            return existing, False
        fields.setdefault("title", PurePosixPath(name or "图片").stem[:200])
        image = self.model(**fields)
        image.set_file(accepted)
        image.save()
        return image, True


class Image(MediaUsage):
    """A picture in the library: uploaded once, described once, used by any number of interviews."""

    file = models.FileField("图片文件", upload_to=image_upload_to, max_length=200)
    title = models.CharField("标题", max_length=200, help_text="便于在媒体库中查找，不公开显示。")
    alt_text = models.CharField(
        "替代文字",
        max_length=300,
        blank=True,
        help_text="向看不到图片的读者说明图片内容，如「南关区委书记在长春市南关区融媒体中心接受采访」。"
        "含有图片的访谈在填写替代文字前不能发布。",
    )
    decorative = models.BooleanField(
        "装饰性图片", default=False, help_text="纯装饰、不传达信息的图片可勾选此项，不需要替代文字。"
    )
    caption = models.CharField("图片说明", max_length=300, blank=True, help_text="显示在图片下方。")
    credit = models.CharField(
        "摄影/来源", max_length=100, blank=True, help_text="如「摄影：张三」或「南关区融媒体中心」。"
    )
    focal_x = models.PositiveSmallIntegerField(
        "焦点横向位置（%）",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="裁剪时保留的重点位置：0 为最左，100 为最右。",
    )
    focal_y = models.PositiveSmallIntegerField(
        "焦点纵向位置（%）", default=50, validators=[MaxValueValidator(100)], help_text="0 为最上，100 为最下。"
    )
    width = models.PositiveIntegerField("宽度（像素）", editable=False, default=0)
    height = models.PositiveIntegerField("高度（像素）", editable=False, default=0)
    file_size = models.PositiveBigIntegerField("文件大小（字节）", editable=False, default=0)
    file_hash = models.CharField(
        "文件指纹", max_length=64, editable=False, db_index=True, help_text="上传文件的 SHA-256，用于发现重复上传。"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ImageQuerySet.as_manager()
    owned_relations = ("renditions",)

    history = HistoricalRecords(verbose_name="图片修改记录", verbose_name_plural="图片修改记录")

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["file_hash"], condition=~models.Q(file_hash=""), name="unique_image_file"),
        ]

    def __str__(self):
        return self.title

    def get_admin_url(self):
        return reverse("admin:media_library_image_change", args=[self.pk])

    @property
    def needs_alt_text(self) -> bool:
        return not self.decorative and not self.alt_text.strip()

    @property
    def alt(self) -> str:
        """The alt attribute: empty for decorative images."""
        return "" if self.decorative else self.alt_text

    def set_file(self, accepted: ImageUpload) -> None:
        """Take an accepted upload as this image's file (saved with the model)."""
        self.file = accepted.content
        self.width, self.height = accepted.width, accepted.height
        self.file_size, self.file_hash = accepted.size, accepted.sha256

    def renditions_for(self, preset_name: str, fmt: str) -> list["Rendition"]:
        """This image's renditions for a preset in one format, smallest first, made now if missing."""
        specs = renditions.PRESETS[preset_name].specs(self.width, self.height, fmt)
        made = self._renditions_by_key()
        missing = [spec for spec in specs if spec.key not in made]
        if missing:
            for rendition in self._make_renditions(missing):
                made[rendition.spec] = rendition
        return [made[spec.key] for spec in specs]

    def _renditions_by_key(self) -> dict[str, "Rendition"]:
        # Uses prefetch_related("renditions") when the caller did it; kept on the instance for later calls.
        if not hasattr(self, "_rendition_cache"):
            self._rendition_cache = {r.spec: r for r in self.renditions.all()}
        return self._rendition_cache

    def _make_renditions(self, specs: list[renditions.Spec]) -> list["Rendition"]:
        with self.file.storage.open(self.file.name, "rb") as source_file:
            needed = renditions.source_size_needed(specs, (self.width, self.height))
            source = renditions.open_oriented(source_file.read(), at_least=needed)
        focal = (self.focal_x / 100, self.focal_y / 100)
        made = []
        for spec in specs:
            data, width, height = renditions.render(source, spec, focal)
            made.append(Rendition.store(self, spec, data, width, height))
        return made

    def clear_renditions(self) -> None:
        """Drop every rendition (their files go after commit), e.g. when the focal point moves."""
        for rendition in self.renditions.all():
            rendition.delete()
        self.__dict__.pop("_rendition_cache", None)


class Rendition(models.Model):
    """A stored resized copy of an image; one per (image, spec), made on first use."""

    image = models.ForeignKey(Image, verbose_name="图片", on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField("规格", max_length=40)
    file = models.FileField("文件", upload_to=rendition_upload_to, max_length=200)
    width = models.PositiveIntegerField("宽度")
    height = models.PositiveIntegerField("高度")

    class Meta:
        verbose_name = "图片规格"
        verbose_name_plural = "图片规格"
        ordering = ["image", "spec"]
        constraints = [models.UniqueConstraint(fields=["image", "spec"], name="unique_rendition_spec")]

    def __str__(self):
        return f"{self.image} {self.spec}"

    @property
    def url(self) -> str:
        return self.file.url

    @classmethod
    def store(cls, image: Image, spec: renditions.Spec, data: bytes, width: int, height: int) -> "Rendition":
        rendition = cls(image=image, spec=spec.key, width=width, height=height)
        rendition.file.save(f"r.{spec.extension}", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                rendition.save()
        except IntegrityError:
            # Another request made the same rendition meanwhile: use theirs, drop our file.
            rendition.file.storage.delete(rendition.file.name)
            return cls.objects.get(image=image, spec=spec.key)
        return rendition


class Video(MediaUsage):
    """A video: an uploaded MP4/WebM file, or a link to a player page on another site."""

    title = models.CharField("标题", max_length=200)
    file = models.FileField(
        "视频文件", upload_to=video_upload_to, max_length=200, blank=True, help_text="MP4 或 WebM 格式。"
    )
    external_url = models.URLField(
        "外部视频网址",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="视频发布在其他网站（如新闻网站的播放页）时填写；与视频文件二选一。",
    )
    poster = models.ForeignKey(
        Image,
        verbose_name="封面图",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="videos_with_poster",
        help_text="播放前显示的画面；从媒体库中选择。",
    )
    captions = models.FileField(
        "字幕文件",
        upload_to=captions_upload_to,
        max_length=200,
        blank=True,
        help_text="WebVTT（.vtt）格式的中文字幕，供听障读者使用。",
    )
    description = models.TextField("简介", blank=True)
    mime_type = models.CharField("文件类型", max_length=30, editable=False, blank=True)
    duration = models.DurationField(
        "时长", null=True, blank=True, help_text="上传视频文件时自动读取；读取不到时可手工填写，如 0:25:30。"
    )
    file_size = models.PositiveBigIntegerField("文件大小（字节）", editable=False, default=0)
    file_hash = models.CharField("文件指纹", max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords(verbose_name="视频修改记录", verbose_name_plural="视频修改记录")

    class Meta:
        verbose_name = "视频"
        verbose_name_plural = "视频"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["file_hash"], condition=~models.Q(file_hash=""), name="unique_video_file"),
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(external_url=""))
                | (~models.Q(file="") & models.Q(external_url="")),
                name="video_file_or_external_url",
                violation_error_message="请上传视频文件或填写外部视频网址（二选一）。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_admin_url(self):
        return reverse("admin:media_library_video_change", args=[self.pk])

    @property
    def is_external(self) -> bool:
        return not self.file and bool(self.external_url)

    @property
    def external_host(self) -> str:
        return urlsplit(self.external_url).hostname or ""
