"""The interview and the rows that make up its page: questions, gallery, former addresses, search passages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from media_library.models import Image, Video

from ..structure import media_kind, paragraphs
from .places import Region, Series, unique_slug


class InterviewQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, publish time reached, not expired."""
        now = timezone.now()
        return self.filter(status=Interview.Status.PUBLISHED, published_at__lte=now).exclude(expires_at__lte=now)


class Interview(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", "视频"
        TEXT = "text", "文字"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    title = models.CharField("标题", max_length=200)
    slug = models.SlugField(
        "网址标识",
        max_length=120,
        unique=True,
        blank=True,
        help_text="新建时留空则由标题拼音自动生成；发布后请勿修改，否则已分享的链接会失效。",
    )
    series = models.ForeignKey(
        Series, verbose_name="系列", on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    summary = models.TextField("摘要", blank=True, help_text="列表页和分享时显示的一两句话。")
    source_text = models.TextField("原始稿件", blank=True, help_text="导入时的原文，原样保存，用于核对。")
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_url = models.URLField("来源网址", max_length=500, blank=True)
    content_hash = models.CharField(
        "内容指纹", max_length=64, blank=True, db_index=True, help_text="原始稿件的 SHA-256，用于识别重复导入。"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, help_text="到达此时间后公开。")
    expires_at = models.DateTimeField(
        "下线时间", null=True, blank=True, help_text="到达此时间后不再公开；留空表示长期有效。"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cover_image = models.ForeignKey(
        Image,
        verbose_name="封面图",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covered_interviews",
        help_text="列表中显示的图片；从媒体库中选择。",
    )
    video = models.ForeignKey(
        Video,
        verbose_name="视频",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        help_text="从媒体库中选择，显示在访谈页的视频位置。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = InterviewQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="访谈修改记录", verbose_name_plural="访谈修改记录", excluded_fields=["updated_at"]
    )

    class Meta:
        verbose_name = "访谈"
        verbose_name_plural = "访谈"
        ordering = ["-published_at", "-created_at"]
        # The importer looks an interview up by source URL or by series, region and title.
        indexes = [
            models.Index(fields=["source_url"], name="interview_source_url_idx"),
            models.Index(fields=["series", "region", "title"], name="interview_series_region_title"),
        ]
        permissions = [
            ("review_interview", "可以审核访谈（退回、重新编辑）"),
            ("publish_interview", "可以发布、定时发布、设置下线时间和撤回访谈"),
            ("override_proofreading", "可以填写理由放行严重的校对问题"),
            ("export_publish_log", "可以导出发布和撤稿记录"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"], condition=~models.Q(content_hash=""), name="unique_interview_content_hash"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(published_at__isnull=True)
                | models.Q(expires_at__gt=models.F("published_at")),
                name="interview_expires_after_publish",
                violation_error_message="下线时间必须晚于发布时间。",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Interview, self.title)
        super().save(*args, **kwargs)
        old_slug = getattr(self, "_saved_slug", None)
        if old_slug and old_slug != self.slug:
            # Links already shared keep working: the old address redirects to the new one.
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"interview": self})
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
        self._saved_slug = self.slug

    def get_absolute_url(self):
        return reverse("interviews:interview_detail", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        """What the interview is about, in a paragraph, for meta descriptions and feeds: the summary,
        else the first paragraph of its first answer (not a photo or video line), else "".
        Reads ``questions.all()``, so a list should prefetch them."""
        if summary := self.summary.strip():
            return summary
        for question in self.questions.all():
            for paragraph in paragraphs(question.answer):
                if not media_kind(paragraph):
                    return paragraph
        return ""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_slug = instance.__dict__.get("slug")
        return instance

    def images_missing_alt_text(self) -> list[Image]:
        """Images this interview shows (cover, gallery, video poster) that lack alt text and are not decorative."""
        shown = models.Q(covered_interviews=self) | models.Q(gallery_entries__interview=self)
        if self.video_id:
            shown |= models.Q(videos_with_poster=self.video_id)
        return list(Image.objects.missing_alt_text().filter(shown).distinct())

    def record_part_changed(self, *, by, reason: str) -> None:
        """Save that a part kept in other rows changed (its gallery, a question restored from history):
        a version naming ``by`` and ``reason``, and a new ``updated_at``, so that a change form opened
        before is refused (``workflow.stale_message`` names ``by``) and the pages say when. Callers lock
        the row first, before changing the part (``workflow.changed_since``, ``select_for_update``)."""
        self._history_user = by
        self._change_reason = reason[:100]
        self.save(update_fields=["updated_at"])

    def publish(self, *, by=None, at=None):
        """Make the interview public now (or at ``at``) and record the transition.

        The bare operation, without the review rules: the importer's ``--publish`` uses it.
        Editors and reviewers go through ``approve()``, which checks permissions, four-eyes and
        the pre-publish checks, then calls this. Refused while a shown image lacks alt text.
        """
        from ..workflow import record_transition

        if missing := self.images_missing_alt_text():
            raise ValidationError(alt_text_message(missing), code="missing_alt_text")

        with transaction.atomic():
            previous = self.status
            self.status = self.Status.PUBLISHED
            self.published_at = at or timezone.now()
            self.published_by = by
            if by is not None:
                self._history_user = by
            self._change_reason = "发布"
            self.save(update_fields=["status", "published_at", "published_by", "updated_at"])
            record_transition(self, "publish", previous, by=by)

    # Editorial transitions (interviews/workflow.py): each checks who may do it, changes the
    # state and records who, when, from, to and why in one transaction.
    def submit(self, *, by, note=""):
        from .. import workflow

        workflow.submit(self, by=by, note=note)

    def approve(self, *, by, at=None, expires_at=None, override_reason=""):
        from .. import workflow

        workflow.approve(self, by=by, at=at, expires_at=expires_at, override_reason=override_reason)

    def reject(self, *, by, reason):
        from .. import workflow

        workflow.reject(self, by=by, reason=reason)

    def withdraw(self, *, by, reason):
        from .. import workflow

        workflow.withdraw(self, by=by, reason=reason)

    def set_expiry(self, *, by, at, reason=""):
        from .. import workflow

        workflow.set_expiry(self, by=by, at=at, reason=reason)

    def reopen(self, *, by, reason=""):
        from .. import workflow

        workflow.reopen(self, by=by, reason=reason)


class SlugRedirect(models.Model):
    """An interview's former address, answered with a permanent redirect to its current one."""

    old_slug = models.SlugField("旧网址标识", max_length=120, unique=True)
    interview = models.ForeignKey(Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "旧网址跳转"
        verbose_name_plural = "旧网址跳转"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.interview.slug}"


class Question(models.Model):
    interview = models.ForeignKey(Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("问题", blank=True, help_text="没有提问的段落（如报道正文）可留空。")
    answer = models.TextField(
        "回答",
        blank=True,
        help_text="按段落换行输入。「一是……」「二是……」开头的段落显示为要点列表；单独一行「图片」表示插图位置。",
    )
    history = HistoricalRecords(verbose_name="问答修改记录", verbose_name_plural="问答修改记录")

    class Meta:
        verbose_name = "问答"
        verbose_name_plural = "问答"
        ordering = ["interview", "number"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "number"], name="unique_question_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:30]}"

    @property
    def anchor(self) -> str:
        return f"q{self.number}"


class SearchEntry(models.Model):
    """One searchable passage: an interview's heading (title, summary, guests) or one question and its answer.

    ``terms`` holds the passage cut into search terms (interviews.search_terms); the database's
    full-text index (SQLite FTS5 or PostgreSQL GIN, see migration 0006_search_index) is built over it.
    Rebuilt by ``interviews.search.index_interview`` whenever content is saved.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="search_entries")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    heading = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        ordering = ["interview", "question__number"]

    def __str__(self):
        return self.heading


class InterviewImage(models.Model):
    """An image in an interview's gallery; the gallery fills the transcript's 「图片」 slots in order."""

    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="gallery_entries"
    )
    image = models.ForeignKey(Image, verbose_name="图片", on_delete=models.PROTECT, related_name="gallery_entries")
    order = models.PositiveSmallIntegerField("顺序", default=0, help_text="按从小到大依次填入正文中的「图片」位置。")

    class Meta:
        verbose_name = "图集图片"
        verbose_name_plural = "图集"
        ordering = ["interview", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "image"], name="unique_gallery_image")]

    def __str__(self):
        return f"《{self.interview}》的图集"


def alt_text_message(images) -> str:
    titles = "、".join(f"「{image.title}」" for image in images)
    return f"以下图片缺少替代文字，请填写替代文字或标记为装饰性图片后再发布：{titles}。"
