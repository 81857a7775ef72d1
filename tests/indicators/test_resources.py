import codecs
import csv
import io
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook

from indicators.downloads import KindLabel, kind_label, parse_kind_label
from indicators.models import Indicator, IndicatorAlias, Observation
from indicators.resources import IndicatorResource, ObservationResource
from tests.factories import make_indicator, make_observation, make_region

pytestmark = pytest.mark.django_db

STATISTICS_CSV = """地区,指标,年份,数值,单位,来源
南关区,地区生产总值,2020,480.2,亿元,南关区2020年统计公报
南关区,GDP,2021,495.7,亿元,南关区2021年统计公报
朝阳区,固定资产投资,2021,312,亿元,朝阳区2021年统计公报
南关区,市场主体,2021,10.3,万户,南关区2021年统计公报
"""


def _import(text: str, *, dry_run: bool = False, user=None):
    dataset = tablib.Dataset().load(text, format="csv")
    return ObservationResource().import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def test_statistics_office_csv_imports_cleanly(admin_user):
    result = _import(STATISTICS_CSV, user=admin_user)

    assert not result.has_errors() and not result.has_validation_errors()
    gdp = Observation.objects.filter(indicator__code="gdp").order_by("period")
    assert [(o.region.name, o.period, o.value, o.normalized_value) for o in gdp] == [
        ("南关区", 2020, Decimal("480.2"), Decimal("48020000000")),
        ("南关区", 2021, Decimal("495.7"), Decimal("49570000000")),
    ]
    assert set(Observation.objects.values_list("status", flat=True)) == {Observation.Status.CONFIRMED}
    assert Observation.objects.get(indicator__code="market-entities").normalized_value == 103000
    assert Observation.objects.first().reviewed_by == admin_user


def test_reimporting_the_same_sheet_changes_nothing():
    _import(STATISTICS_CSV)
    result = _import(STATISTICS_CSV)

    assert Observation.objects.count() == 4
    assert result.totals["skip"] == 4


def test_statistics_office_xlsx_imports_cleanly():
    workbook = Workbook()
    sheet = workbook.active
    for row in STATISTICS_CSV.strip().splitlines():
        values = row.split(",")
        sheet.append([int(v) if v.isdigit() else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    dataset = tablib.Dataset().load(buffer.getvalue(), format="xlsx")

    result = ObservationResource().import_data(dataset, use_transactions=True, rollback_on_validation_errors=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.count() == 4
    assert Observation.objects.get(region__name="朝阳区").period == 2021


def test_invalid_rows_are_reported_and_nothing_is_saved():
    bad = STATISTICS_CSV + (
        "南关区,不存在的指标,2021,1,亿元,公报\n"
        "火星区,地区生产总值,2021,1,亿元,公报\n"
        "南关区,地区生产总值,二〇二一,1,亿元,公报\n"
        "南关区,地区生产总值,2019,很多,亿元,公报\n"
        "南关区,地区生产总值,2018,1,斤,公报\n"
    )

    result = _import(bad)

    # Rows whose key columns (指标, 地区, 年份) cannot be read are errors; the others fail validation.
    messages = [str(message) for row in result.invalid_rows for message in row.error_dict.values()]
    messages += [str(error.error) for _, errors in result.row_errors() for error in errors]
    messages = " ".join(messages)
    assert len(result.invalid_rows) + len(result.row_errors()) == 5
    for expected in ["不存在的指标", "火星区", "二〇二一", "很多", "不认识的单位「斤」"]:
        assert expected in messages
    assert Observation.objects.count() == 0


def test_import_never_overwrites_figures_quoted_in_interviews(sample_text):
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    save_interview(parse_transcript(sample_text), source_text=sample_text)
    before = Observation.objects.count()

    _import("地区,指标,年份,数值,单位,来源\n南关区,地区生产总值,2021,500,亿元,\n")

    assert Observation.objects.get(span_text="495.7亿元").value == Decimal("495.7")
    assert Observation.objects.count() == before + 1


def test_the_sites_own_download_imported_back_adds_no_copies_of_interview_figures(client, sample_text):
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    interview = save_interview(parse_transcript(sample_text), source_text=sample_text).interview
    interview.publish()
    Observation.objects.update(status=Observation.Status.CONFIRMED)
    Indicator.objects.filter(code="gdp").update(is_confirmed=True)
    before = Observation.objects.count()
    download = client.get(reverse("indicators:indicator_csv", args=["gdp"])).content.decode("utf-8-sig")
    edited = download + "南关区,地区生产总值,2020,480.2,亿元,南关区2020年统计公报\n"  # an editor adds a year

    result = _import(edited)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.count() == before + 1
    assert Observation.objects.filter(question__isnull=True).get().period == 2020


def test_the_full_download_with_undated_interview_figures_imports_back(client, sample_text):
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    save_interview(parse_transcript(sample_text), source_text=sample_text).interview.publish()
    Observation.objects.update(status=Observation.Status.CONFIRMED)
    Indicator.objects.update(is_confirmed=True)
    before = Observation.objects.count()
    download = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    assert ",,790,项," in download  # 「790项行政审批事项」 has no year

    result = _import(download)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.count() == before


def test_a_source_written_as_text_to_stop_a_spreadsheet_formula_imports_back_as_itself(client):
    sheet = "地区,指标,年份,数值,单位,来源\n南关区,地区生产总值,2020,480.2,亿元,=区统计局\n"
    _import(sheet)
    Observation.objects.update(status=Observation.Status.CONFIRMED)
    Indicator.objects.update(is_confirmed=True)
    download = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    assert ",'=区统计局," in download  # shown as text, not run, by a spreadsheet program

    result = _import(download)

    assert not result.has_errors() and not result.has_validation_errors()
    assert list(Observation.objects.values_list("source", flat=True)) == ["=区统计局"]


RATES_CSV = """地区,指标,年份,数值,单位,来源
南关区,地区生产总值增速,2020,-2.1,%,南关区2020年统计公报
南关区,GDP增速,2021,6.5,%,南关区2021年统计公报
南关区,地区生产总值,2021,495.7,亿元,南关区2021年统计公报
"""


def test_a_rate_indicators_numbers_import_as_growth_rates_said_and_downloaded_as_extracted_ones(client):
    result = _import(RATES_CSV)

    assert not result.has_errors() and not result.has_validation_errors()
    kinds = Observation.objects.order_by("indicator__code", "period").values_list("indicator__code", "period", "kind")
    assert list(kinds) == [
        ("gdp", 2021, "level"),
        ("gdp-growth", 2020, "growth_rate"),
        ("gdp-growth", 2021, "growth_rate"),
    ]
    page = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    assert "下降2.1%" in page and "-2.1%" not in page
    download = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(download)))
    assert [(row["指标"], row["数值"], row["类型"]) for row in rows] == [
        ("地区生产总值", "495.7", "总量"),
        ("地区生产总值增速", "-2.1", "增速"),
        ("地区生产总值增速", "6.5", "增速"),
    ]


def test_the_download_imported_back_adds_nothing_and_flips_no_kind(client):
    _import(RATES_CSV)
    urbanisation = Indicator.objects.create(name="城镇化率", code="urbanisation", unit="%")
    region = Observation.objects.first().region
    Observation.objects.create(
        indicator=urbanisation, region=region, period=2021, value=65, unit="%", kind="share", source="公报",
        status=Observation.Status.CONFIRMED,
    )  # fmt: skip
    before = list(Observation.objects.order_by("pk").values_list("pk", "kind", "value", "modified_at"))
    download = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")

    result = _import(download)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(before) == 4
    assert list(Observation.objects.order_by("pk").values_list("pk", "kind", "value", "modified_at")) == before


def test_a_rate_imported_earlier_as_a_level_becomes_a_growth_rate_when_its_sheet_is_imported_again():
    _import(RATES_CSV)
    Observation.objects.filter(indicator__code="gdp-growth").update(kind=Observation.Kind.LEVEL)  # as it was

    result = _import(RATES_CSV)

    assert not result.has_errors() and Observation.objects.count() == 3
    assert set(Observation.objects.filter(indicator__code="gdp-growth").values_list("kind", flat=True)) == {
        "growth_rate"
    }


# What the figure import reads, in the order of the public download (and of the admin's export).
READ_COLUMNS = ["地区", "指标", "年份", "数值", "单位", "来源", "限定词", "类型", "是否目标", "来源链接"]


def test_export_uses_chinese_columns():
    _import(STATISTICS_CSV)

    exported = ObservationResource().export()

    assert exported.headers == READ_COLUMNS
    row = ["南关区", "地区生产总值", "2020", "480.2", "亿元", "南关区2020年统计公报", "", "总量", "否", ""]
    assert row in [list(r) for r in exported]


def test_indicator_round_trip_keeps_aliases():
    exported = IndicatorResource().export(Indicator.objects.filter(code="gdp"))
    assert exported.headers == ["名称", "代码", "类别", "单位", "定义", "别名"]
    assert exported[0][2] == "经济发展" and "GDP" in exported[0][5]

    dataset = tablib.Dataset(headers=exported.headers)
    dataset.append(["园区营业收入", "park-revenue", "经济发展", "元", "", "园区营收、园区收入"])
    result = IndicatorResource().import_data(dataset, use_transactions=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert IndicatorAlias.objects.get(name="园区营收").indicator.name == "园区营业收入"


def test_admin_import_has_a_preview_step(admin_client):
    url = reverse("admin:indicators_observation_import")
    upload = io.BytesIO(STATISTICS_CSV.encode("utf-8"))
    upload.name = "统计公报.csv"
    form = admin_client.get(url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")

    preview = admin_client.post(url, {"import_file": upload, "format": csv_format, "resource": 0})

    assert preview.status_code == 200
    assert "495.7" in preview.content.decode()
    assert Observation.objects.count() == 0  # nothing saved until confirmed
    confirm = preview.context["confirm_form"].initial
    admin_client.post(reverse("admin:indicators_observation_process_import"), confirm)
    assert Observation.objects.count() == 4


def _admin_import(admin_client, data: bytes, name: str, format_label: str):
    url = reverse("admin:indicators_observation_import")
    form = admin_client.get(url).context["form"]
    chosen = next(value for value, label in form.fields["format"].choices if str(label).lower() == format_label)
    upload = io.BytesIO(data)
    upload.name = name
    return admin_client.post(url, {"import_file": upload, "format": chosen, "resource": 0})


@pytest.mark.parametrize(
    ("data", "format_label"),
    [
        (STATISTICS_CSV.encode("gbk"), "csv"),  # Excel's 「CSV（逗号分隔）」 on Chinese Windows
        (codecs.BOM_UTF8 + STATISTICS_CSV.encode(), "csv"),  # 「CSV UTF-8」
        (codecs.BOM_UTF16_LE + STATISTICS_CSV.replace(",", "\t").encode("utf-16-le"), "tsv"),  # 「Unicode 文本」
    ],
    ids=["gbk-csv", "utf8-bom-csv", "utf16-tsv"],
)
def test_admin_imports_spreadsheets_as_chinese_programs_save_them(admin_client, data, format_label):
    preview = _admin_import(admin_client, data, "统计公报.csv", format_label)

    assert "495.7" in preview.content.decode() and "南关区2021年统计公报" in preview.content.decode()
    admin_client.post(reverse("admin:indicators_observation_process_import"), preview.context["confirm_form"].initial)
    assert Observation.objects.filter(region__name="南关区", indicator__code="gdp", period=2021).exists()
    assert Observation.objects.count() == 4


@pytest.mark.parametrize(
    ("data", "format_label", "message"),
    [
        (STATISTICS_CSV.encode("big5", errors="replace") * 3, "csv", "文件可能是繁体 Big5"),
        (b"\xff\xfe\x00\xd8" + b"\x00" * 3, "csv", "不是 UTF-16 编码的文字"),
        (STATISTICS_CSV.encode(), "xlsx", "请确认所选「格式」与文件一致"),
    ],
    ids=["big5", "broken-utf16", "csv-as-xlsx"],
)
def test_admin_explains_an_unreadable_upload_in_chinese(admin_client, data, format_label, message):
    response = _admin_import(admin_client, data, "统计公报.csv", format_label)

    errors = response.context["form"].errors["import_file"]
    assert any(message in error for error in errors), errors
    assert not any("encountered" in error for error in errors)
    assert Observation.objects.count() == 0


def test_json_import():
    text = (
        '[{"地区": "南关区", "指标": "技术合同交易额", "年份": 2021, "数值": "300", "单位": "亿元", "来源": "科技局"}]'
    )
    dataset = tablib.Dataset().load(text, format="json")

    result = ObservationResource().import_data(dataset, use_transactions=True, rollback_on_validation_errors=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.get().indicator.code == "technology-contracts"  # found by its alias


def test_admin_preview_reports_invalid_rows_and_offers_no_confirm(admin_client):
    url = reverse("admin:indicators_observation_import")
    upload = io.BytesIO((STATISTICS_CSV + "火星区,地区生产总值,2021,1,亿元,公报\n").encode("utf-8"))
    upload.name = "统计公报.csv"
    form = admin_client.get(url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")

    response = admin_client.post(url, {"import_file": upload, "format": csv_format, "resource": 0})

    html = response.content.decode()
    assert "没有名为「火星区」的地区" in html
    assert response.context.get("confirm_form") is None
    assert Observation.objects.count() == 0


def _download(client) -> list[dict]:
    Indicator.objects.update(is_confirmed=True)
    text = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _figures() -> list[tuple]:
    rows = Observation.objects.values_list(
        "region__name", "indicator__code", "period", "value", "kind", "part_of_year", "comparison", "source"
    )
    return sorted(rows)


def _errors(result) -> list[str]:
    messages = [str(message) for row in result.invalid_rows for message in row.error_dict.values()]
    return messages + [str(error.error) for _, errors in result.row_errors() for error in errors]


def _as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_the_download_of_part_year_average_and_month_on_month_rates_imports_into_a_fresh_site_as_they_were(client):
    region = make_region(name="甲区")
    gdp, growth = Indicator.objects.get(code="gdp"), Indicator.objects.get(code="gdp-growth")
    approval = make_indicator(name="审批时间压缩幅度", code="approval-time", unit="%")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%", "region": region}
    make_observation(gdp, region=region, period=2022, value=Decimal("495.7"))
    make_observation(gdp, region=region, period=2023, value=120, part_of_year="一季度", source="一季度通报")
    make_observation(growth, period=2023, value=Decimal("-2.1"), part_of_year="上半年", source="半年通报", **rate)
    make_observation(growth, period=2022, value=9, comparison="年均", source="十年回顾", **rate)
    make_observation(growth, period=2023, value=Decimal("1.2"), part_of_year="一季度", comparison="环比", **rate)
    make_observation(approval, region=region, period=2022, value=70, unit="%", kind=Observation.Kind.CHANGE)
    download = _download(client)
    assert sorted((r["指标"], r["年份"], r["数值"], r["类型"]) for r in download) == [
        ("地区生产总值", "2022", "495.7", "总量"),
        ("地区生产总值", "2023", "120", "总量（一季度）"),
        ("地区生产总值增速", "2022", "9", "增速（年均）"),
        ("地区生产总值增速", "2023", "-2.1", "增速（上半年）"),
        ("地区生产总值增速", "2023", "1.2", "增速（一季度环比）"),
        ("审批时间压缩幅度", "2022", "70", "变化"),
    ]
    before = _figures()
    Observation.objects.all().delete()

    result = _import(_as_csv(download))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert _figures() == before
    assert ("甲区", "gdp-growth", 2023, Decimal("-2.1"), "growth_rate", "上半年", "", "半年通报") in before
    page = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    assert "上半年下降2.1%" in page and "年均9%" in page and "一季度环比1.2%" in page
    assert _download(client) == download


def test_a_statistics_office_sheet_of_half_year_figures_imports_them_as_figures_of_half_a_year(client):
    sheet = (
        "地区,指标,年份,数值,单位,来源,类型\n"
        "南关区,地区生产总值,2023,230.5,亿元,上半年统计月报,总量（上半年）\n"
        "南关区,地区生产总值增速,2023,-1.5,%,上半年统计月报,增速（1-6月）\n"
        "南关区,地区生产总值增速,2023,0.8,%,6月统计月报,增速（二季度环比）\n"
        "南关区,地区生产总值增速,2022,6.5,%,统计公报,\n"  # an empty cell: as without the column
    )

    result = _import(sheet)

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert [(o[2], o[3], o[4], o[5], o[6]) for o in _figures()] == [
        (2023, Decimal("230.5"), "level", "上半年", ""),
        (2022, Decimal("6.5"), "growth_rate", "", ""),
        (2023, Decimal("-1.5"), "growth_rate", "1-6月", ""),
        (2023, Decimal("0.8"), "growth_rate", "二季度", "环比"),
    ]
    rows = _download(client)
    assert [(r["年份"], r["数值"], r["类型"]) for r in rows] == [
        ("2023", "230.5", "总量（上半年）"),
        ("2022", "6.5", "增速"),
        ("2023", "-1.5", "增速（1-6月）"),
        ("2023", "0.8", "增速（二季度环比）"),
    ]


def test_a_corrected_download_updates_the_figure_and_keeps_what_its_label_does_not_show(client):
    growth = Indicator.objects.get(code="gdp-growth")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%", "region": make_region(name="甲区")}
    half = make_observation(
        growth, period=2023, value=Decimal("-2.1"), part_of_year="上半年", comparison="同比", **rate
    )
    average = make_observation(growth, period=2022, value=9, comparison="年均", source="十年回顾", **rate)
    download = _download(client)
    for row in download:
        row["数值"] = {"-2.1": "-2.3", "9": "9.1"}[row["数值"]]  # an editor corrects the values

    result = _import(_as_csv(download))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert Observation.objects.count() == 2 and result.totals["update"] == 2
    half.refresh_from_db()
    average.refresh_from_db()
    assert (half.value, half.part_of_year, half.comparison) == (Decimal("-2.3"), "上半年", "同比")
    assert (average.value, average.part_of_year, average.comparison) == (Decimal("9.1"), "", "年均")


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("增长", "不认识的类型「增长」"),
        ("增速（同比）", "「同比」不是一年中的时段"),
        ("总量（明年）", "「明年」不是一年中的时段"),
        ("年均增速", "不认识的类型「年均增速」"),
        ("变化（压缩）", "变化的方向只来自访谈原句"),
    ],
)
def test_an_unknown_kind_is_a_row_error_naming_the_accepted_ones_and_the_file_saves_nothing(label, named):
    sheet = (
        STATISTICS_CSV.replace("来源\n", "来源,类型\n")
        .replace("\n南", ",总量\n南")
        .replace("统计公报\n", "统计公报,总量\n")
    )
    sheet += f"南关区,地区生产总值增速,2023,1,%,统计月报,{label}\n"

    result = _import(sheet)

    messages = _errors(result)
    assert len(messages) == 1 and named in messages[0], messages
    if "方向" not in named:
        assert "「总量」、「增速」、「占比」、「数量」、「变化」" in messages[0] and "「增速（年均）」" in messages[0]
    assert Observation.objects.count() == 0


HALF_YEAR = "地区,指标,年份,数值,单位,来源,类型\n南关区,地区生产总值,2023,230.5,亿元,统计月报,总量（上半年）\n"
WHOLE_YEAR = "地区,指标,年份,数值,单位,来源\n南关区,地区生产总值,2023,480.2,亿元,统计月报\n"


def test_a_half_year_and_a_whole_year_figure_from_one_source_in_one_file_are_two_figures(client):
    whole_year = "南关区,地区生产总值,2023,480.2,亿元,统计月报,总量\n"

    result = _import(HALF_YEAR + whole_year + whole_year)  # a row repeated as it is: still one figure

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert Observation.objects.count() == 2
    assert [(r["年份"], r["数值"], r["类型"], r["来源"]) for r in _download(client)] == [
        ("2023", "230.5", "总量（上半年）", "统计月报"),
        ("2023", "480.2", "总量", "统计月报"),
    ]
    page = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()
    assert "上半年230.5亿元" in page and "480.2亿元" in page


@pytest.mark.parametrize("files", [(HALF_YEAR, WHOLE_YEAR), (WHOLE_YEAR, HALF_YEAR)], ids=["half-first", "whole-first"])
def test_a_half_year_figure_and_its_whole_year_imported_in_two_files_are_two_figures(files):
    _import(files[0])

    result = _import(files[1])

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert result.totals["new"] == 1 and result.totals["update"] == 0
    assert sorted(Observation.objects.values_list("part_of_year", "value", "source")) == [
        ("", Decimal("480.2"), "统计月报"),
        ("上半年", Decimal("230.5"), "统计月报"),
    ]
    assert _import(files[0]).totals["skip"] == 1  # either file again adds and changes nothing
    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("rows", "named"),
    [
        (  # a 上半年 figure whose 类型 does not say so
            "南关区,地区生产总值,2023,230.5,亿元,统计月报,\n南关区,地区生产总值,2023,480.2,亿元,统计月报,\n",
            "与第1行的地区、指标、年份、来源、时段（全年）和比较基准（不是年均或环比）都相同，是同一个数字，但「数值」不同",
        ),
        (  # a 环比 rate whose 类型 does not say so
            "南关区,地区生产总值增速,2023,5.3,%,统计月报,增速（一季度）\n"
            "南关区,地区生产总值增速,2023,1.6,%,统计月报,增速（一季度）\n",
            "与第1行的地区、指标、年份、来源、时段（一季度）和比较基准（不是年均或环比）都相同，是同一个数字，但「数值」不同",
        ),
    ],
    ids=["half-year-unsaid", "month-on-month-unsaid"],
)
def test_two_rows_of_one_file_that_are_one_figure_but_differ_are_an_error_and_the_file_saves_nothing(rows, named):
    result = _import("地区,指标,年份,数值,单位,来源,类型\n" + rows)

    messages = _errors(result)
    assert len(messages) == 1 and named in messages[0], messages
    assert Observation.objects.count() == 0


QUARTER_RATES = (
    "地区,指标,年份,数值,单位,来源,类型\n"
    "南关区,地区生产总值增速,2023,5.3,%,一季度统计月报,增速（一季度）\n"
    "南关区,地区生产总值增速,2023,1.6,%,一季度统计月报,增速（一季度环比）\n"
)


def test_a_quarters_year_on_year_and_month_on_month_rates_from_one_source_are_two_figures(client):
    result = _import(QUARTER_RATES)

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert [(o[3], o[5], o[6]) for o in _figures()] == [
        (Decimal("1.6"), "一季度", "环比"),
        (Decimal("5.3"), "一季度", ""),
    ]
    page = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    assert "一季度5.3%" in page and "一季度环比1.6%" in page

    again = _import(QUARTER_RATES)

    assert (again.totals["skip"], again.totals["new"], again.totals["update"]) == (2, 0, 0)
    assert Observation.objects.count() == 2


def test_a_rate_of_its_year_entered_as_year_on_year_is_found_by_the_download_and_never_turned_into_another(client):
    growth, region = Indicator.objects.get(code="gdp-growth"), make_region(name="甲区")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%", "region": region, "period": 2023, "source": "月报"}
    year_on_year = make_observation(growth, value=Decimal("5.3"), part_of_year="一季度", comparison="同比", **rate)
    download = _download(client)
    download[0]["数值"] = "5.4"
    relabelled = {**download[0], "数值": "1.6", "类型": "增速（一季度环比）"}  # says it is another figure

    result = _import(_as_csv([*download, relabelled]))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    year_on_year.refresh_from_db()
    assert (year_on_year.value, year_on_year.comparison) == (Decimal("5.4"), "同比")
    assert Observation.objects.get(comparison="环比").value == Decimal("1.6")


def test_the_admin_import_page_explains_the_columns_and_the_kind_labels(admin_client):
    page = admin_client.get(reverse("admin:indicators_observation_import")).content.decode()

    assert "可选的「类型」列" in page and "「增速（一季度环比）」" in page and "带「来源链接」的行" in page
    assert "「限定词」" in page and "「超过」、「突破」、「累计」、「约」、「达到」" in page and "「是否目标」" in page
    assert "同一来源中上半年和全年的数字是两个数字，分别保存，同一季度的同比和环比增速也是" in page
    assert "「是否目标」列规划目标写「是」，实际完成数写「否」" in page


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("增速", KindLabel("growth_rate")),
        ("占比（3月）", KindLabel("share", part_of_year="3月")),
        ("数量(前三季度)", KindLabel("count", part_of_year="前三季度")),  # brackets as typed on a keyboard
        ("增速（上半年年均）", KindLabel("growth_rate", part_of_year="上半年", rate_note="年均")),
        ("变化（年初以来压缩）", KindLabel("change", part_of_year="年初以来", direction="压缩")),
        ("变化（环比）", KindLabel("change", rate_note="环比")),
    ],
)
def test_the_kind_column_is_read_as_the_download_writes_it(label, read):
    assert parse_kind_label(label) == read
    written = kind_label(read.kind, part_of_year=read.part_of_year, comparison=read.rate_note, direction=read.direction)
    assert written == label.replace("(", "（").replace(")", "）")


def test_admin_import_names_a_bad_cell_by_its_column_not_the_programs_field(admin_client):
    bad = STATISTICS_CSV.replace(",480.2,", ",约480,")

    preview = _admin_import(admin_client, bad.encode(), "统计公报.csv", "csv")

    assert "「约480」不是数字" in preview.content.decode()
    errors = [row.field_specific_errors for row in preview.context["result"].invalid_rows]
    assert errors == [{"数值": ["「约480」不是数字。"]}]
    assert Observation.objects.count() == 0


def _qualified_and_target_figures() -> None:
    region = make_region(name="甲区")
    entities = Indicator.objects.get(code="market-entities")
    gdp = Indicator.objects.get(code="gdp")
    make_observation(entities, region=region, period=2022, value=10, unit="万户", qualifier="超", source="年报")
    make_observation(gdp, region=region, period=2022, value=1200, qualifier="累计", source="十年回顾")
    make_observation(gdp, region=region, period=2025, value=600, is_target=True, source="十四五规划")
    make_observation(gdp, region=region, period=2022, value=Decimal("495.7"), source="统计月报")
    make_observation(gdp, region=region, period=2022, value=Decimal("230.5"), part_of_year="上半年", source="统计月报")


FIGURE = ("indicator__code", "period", "part_of_year", "value", "qualifier", "is_target", "source")


def test_a_download_of_qualified_target_and_half_year_figures_imports_into_a_fresh_site_as_it_was(client):
    _qualified_and_target_figures()
    download = _download(client)
    assert sorted((r["年份"], r["数值"], r["单位"], r["限定词"], r["类型"], r["是否目标"]) for r in download) == [
        ("2022", "10", "万户", "超过", "总量", "否"),
        ("2022", "1200", "亿元", "累计", "总量", "否"),
        ("2022", "230.5", "亿元", "", "总量（上半年）", "否"),
        ("2022", "495.7", "亿元", "", "总量", "否"),
        ("2025", "600", "亿元", "", "总量", "是"),
    ]
    before = sorted(Observation.objects.values_list(*FIGURE))
    Observation.objects.all().delete()

    result = _import(_as_csv(download))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    after = sorted(Observation.objects.values_list(*FIGURE))
    assert after == before
    page = client.get(reverse("indicators:indicator_detail", args=["market-entities"])).content.decode()
    assert "超过10万户" in page
    assert _download(client) == download
    for row in download:  # an empty cell, as without the column, leaves the figure as it is
        row["限定词"] = row["是否目标"] = ""
    assert _import(_as_csv(download)).totals["skip"] == 5
    assert sorted(Observation.objects.values_list(*FIGURE)) == after


@pytest.mark.parametrize(
    ("column", "cell", "named"),
    [
        ("限定词", "大约", "不认识的限定词「大约」。限定词写作「超过」、「突破」、「累计」、「约」、「达到」之一"),
        ("限定词", "超", "不认识的限定词「超」"),  # the stored value, not the download's label
        ("是否目标", "TRUE", "「是否目标」只能写「是」、「否」或留空（已有的数字不变），不能写「TRUE」"),
        ("是否目标", "不是", "不能写「不是」。规划目标写「是」，实际完成数写「否」"),
    ],
)
def test_an_unknown_qualifier_or_target_is_a_row_error_under_its_column_and_the_file_saves_nothing(
    admin_client, column, cell, named
):
    sheet = STATISTICS_CSV.replace("来源\n", f"来源,{column}\n").replace("公报\n", "公报,\n")
    sheet += f"南关区,地区生产总值,2022,500,亿元,南关区2022年统计公报,{cell}\n"

    preview = _admin_import(admin_client, sheet.encode(), "统计公报.csv", "csv")

    errors = [row.field_specific_errors for row in preview.context["result"].invalid_rows]
    assert len(errors) == 1 and list(errors[0]) == [column], errors
    assert named in errors[0][column][0]
    assert preview.context.get("confirm_form") is None
    assert Observation.objects.count() == 0


def test_a_target_cell_of_no_clears_the_flag_and_an_empty_one_leaves_the_figure_as_it_is(client):
    gdp, region = Indicator.objects.get(code="gdp"), make_region(name="甲区")
    make_observation(gdp, region=region, period=2025, value=600, is_target=True, source="十四五规划")
    make_observation(gdp, region=region, period=2030, value=900, is_target=True, source="远景目标")
    sheet = (
        "地区,指标,年份,数值,单位,来源,是否目标\n"
        "甲区,地区生产总值,2025,600,亿元,十四五规划,否\n"  # an actual figure filed as a target
        "甲区,地区生产总值,2030,900,亿元,远景目标,\n"
        "甲区,地区生产总值,2024,520,亿元,统计公报,否\n"
    )

    result = _import(sheet)

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert (result.totals["update"], result.totals["skip"], result.totals["new"]) == (1, 1, 1)
    assert sorted(Observation.objects.values_list("period", "is_target")) == [
        (2024, False),
        (2025, False),
        (2030, True),
    ]
    assert [(r["年份"], r["是否目标"]) for r in _download(client)] == [("2024", "否"), ("2025", "否"), ("2030", "是")]
    assert _import(sheet).totals["skip"] == 3


def _admin_export(admin_client, format_label: str) -> bytes:
    url = reverse("admin:indicators_observation_export")
    form = admin_client.get(url).context["form"]
    chosen = next(value for value, label in form.fields["format"].choices if str(label).lower() == format_label)
    columns = {name: "on" for name in form.fields if name.startswith("observationresource_")}
    response = admin_client.post(url, {"format": chosen, "resource": 0, **columns})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("format_label", ["csv", "xlsx"])
def test_the_admin_export_writes_the_columns_the_import_reads_and_imports_back_unchanged(
    admin_client, sample_text, format_label
):
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    save_interview(parse_transcript(sample_text), source_text=sample_text)  # figures quoted, 待核实
    _qualified_and_target_figures()
    _import(QUARTER_RATES)
    _import("地区,指标,年份,数值,单位,来源,类型\n南关区,地区生产总值增速,2022,9,%,=十年回顾,增速（年均）\n")
    figures = Observation.objects.order_by("pk").values_list("pk", *FIGURE, "kind", "comparison", "modified_at")
    before = list(figures)

    exported = _admin_export(admin_client, format_label)

    rows = tablib.Dataset().load(exported.decode("utf-8-sig") if format_label == "csv" else exported, format_label)
    assert rows.headers == READ_COLUMNS
    cells = [{column: cell or "" for column, cell in row.items()} for row in rows.dict]  # xlsx: None if empty
    written = {(r["年份"], r["数值"]): r for r in cells if not r["来源链接"]}
    assert [written["2022", "10"][column] for column in ("限定词", "类型", "是否目标")] == ["超过", "总量", "否"]
    assert [written["2025", "600"][column] for column in ("限定词", "是否目标")] == ["", "是"]
    assert written["2022", "230.5"]["类型"] == "总量（上半年）"
    assert written["2023", "1.6"]["类型"] == "增速（一季度环比）"
    assert written["2022", "9"]["来源"] == "'=十年回顾"  # shown as text, not run, by a spreadsheet program
    quoted = [r["来源链接"] for r in cells if r["来源链接"]]
    assert len(quoted) == Observation.objects.filter(question__isnull=False).count() > 0
    assert all(link.startswith("http://testserver/interviews/") for link in quoted), quoted[:3]

    preview = _admin_import(admin_client, exported, f"指标数据.{format_label}", format_label)

    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, len(before))
    admin_client.post(reverse("admin:indicators_observation_process_import"), preview.context["confirm_form"].initial)
    assert list(figures) == before


def test_a_qualifier_cell_of_none_removes_the_qualifier_and_an_empty_one_keeps_it(client):
    entities, region = Indicator.objects.get(code="market-entities"), make_region(name="甲区")
    make_observation(entities, region=region, period=2022, value=10, unit="万户", qualifier="超", source="年报")
    make_observation(entities, region=region, period=2021, value=9, unit="万户", qualifier="约", source="年报")
    sheet = (
        "地区,指标,年份,数值,单位,来源,限定词\n"
        "甲区,市场主体,2022,10,万户,年报,无\n"  # it was exactly 10万户, not 「超过」
        "甲区,市场主体,2021,9,万户,年报,\n"
    )

    result = _import(sheet)

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert sorted(Observation.objects.values_list("period", "qualifier")) == [(2021, "约"), (2022, "")]
    assert [(r["年份"], r["限定词"]) for r in _download(client)] == [("2021", "约"), ("2022", "")]
    page = client.get(reverse("indicators:indicator_detail", args=["market-entities"])).content.decode()
    assert "超过10万户" not in page and "约9万户" in page


def _undated_and_regionless_figures() -> dict[str, Observation]:
    """Tabular figures an editor entered without a year, a region or both (the admin allows it)."""
    region = make_region(name="甲区")
    gdp = Indicator.objects.get(code="gdp")
    return {
        "undated": make_observation(gdp, region=region, value=Decimal("495.7"), source="区情简介"),
        "regionless": make_observation(gdp, period=2022, value=7000, source="全市公报"),
        "neither": make_observation(gdp, value=1200, qualifier="累计", source="十年回顾"),
        "dated": make_observation(gdp, region=region, period=2022, value=Decimal("480.2"), source="统计公报"),
    }


def _read(exported: bytes, format_label: str) -> tablib.Dataset:
    return tablib.Dataset().load(exported.decode("utf-8-sig") if format_label == "csv" else exported, format_label)


def _as_format(rows: tablib.Dataset, format_label: str) -> bytes:
    return rows.export(format_label).encode() if format_label == "csv" else rows.export(format_label)


@pytest.mark.parametrize("format_label", ["csv", "xlsx"])
def test_figures_without_a_year_or_region_export_and_import_back_unchanged(admin_client, format_label):
    figures = _undated_and_regionless_figures()
    stored = Observation.objects.order_by("pk").values_list("pk", *FIGURE, "region_id", "modified_at")
    before = list(stored)
    exported = _admin_export(admin_client, format_label)
    rows = _read(exported, format_label)
    cells = {(r["地区"] or "", r["年份"] or "", r["数值"]) for r in rows.dict}
    assert {("甲区", "", "495.7"), ("", "2022", "7000"), ("", "", "1200")} < cells

    preview = _admin_import(admin_client, exported, f"指标数据.{format_label}", format_label)

    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, len(figures))
    admin_client.post(reverse("admin:indicators_observation_process_import"), preview.context["confirm_form"].initial)
    assert list(stored) == before
    page = admin_client.get(reverse("admin:indicators_observation_import")).content.decode()
    assert "没有地区或年份的数字，这一格留空" in page


@pytest.mark.parametrize("format_label", ["csv", "xlsx"])
def test_an_edited_figure_without_a_year_or_region_updates_the_same_figure(admin_client, format_label):
    figures = _undated_and_regionless_figures()
    rows = _read(_admin_export(admin_client, format_label), format_label)
    edited = tablib.Dataset(headers=rows.headers)
    corrected = {"495.7": "496", "7000": "7100", "1200": "1250"}
    for row in rows.dict:
        edited.append([corrected.get(str(row["数值"]), row["数值"]) if h == "数值" else row[h] for h in rows.headers])

    preview = _admin_import(admin_client, _as_format(edited, format_label), f"指标数据.{format_label}", format_label)

    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 3, 1)
    admin_client.post(reverse("admin:indicators_observation_process_import"), preview.context["confirm_form"].initial)
    assert Observation.objects.count() == len(figures)
    values = {name: Observation.objects.get(pk=figure.pk).value for name, figure in figures.items()}
    assert values == {"undated": 496, "regionless": 7100, "neither": 1250, "dated": Decimal("480.2")}
    assert Observation.objects.get(pk=figures["neither"].pk).qualifier == "累计"


def test_an_import_confirms_what_it_changes_in_the_importers_name_and_leaves_unchanged_rows_as_they_were(
    admin_client, admin_user
):
    """Importing is the editor's review of the rows it saves (the preview shows each change; only those who
    may confirm figures may import): a changed figure is 已确认 by the importer, with a version in its history
    saying who changed what; a row that changes nothing saves nothing, so a 待核实 figure stays 待核实."""
    region, gdp = make_region(name="甲区"), Indicator.objects.get(code="gdp")
    corrected = make_observation(gdp, region=region, period=2022, value=Decimal("495.7"), source="统计公报")
    pending = make_observation(gdp, region=region, period=2021, value=480, status=Observation.Status.PENDING)
    rejected = make_observation(gdp, region=region, period=2020, value=400, status=Observation.Status.REJECTED)
    sheet = (
        "地区,指标,年份,数值,单位,来源\n"
        "甲区,地区生产总值,2022,496.1,亿元,统计公报\n"  # the office revised it
        "甲区,地区生产总值,2021,480,亿元,统计公报\n"
        "甲区,地区生产总值,2020,450,亿元,统计公报\n"  # re-entered after a reviewer rejected 400
    )

    preview = _admin_import(admin_client, sheet.encode(), "统计公报.csv", "csv")
    admin_client.post(reverse("admin:indicators_observation_process_import"), preview.context["confirm_form"].initial)

    for figure in (corrected, pending, rejected):
        figure.refresh_from_db()
    assert (corrected.value, corrected.status, corrected.reviewed_by) == (Decimal("496.1"), "confirmed", admin_user)
    assert (pending.status, pending.reviewed_by) == ("pending", None)
    assert (rejected.value, rejected.status, rejected.reviewed_by) == (450, "confirmed", admin_user)
    latest = corrected.history.first()
    assert (latest.value, latest.history_user) == (Decimal("496.1"), admin_user)
    assert corrected.history.last().value == Decimal("495.7")
