"""People and their appearances (guest or host, with the position at the time) in interviews."""

from django.db import models
from simple_history.models import HistoricalRecords

from .interviews import Interview


class Person(models.Model):
    name = models.CharField("姓名", max_length=50)
    note = models.CharField(
        "备注", max_length=200, blank=True, help_text="区分同名人员时填写，如「曾任南关区区长」。不公开显示。"
    )
    history = HistoricalRecords(verbose_name="人物修改记录", verbose_name_plural="人物修改记录")

    class Meta:
        verbose_name = "人物"
        verbose_name_plural = "人物"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Appearance(models.Model):
    """A person's part in one interview, with the position they held at the time."""

    class Role(models.TextChoices):
        GUEST = "guest", "嘉宾"
        HOST = "host", "主持人"

    interview = models.ForeignKey(Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="appearances")
    person = models.ForeignKey(Person, verbose_name="人物", on_delete=models.PROTECT, related_name="appearances")
    position = models.CharField("职务", max_length=200, blank=True, help_text="访谈时的职务，如「南关区委书记」。")
    role = models.CharField("身份", max_length=10, choices=Role.choices, default=Role.GUEST)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    history = HistoricalRecords(verbose_name="出场人物修改记录", verbose_name_plural="出场人物修改记录")

    class Meta:
        verbose_name = "出场人物"
        verbose_name_plural = "出场人物"
        ordering = ["interview", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "person", "role"], name="unique_appearance_per_role"),
        ]

    def __str__(self):
        return f"{self.position} {self.person.name}".strip()
