"""Where and in which series interviews appear: regions (a city and its districts) and series; the
pinyin slugs they and interviews get."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..slugs import pinyin_slug


class RegionQuerySet(models.QuerySet):
    def with_public_interviews(self, *, also: "Region | None" = None):
        """Regions with published interviews in them or in their sub-regions, as a region's page lists
        them (a city through its districts); ``also`` is kept whatever it holds (an active filter)."""
        from .interviews import Interview

        published = Interview.objects.published()
        condition = models.Q(interviews__in=published) | models.Q(children__interviews__in=published)
        if also is not None:
            condition |= models.Q(pk=also.pk)
        return self.filter(condition).distinct()

    def with_public_totals(self):
        """Regions annotated with ``total``: published interviews in them or in their sub-regions, as
        a region's page lists them (two disjoint sets, so the counts add up)."""
        from .interviews import Interview

        published = Interview.objects.published()
        return self.annotate(
            total=models.Count("interviews", filter=models.Q(interviews__in=published), distinct=True)
            + models.Count("children__interviews", filter=models.Q(children__interviews__in=published), distinct=True)
        )


class Region(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "市"
        DISTRICT = "district", "区"
        COUNTY = "county", "县"
        DEVELOPMENT_ZONE = "zone", "开发区"

    name = models.CharField("名称", max_length=50, unique=True, help_text="如「南关区」，与访谈标题中的写法一致。")
    slug = models.SlugField(
        "网址标识",
        max_length=80,
        unique=True,
        blank=True,
        help_text="用于网址，如 nanguanqu；新建时留空则由名称拼音自动生成。",
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="如南关区的上级是长春市。",
    )
    renamed_at = models.DateTimeField(
        "名称修改时间",
        null=True,
        blank=True,
        editable=False,
        help_text="名称最后一次修改的时间。指标数据的下载文件写有地区名称，开放数据的「更新时间」据此随之变动。",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["parent__name", "name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Region, self.name)
        # The figure downloads name the region: a new name dates them (indicators.freshness).
        saved_name = getattr(self, "_saved_name", None)
        if saved_name is not None and saved_name != self.name:
            self.renamed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "renamed_at"]
        super().save(*args, **kwargs)
        self._saved_name = self.name

    def get_absolute_url(self):
        return reverse("interviews:region_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_name = instance.__dict__.get("name")
        return instance


class Series(models.Model):
    name = models.CharField("系列名称", max_length=100, unique=True, help_text="如「e起点赞长春这十年」。")
    subtitle = models.CharField("副标题", max_length=100, blank=True, help_text="如「区县领导访谈」。")
    slug = models.SlugField(
        "网址标识", max_length=80, unique=True, blank=True, help_text="新建时留空则由名称拼音自动生成。"
    )
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "系列"
        verbose_name_plural = "系列"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} · {self.subtitle}" if self.subtitle else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Series, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("interviews:series_detail", kwargs={"slug": self.slug})


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    """A pinyin slug for ``text`` that no row of ``model`` uses yet."""
    return unique_slugs(model, [pinyin_slug(text, max_length=max_length)])[0]


def unique_slugs(model, bases: list[str]) -> list[str]:
    """For each pinyin slug (``pinyin_slug``), one that no row of ``model`` uses yet, all different.

    One query when the slugs are free; a taken one gets ``-2``, ``-3``…
    """
    bases = [base or model._meta.model_name for base in bases]
    taken = set(model.objects.filter(slug__in=bases).values_list("slug", flat=True)) if bases else set()
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken or (slug != base and model.objects.filter(slug=slug).exists()):
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
