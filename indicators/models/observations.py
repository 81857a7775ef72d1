"""Observations: one figure of an indicator, quoted in an interview's answer or entered from a table."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interviews.models import Interview, Question, Region

from .. import extraction
from .indicators import Indicator


def figure_anchor(pk: int) -> str:
    """The id of a figure's highlight on its interview page, which the indicator pages link to."""
    return f"f{pk}"


class ObservationQuerySet(models.QuerySet):
    def public(self):
        """What visitors may see: what they see of a figure (``shown``), of a confirmed indicator."""
        return self.shown().filter(indicator__is_confirmed=True)

    def shown(self):
        """Confirmed, still found in its answer, from a published interview or none: what visitors see,
        or would once its indicator is confirmed (``public``)."""
        return self.filter(status=Observation.Status.CONFIRMED, span_lost=False).filter(
            models.Q(interview__isnull=True) | models.Q(interview__in=Interview.objects.published())
        )

    def for_display(self):
        return self.select_related("indicator", "region", "interview", "question")

    def highlighted(self):
        """Figures an interview page highlights in its answers (``indicators.templatetags.figures``):
        confirmed, of a confirmed indicator, with a place in the answer, by position. Dicts of only
        what the link shows: building instances of this wide model cost the page more than the query."""
        return (
            self.filter(status=Observation.Status.CONFIRMED, indicator__is_confirmed=True, span_start__isnull=False)
            .order_by("span_start")
            .values("id", "question_id", "span_start", "span_end", "span_text", "indicator__name", "indicator__code")
        )


# What a rate is compared with, as the 类型 column says it and a tabular figure is told by: 「年均」 or
# 「环比」, else "" for a rate of its year (「同比」「比上年」 or unsaid) and for any other figure;
# ``extraction.rate_note`` in SQL.
COMPARISON_BASIS = models.Case(
    models.When(comparison__in=extraction.NOT_YEARLY_COMPARISONS, then=models.F("comparison")),
    default=models.Value(""),
)


# What visitors see of a figure (the downloads' columns, the indicator pages, the highlight in its
# answer) and whether they see it at all (its status, and whether it is still found in its answer).
SHOWN_FIELDS = (
    "indicator_id",
    "region_id",
    "period",
    "part_of_year",
    "value",
    "unit",
    "qualifier",
    "kind",
    "comparison",
    "is_target",
    "source",
    "interview_id",
    "question_id",
    "span_start",
    "span_end",
    "span_text",
    "quote",
    "quote_start",
    "span_lost",
    "status",
)


class Observation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待核实"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已驳回"

    class Kind(models.TextChoices):
        LEVEL = extraction.LEVEL, "总量"
        GROWTH_RATE = extraction.GROWTH_RATE, "增速"
        SHARE = extraction.SHARE, "占比"
        COUNT = extraction.COUNT, "数量"
        CHANGE = extraction.CHANGE, "变化"

    class Qualifier(models.TextChoices):
        OVER = "超", "超过"
        BREAK = "突破", "突破"
        CUMULATIVE = "累计", "累计"
        ABOUT = "约", "约"
        REACH = "达", "达到"

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="observations")
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    period = models.PositiveSmallIntegerField(
        "年份", null=True, blank=True, help_text="数字所属的年份；原文没有时留空。"
    )
    part_of_year = models.CharField(
        "年内时段",
        max_length=10,
        blank=True,
        help_text="数字只属于一年中的一段时间时按原文填写，如「上半年」「一季度」「1-6月」；全年的数字留空。"
        "这样的数字不是全年的数值，不画入按年份的图表，也不作为地区的最新数值。",
    )
    value = models.DecimalField("数值", max_digits=20, decimal_places=4, help_text="原文写法，如「10万户」的 10。")
    unit = models.CharField("单位", max_length=12, help_text="原文写法，如「万户」「亿元」「%」。")
    # Computed from value and unit on save; blank so that validation before saving does not ask for them.
    normalized_value = models.DecimalField("标准化数值", max_digits=24, decimal_places=4, editable=False, blank=True)
    normalized_unit = models.CharField("标准单位", max_length=12, editable=False, blank=True)
    qualifier = models.CharField("限定词", max_length=4, choices=Qualifier.choices, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.LEVEL)
    is_target = models.BooleanField("目标值", default=False, help_text="「力争到2025年」之类的目标，而非实际完成数。")
    comparison = models.CharField(
        "比较基准",
        max_length=8,
        blank=True,
        help_text="增速与什么相比，按原文：「同比」「比上年」「环比」等；「年均」是多年的平均增速，「环比」是与上月或"
        "上季度相比，都不是当年的增速，不画入按年份的图表，也不作为地区的最新数值。",
    )
    metric_text = models.CharField("原文指标说法", max_length=100, blank=True)
    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.CASCADE, null=True, blank=True, related_name="observations"
    )
    question = models.ForeignKey(
        Question, verbose_name="问答", on_delete=models.CASCADE, null=True, blank=True, related_name="observations"
    )
    span_start = models.PositiveIntegerField("起始位置", null=True, blank=True, help_text="数字在回答中的字符位置。")
    span_end = models.PositiveIntegerField("结束位置", null=True, blank=True)
    span_text = models.CharField("原文数字", max_length=60, blank=True)
    quote = models.TextField("原句", blank=True)
    quote_start = models.PositiveIntegerField("原句位置", null=True, blank=True)
    span_lost = models.BooleanField(
        "原文已改动", default=False, help_text="回答修改后在原文中找不到这个数字，请核对后修改或驳回。"
    )
    source = models.CharField("来源", max_length=200, blank=True, help_text="非访谈数据的出处，如「2023年统计公报」。")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("核实时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    modified_at = models.DateTimeField(
        "公开内容修改时间",
        null=True,
        blank=True,
        editable=False,
        help_text="访客能看到的内容（数值、单位、年份、原句、核实状态等）最后一次变动的时间，开放数据的"
        "「更新时间」由它得出；从未确认过的数字为空。",
    )

    objects = ObservationQuerySet.as_manager()

    # A history record is looked up by its observation (``id``) and date only: the other indexes
    # the library would copy cost every imported figure an index entry each and serve no query.
    history = HistoricalRecords(
        verbose_name="指标数值修改记录",
        verbose_name_plural="指标数值修改记录",
        no_db_index=["indicator", "region", "interview", "question", "reviewed_by", "status"],
        excluded_fields=["modified_at"],  # each version has its own date; a restore sets a new time
    )

    class Meta:
        verbose_name = "指标数值"
        verbose_name_plural = "指标数值"
        ordering = ["indicator", "region", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "span_start"], condition=models.Q(question__isnull=False), name="unique_figure_span"
            ),
            # A tabular figure is one number of one source for a region, a year, a part of it and a
            # comparison basis: a 统计月报 gives 上半年 and 全年 (or 一季度 and 1-6月) figures of one
            # indicator side by side, and a quarter's 同比 and 环比 growth rates. No region or no year
            # is one value of the key, as the whole year is (the database would hold NULLs distinct, so
            # an undated figure could be stored twice and the import, which finds a figure by these
            # columns, could not tell which of them a row is).
            models.UniqueConstraint(
                "indicator",
                Coalesce("region", 0, output_field=models.IntegerField()),
                Coalesce("period", 0, output_field=models.IntegerField()),
                "part_of_year",
                COMPARISON_BASIS,
                "source",
                condition=models.Q(question__isnull=True),
                name="unique_tabular_observation",
                violation_error_message="这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字"
                "（当年的增速与年均、环比的增速是不同的数字）。",
            ),
            models.CheckConstraint(
                condition=models.Q(span_end__isnull=True) | models.Q(span_end__gt=models.F("span_start")),
                name="observation_span_forward",
            ),
        ]

    def __str__(self):
        where = f"{self.region.name} " if self.region_id else ""
        when = f"{self.period}年 " if self.period else ""
        return f"{where}{when}{self.indicator.name} {extraction.plain_number(self.value)}{self.unit}".strip()

    def save(self, *args, **kwargs):
        self.normalized_value, self.normalized_unit = extraction.normalize(self.value, self.unit)
        # A public figure moved to another indicator changes its old indicator's files too.
        moved_from = getattr(self, "_shown", {}).get("indicator_id", self.indicator_id)
        left_files = moved_from != self.indicator_id and Observation.objects.public().filter(pk=self.pk).exists()
        if self.note_shown_change() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "modified_at"]
        super().save(*args, **kwargs)
        self._remember_shown()
        if left_files:
            Indicator.objects.filter(pk=moved_from).update(files_changed_at=timezone.now())

    def clean(self):
        try:
            extraction.normalize(self.value or 0, self.unit)
        except ValueError:
            raise ValidationError(
                {"unit": f"不认识的单位「{self.unit}」，请写成元、万元、亿元、户、万人、%等。"}
            ) from None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_shown()
        return instance

    def _remember_shown(self) -> None:
        # Only what is loaded: reading a deferred field here would cost a query per row.
        self._shown = {name: self.__dict__[name] for name in SHOWN_FIELDS if name in self.__dict__}

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using, fields, from_queryset)
        # Reading one deferred field refreshes just that one: the others may hold unsaved changes.
        names = SHOWN_FIELDS if fields is None else {self._meta.get_field(name).attname for name in fields}
        refreshed = {name: self.__dict__[name] for name in SHOWN_FIELDS if name in names and name in self.__dict__}
        self._shown = {**getattr(self, "_shown", {}), **refreshed}

    @property
    def is_shown(self) -> bool:
        """Whether visitors see this figure as far as the figure itself decides (its interview must be
        published and its indicator confirmed too: ``ObservationQuerySet.public``)."""
        return self.status == self.Status.CONFIRMED and not self.span_lost

    def note_shown_change(self) -> bool:
        """Set ``modified_at`` to now if what visitors see of this figure changed since it was loaded or
        last saved, its entering or leaving their view included (confirmed, rejected, lost from its
        answer). A figure never confirmed changes nothing they see. Returns whether the time moved.

        Called by ``save()``; a bulk update, which calls no ``save()``, calls it for each row."""
        before = getattr(self, "_shown", None)
        if before is None and not self._state.adding:
            # Built rather than loaded (a version restored from history): compare with the stored row.
            before = Observation.objects.filter(pk=self.pk).values(*SHOWN_FIELDS).first()
        if before is None:
            changed, was_shown = True, False
        else:
            changed = any(
                name not in before or before[name] != self.__dict__[name]
                for name in SHOWN_FIELDS
                if name in self.__dict__
            )
            # A field not loaded (``only()``) may have made it shown: assume it was.
            confirmed = self.Status.CONFIRMED
            was_shown = before.get("status", confirmed) == confirmed and not before.get("span_lost", False)
        if changed and (was_shown or self.is_shown):
            self.modified_at = timezone.now()
            return True
        return False

    @property
    def direction(self) -> str:
        """For a change quoted from an interview, which way, as it was said (「压缩」「提高」); "" otherwise."""
        if self.kind != self.Kind.CHANGE or self.quote_start is None or self.span_start is None:
            return ""
        return extraction.change_verb(self.quote[: self.span_start - self.quote_start])

    @property
    def display_value(self) -> str:
        """The value as a reader should see it: 「压缩超过70%」, 「突破10万户」, 「495.7亿元」, and a growth
        rate that fell as it is said, 「下降2.1%」 (「超过-2.1%」 would say the opposite of 「下降超过2.1%」);
        an average annual or a month-on-month rate says so, 「年均8.1%」「环比1.2%」, and a figure of
        part of a year its part, 「上半年5%」「一季度120亿元」, lest it pass for the value of its year."""
        return f"{self.display_number}{self.unit}"

    @property
    def display_number(self) -> str:
        """``display_value`` without the unit, for pages that set the unit apart: 「下降2.1」."""
        qualifier = self.get_qualifier_display() if self.qualifier else ""
        direction, value = self.direction, self.value
        if self.kind == self.Kind.GROWTH_RATE and value < 0:
            direction, value = "下降", -value
        return f"{self.part_of_year}{self.rate_note}{direction}{qualifier}{extraction.plain_number(value)}"

    @property
    def rate_note(self) -> str:
        """「年均」 or 「环比」 for a rate that is no rate of its year, said with the figure wherever it is
        shown (``extraction.rate_note``), else ""."""
        return extraction.rate_note(self.comparison)

    @property
    def is_own_value(self) -> bool:
        """Whether this figure is its region's value of its indicator, of its year if dated: what the
        indicator's chart draws by year and what a region's latest figure may be (``views``). Not a
        rate or change about the indicator's amounts (``Indicator.own_kinds``), nor in another unit,
        nor a running total (「十年累计完成1200亿元」), a target (「力争到2025年」), an average over
        several years (「十年来年均增长9%」), a month-on-month rate (「环比增长1.2%」) or a figure of part
        of a year (「上半年同比增长5%」). Reads ``indicator``: select it with the figure."""
        indicator = self.indicator
        return (
            self.kind in indicator.own_kinds
            and self.normalized_unit == indicator.unit
            and self.qualifier != self.Qualifier.CUMULATIVE
            and not self.is_target
            and not self.rate_note
            and not self.part_of_year
        )

    @property
    def source_label(self) -> str:
        return self.interview.title if self.interview_id else self.source

    @property
    def anchor(self) -> str:
        return figure_anchor(self.pk)

    def source_url(self) -> str:
        """The interview page scrolled to the highlighted figure (or its question), or "" for tabular data."""
        if not self.interview_id:
            return ""
        if self.span_start is None and self.question_id:
            return f"{self.interview.get_absolute_url()}#{self.question.anchor}"
        return f"{self.interview.get_absolute_url()}#{self.anchor}"

    def review(self, status: str, *, by=None) -> None:
        """Confirm or reject; records who did it and when (``save()`` moves ``modified_at``)."""
        self.status = status
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at"])
