"""Indicators: what a figure measures (「地区生产总值」), with its unit, category and other names."""

import re
from datetime import datetime

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .. import extraction

# A rate indicator (「地区生产总值增速」) is named so by ``observing.indicator_for``.
RATE_NAME_ENDINGS = ("增速", "增幅", "增长率")
# Kinds that are values of an indicator of amounts itself (not a rate or change about it).
AMOUNT_KINDS = (extraction.LEVEL, extraction.COUNT, extraction.SHARE)
# A rate indicator has rates for its values: the growth rates quoted in interviews or imported from
# statistics tables, and a number entered by hand, which the admin's form files as a level by default.
RATE_KINDS = (extraction.GROWTH_RATE, extraction.LEVEL)


class IndicatorQuerySet(models.QuerySet):
    def with_file_dates(self):
        """Each indicator with ``records`` and the dates of ``Indicator.updated`` (``freshness``)."""
        from ..freshness import with_file_dates  # it reads these models

        return with_file_dates(self)


class Indicator(models.Model):
    class Category(models.TextChoices):
        ECONOMY = "economy", "经济发展"
        LIVELIHOOD = "livelihood", "民生保障"
        INNOVATION = "innovation", "科技创新"
        BUSINESS = "business", "营商环境"
        PARTY = "party", "党的建设"

    name = models.CharField("名称", max_length=60, unique=True, help_text="规范名称，如「地区生产总值」。")
    code = models.SlugField("代码", max_length=80, unique=True, help_text="用于网址和下载文件，如 gdp。")
    category = models.CharField("类别", max_length=12, choices=Category.choices, default=Category.ECONOMY)
    unit = models.CharField(
        "标准单位", max_length=12, help_text="换算后的单位，不带万/亿：元、户、人、%、个百分点、倍等。"
    )
    definition = models.TextField("定义", blank=True, help_text="向公众说明这个指标统计的是什么。")
    is_confirmed = models.BooleanField(
        "已确认", default=True, help_text="从访谈中自动提出的新指标未确认，确认前不在公开页面显示。"
    )
    found_how = models.TextField("发现经过", blank=True, help_text="自动提出时记录它是从哪句话中发现的。")
    files_changed_at = models.DateTimeField(
        "下载文件变动时间",
        null=True,
        blank=True,
        editable=False,
        help_text="这个指标的下载文件因指标本身变动的最后时间：名称、代码、类别、单位、定义或确认状态修改，或公开的数字"
        "改归其他指标。开放数据的「更新时间」取它与数字的修改、删除及引用访谈的发布、撤稿、下线时间中最晚的一个。",
    )

    objects = IndicatorQuerySet.as_manager()
    # A restore changes the files now, not when the version was made.
    history = HistoricalRecords(
        verbose_name="指标修改记录", verbose_name_plural="指标修改记录", excluded_fields=["files_changed_at"]
    )

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["category", "name"]

    def __str__(self):
        return self.name if self.is_confirmed else f"{self.name}（待确认）"

    def save(self, *args, **kwargs):
        from ..freshness import note_indicator_change  # it reads these models

        if note_indicator_change(self) and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "files_changed_at"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indicators:indicator_detail", kwargs={"code": self.code})

    @property
    def updated(self) -> datetime | None:
        """When this indicator's downloads last changed, or None (select it ``with_file_dates``)."""
        from ..freshness import latest_update

        return latest_update([self])

    @property
    def is_rate(self) -> bool:
        """Whether the indicator's values are rates: its name ends 增速/增幅/增长率."""
        name = re.sub(r"（[^（）]*）$", "", self.name)  # 「…增速（%）」 beside a namesake in another unit
        return name.endswith(RATE_NAME_ENDINGS)

    @property
    def own_kinds(self) -> tuple[str, ...]:
        """The kinds of figure that are values of the indicator itself: rates for a rate indicator, else
        levels, counts and shares (a growth rate filed under 城镇化率 is no value of it, though both are %)."""
        return RATE_KINDS if self.is_rate else AMOUNT_KINDS


class IndicatorAlias(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        "别名", max_length=60, unique=True, help_text="访谈中出现的其他说法，如「GDP」「生产总值」。"
    )

    class Meta:
        verbose_name = "别名"
        verbose_name_plural = "别名"
        ordering = ["indicator", "name"]

    def __str__(self):
        return self.name
