"""Tabular import/export (CSV, XLSX, JSON) of indicators and observations, with Chinese column names.

A statistics-office sheet has the columns 地区, 指标, 年份, 数值, 单位, 来源; 指标 may be an
indicator's name, alias or code. 地区 and 年份 may be empty, as the admin lets a figure be entered
without them: such a figure is found by its empty cells like any other (the tabular constraint holds
an empty region or year as one value), so it exports and imports back as itself. The site's own
download (``downloads.CSV_COLUMNS``) imports too: its rows with a 来源链接 are figures quoted in
interviews and are skipped. Imported rows count as reviewed by the importing editor. An optional
类型 column says what a number is, as the download writes it (``downloads.kind_label``): 「增速」
「增速（年均）」「总量（上半年）」「增速（一季度环比）」; without
it, or with the cell empty, a new row is a level, or a growth rate if its indicator is a rate
(``Indicator.is_rate``: 地区生产总值增速), as an extracted one would be. The part of the year and the
年均 or 环比 in 类型 are among the columns a row's figure is found by (``import_id_fields``), so a
上半年 figure and its whole year's, or a quarter's 同比 and 环比 rates, of one source, are two.
Optional 限定词 and 是否目标 columns are read as the download writes them too (「超过」, 「是」 or
「否」); empty, they leave a figure as it is. A file with any invalid row is reported row by row and
saves nothing (the whole import is one transaction). A text cell the download wrote with a leading
"'" to keep a spreadsheet from running it as a formula (``nanguan.spreadsheets``) is read back
without it. The admin's export writes the columns read here, as the download writes them and in its
order, so an exported file imports back unchanged.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from interviews.models import Region
from interviews.templatetags.site_tags import absolute
from nanguan.spreadsheets import from_text_cell, text_cell

from .downloads import (
    CSV_COLUMNS,
    kind_label,
    parse_kind_label,
    parse_qualifier_label,
    parse_target_label,
    qualifier_label,
    target_label,
)
from .extraction import plain_number
from .models import COMPARISON_BASIS, Indicator, IndicatorAlias, Observation

# The text columns of a tabular row, which the download may have written with a leading "'".
TEXT_COLUMNS = ("地区", "指标", "单位", "来源", "类型")
KIND_COLUMN = "类型"
LINK_COLUMN = "来源链接"
# What a row says of its figure, besides which figure it is: two rows of one figure must agree on them.
SAID_FIELDS = ("value", "unit", "kind", "qualifier", "is_target")


class IndicatorWidget(widgets.ForeignKeyWidget):
    """An indicator by name, alias or code."""

    def __init__(self):
        super().__init__(Indicator, field="name")

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            raise ValueError("「指标」不能为空。")
        indicator = (
            Indicator.objects.filter(name=name).first()
            or Indicator.objects.filter(aliases__name=name).first()
            or Indicator.objects.filter(code=name).first()
        )
        if indicator is None:
            raise ValueError(f"没有名为「{name}」的指标，请先在「指标」中添加它，或给已有指标加上这个别名。")
        return indicator


class RegionWidget(widgets.ForeignKeyWidget):
    """A region by name; an empty cell is a figure of no region, as one entered in the admin may be."""

    def __init__(self):
        super().__init__(Region, field="name")

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        region = Region.objects.filter(name=name).first()
        if region is None:
            raise ValueError(f"没有名为「{name}」的地区，请先在「地区」中添加。")
        return region


class NumberWidget(widgets.Widget):
    """Decimal from text such as 「495.7」「1,200」; never through float."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").replace(",", "").strip()
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"「{value}」不是数字。") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else plain_number(value)


class YearWidget(widgets.Widget):
    """A year, 「2021」 or 「2021年」; an empty cell is an undated figure (「累计1200亿元」 of a 十年回顾)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().removesuffix("年")
        if not text:
            return None
        if text.endswith(".0"):  # spreadsheet programs store 2021 as 2021.0
            text = text[:-2]
        if not (text.isdecimal() and 1949 <= int(text) <= 2100):
            raise ValueError(f"「{value}」不是年份（如 2021）。")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class KindField(fields.Field):
    """The download's 类型 column: a figure's kind, the part of its year and 年均/环比 in one label,
    「增速（一季度环比）」. An empty cell, or no column, leaves them as they are."""

    def __init__(self):
        super().__init__(attribute="kind", column_name=KIND_COLUMN)

    def get_value(self, instance):
        # The label, not the kind alone: the preview shows it and an unchanged row is told by it.
        return kind_label(
            instance.kind,
            part_of_year=instance.part_of_year,
            comparison=instance.comparison,
            direction=instance.direction,
        )

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if not text:
            return
        label = parse_kind_label(text)
        if label.direction:
            # Only a figure quoted in an interview has one, read from its sentence.
            raise ValueError(f"「{text}」：变化的方向只来自访谈原句，表格数据请写「变化」。")
        instance.kind = label.kind
        # A figure is found by its part of the year and its 年均 or 环比 (``KindKeyField``): these only
        # set them on a new one, and 「增速」 leaves the 同比 or 比上年 a figure was entered with.
        instance.part_of_year = label.part_of_year
        if label.rate_note:
            instance.comparison = label.rate_note


class LabelField(fields.Field):
    """A column the download writes as a label, 限定词 「超过」 or 是否目标 「是」「否」, read back with the
    writer's inverse (``downloads``). An empty cell, or no column, leaves the figure's value as it is."""

    def __init__(self, attribute: str, column_name: str, write, read):
        super().__init__(attribute=attribute, column_name=column_name)
        self.write, self.read = write, read

    def get_value(self, instance):
        # The label: the preview shows it and an unchanged row is told by it.
        return self.write(getattr(instance, self.attribute))

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if text:
            setattr(instance, self.attribute, self.read(text))


class KindKeyField(fields.Field):
    """A key read from the 类型 column: the part of the year, 「上半年」 of 「总量（上半年）」 (empty: the
    whole year), or the comparison basis, 「环比」 of 「增速（一季度环比）」 (empty: a rate of its year, or
    no rate). With 指标, 地区, 年份 and 来源 they say which figure a row is (``import_id_fields``). Only
    read for that: ``KindField`` sets them, and reports a label it cannot read."""

    def __init__(self, attribute: str, label_part: str):
        super().__init__(attribute=attribute, column_name=KIND_COLUMN, readonly=True)
        self.label_part = label_part  # the ``KindLabel`` attribute that holds it

    def clean(self, row, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        try:
            return getattr(parse_kind_label(text), self.label_part) if text else ""
        except ValueError:
            return ""  # the row is refused whichever figure it matches


# The keys read from 类型; ``comparison_basis`` is no field but ``COMPARISON_BASIS``, by which the
# figures to match are selected (``get_queryset``).
KIND_KEYS = ("part_of_year", "comparison_basis")


def _kind_given(row) -> bool:
    return bool(str(row.get(KIND_COLUMN) or "").strip())


class ColumnNamedErrors:
    """Row errors named by the sheet's column (「地区」), not the model attribute (``region``): the
    import preview lists them under that name. Errors of the model's own fields without a column
    are named by the field's Chinese verbose name."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {field.attribute: field.column_name for field in self.fields.values() if field.attribute}
            raise ValidationError(
                {self._column(name, columns, instance): messages for name, messages in error.message_dict.items()}
            ) from None

    @staticmethod
    def _column(name: str, columns: dict, instance) -> str:
        if name in columns:
            return columns[name]
        if name == NON_FIELD_ERRORS:
            return "整行"
        try:
            return str(instance._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name


def _quoted_in_interview(row) -> bool:
    """Whether a row of the site's own download is a figure quoted in an interview (it links to it)."""
    return bool(str(row.get(LINK_COLUMN) or "").strip())


class ObservationResource(ColumnNamedErrors, resources.ModelResource):
    region = fields.Field(attribute="region", column_name="地区", widget=RegionWidget())
    indicator = fields.Field(attribute="indicator", column_name="指标", widget=IndicatorWidget())
    period = fields.Field(attribute="period", column_name="年份", widget=YearWidget())
    value = fields.Field(attribute="value", column_name="数值", widget=NumberWidget())
    unit = fields.Field(attribute="unit", column_name="单位")
    source = fields.Field(attribute="source", column_name="来源")
    kind = KindField()
    qualifier = LabelField("qualifier", "限定词", qualifier_label, parse_qualifier_label)
    is_target = LabelField("is_target", "是否目标", target_label, parse_target_label)
    part_of_year = KindKeyField("part_of_year", "part_of_year")
    comparison_basis = KindKeyField("comparison_basis", "rate_note")
    source_url = fields.Field(column_name=LINK_COLUMN, readonly=True)  # written, and read by _quoted_in_interview

    class Meta:
        model = Observation
        fields = ("region", "indicator", "period", "value", "unit", "source", "kind", "qualifier", "is_target")
        fields += KIND_KEYS + ("source_url",)
        # = the tabular UniqueConstraint
        import_id_fields = ("indicator", "region", "period", *KIND_KEYS, "source")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, request=None, **kwargs):
        super().__init__(**kwargs)
        self.request = request  # the admin's export, for the 来源链接 on the site's host

    def get_queryset(self):
        # Only tabular rows are matched and updated; figures quoted in interviews are never overwritten.
        tabular = Observation.objects.filter(question__isnull=True).select_related("region", "indicator")
        return tabular.alias(comparison_basis=COMPARISON_BASIS)

    def get_export_order(self):
        # The columns the import reads, in the public download's order and written as it writes them,
        # so an exported file imports back unchanged; the keys are written in 类型 (``KindField``).
        names = [name for name in super().get_export_order() if name not in KIND_KEYS]
        return tuple(sorted(names, key=lambda name: CSV_COLUMNS.index(self.fields[name].column_name)))

    def get_import_order(self):
        # The keys are read and shown as part of 类型 (``KindField``); a 来源链接 only skips its row.
        return tuple(name for name in super().get_import_order() if name not in (*KIND_KEYS, "source_url"))

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # As the public download writes text (``nanguan.spreadsheets``); the import reads it back.
        return text_cell(value) if field.column_name in TEXT_COLUMNS and isinstance(value, str) else value

    def dehydrate_source(self, observation):
        return observation.source_label

    def dehydrate_source_url(self, observation):
        # A figure quoted in an interview links to its sentence, as in the public download; imported
        # back, its row is skipped.
        url = observation.source_url()
        return absolute(self.request, url) if url and self.request else url

    def get_or_init_instance(self, instance_loader, row):
        # A figure quoted in an interview is skipped below; looking it up first would fail on the
        # cells only tabular rows must fill, such as the 年份 that most quoted figures lack.
        if _quoted_in_interview(row):
            return self.init_instance(row), True
        return super().get_or_init_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # A rate indicator's number (地区生产总值增速, -2.1) is a growth rate, as an extracted one is:
        # 「下降2.1%」 on the pages, 类型 「增速」 in the download. Only a level is made one: a kind set
        # by hand, or by a 类型 column, stays.
        if not _kind_given(row) and instance.kind == Observation.Kind.LEVEL and instance.indicator.is_rate:
            instance.kind = Observation.Kind.GROWTH_RATE
        if not _quoted_in_interview(row):
            self._one_figure_per_key(instance, kwargs.get("row_number"))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if dataset.headers and KIND_COLUMN not in dataset.headers:
            # A sheet without 类型 is read as one with the column empty: figures of whole years (the
            # part of the year is one of the columns a figure is found by), of kinds as they are.
            dataset.append_col([""] * dataset.height, header=KIND_COLUMN)
        self._rows_in_file = {}

    def _one_figure_per_key(self, instance, row_number) -> None:
        # Two rows of a file with one key (the tabular UniqueConstraint) are one figure, the later
        # overwriting the earlier: if they say different things one of them is lost, most likely a
        # 上半年 figure whose 类型 does not say so, or a 环比 rate whose 类型 does not say so.
        part, basis = instance.part_of_year, instance.rate_note
        key = (instance.indicator_id, instance.region_id, instance.period, part, basis, instance.source)
        said = {name: self.fields[name].get_value(instance) for name in SAID_FIELDS}
        number, earlier = self._rows_in_file.setdefault(key, (row_number, said))
        differing = [name for name in SAID_FIELDS if said[name] != earlier[name]]
        if differing:
            columns = "、".join(f"「{self.fields[name].column_name}」" for name in differing)
            raise ValidationError(
                {
                    differing[0]: f"与第{number}行的地区、指标、年份、来源、时段（{part or '全年'}）和比较基准"
                    f"（{basis or '不是年均或环比'}）都相同，是同一个数字，但{columns}不同，后一行会覆盖前一行。"
                    "一年中一段时间的数字请在「类型」中写明时段，如「总量（上半年）」，年均或环比增速写明，"
                    "如「增速（年均）」「增速（一季度环比）」；同一时段的两个数字请给其中一行写明不同的来源；"
                    "重复的行请删去。"
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The site's own download lists the figures quoted in interviews with a 来源链接 to the
        # sentence; they live with their interview, so a downloaded sheet imported back leaves them.
        if _quoted_in_interview(row):
            return True
        # A rate imported as a level before rates were told apart is saved as the rate it is: 类型
        # (``KindField``) is among the columns compared.
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_import_row(self, row, **kwargs):
        for column in TEXT_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = from_text_cell(row[column])

    def before_save_instance(self, instance, row, **kwargs):
        instance.status = Observation.Status.CONFIRMED
        user = kwargs.get("user")
        instance.reviewed_by = user if getattr(user, "pk", None) else None
        instance.reviewed_at = timezone.now()


class IndicatorResource(ColumnNamedErrors, resources.ModelResource):
    name = fields.Field(attribute="name", column_name="名称")
    code = fields.Field(attribute="code", column_name="代码")
    category = fields.Field(attribute="category", column_name="类别")
    unit = fields.Field(attribute="unit", column_name="单位")
    definition = fields.Field(attribute="definition", column_name="定义")
    aliases = fields.Field(column_name="别名")

    class Meta:
        model = Indicator
        fields = ("name", "code", "category", "unit", "definition", "aliases")
        import_id_fields = ("code",)
        skip_unchanged = False
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return Indicator.objects.prefetch_related("aliases")

    def dehydrate_category(self, indicator):
        return indicator.get_category_display()

    def dehydrate_aliases(self, indicator):
        return "、".join(alias.name for alias in indicator.aliases.all())

    def before_import_row(self, row, **kwargs):
        labels = {label: value for value, label in Indicator.Category.choices}
        category = str(row.get("类别") or "").strip()
        if category in labels:
            row["类别"] = labels[category]

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        names = [n.strip() for n in str(row.get("别名") or "").replace(",", "、").split("、") if n.strip()]
        for name in names:
            IndicatorAlias.objects.update_or_create(name=name, defaults={"indicator": instance})
