"""Each role × each action on figures and media, through the admin a person would use."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import formats
from indicators.models import Observation
from interviews.importing.loader import save_interview
from interviews.importing.parser import parse_transcript
from tests.factories import image_bytes, make_image, make_user, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(sample_text):
    save_interview(parse_transcript(sample_text), source_text=sample_text)
    return Observation.objects.filter(status=Observation.Status.PENDING).order_by("pk").first()


def logged_in(client, *roles):
    client.force_login(make_user("someone", *roles))
    return client


def confirm(client, observation):
    url = reverse("admin:indicators_observation_changelist")
    client.post(url, {"action": "confirm_selected", "_selected_action": [observation.pk]})
    observation.refresh_from_db()
    return observation.status == Observation.Status.CONFIRMED


@pytest.mark.parametrize("role", ["编辑", "审核", "管理员"])
def test_every_role_can_confirm_figures(client, pending, role):
    assert confirm(logged_in(client, role), pending)


def test_staff_without_a_role_cannot_confirm(client, pending):
    assert not confirm(logged_in(client), pending)


@pytest.mark.parametrize("role,may_delete", [("编辑", False), ("审核", True), ("管理员", True)])
def test_delete_observation_only_for_reviewers_and_administrators(client, pending, role, may_delete):
    logged_in(client, role).post(reverse("admin:indicators_observation_delete", args=[pending.pk]), {"post": "yes"})

    assert Observation.objects.filter(pk=pending.pk).exists() is not may_delete


@pytest.mark.parametrize("role", ["编辑", "审核", "管理员"])
def test_every_role_can_upload_an_image(client, role):
    response = logged_in(client, role).post(
        reverse("admin:media_library_image_add"),
        {"title": "街景", "alt_text": "南关区街景", "file": upload(image_bytes()), "focal_x": 50, "focal_y": 50},
    )

    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("role,may_delete", [("编辑", False), ("审核", True), ("管理员", True)])
def test_deleting_unused_media_is_for_reviewers_and_administrators(client, role, may_delete):
    image = make_image()

    logged_in(client, role).post(reverse("admin:media_library_image_delete", args=[image.pk]), {"post": "yes"})

    assert type(image).objects.filter(pk=image.pk).exists() is not may_delete


def test_observation_history_records_who_confirmed(client, pending):
    confirm(logged_in(client, "编辑"), pending)

    html = client.get(reverse("admin:indicators_observation_history", args=[pending.pk])).content.decode()

    assert "someone" in html and "已确认" in html


@pytest.mark.parametrize("role,status", [("编辑", 200), ("审核", 200), ("管理员", 200), (None, 403)])
def test_the_number_check_page_needs_a_role(client, pending, role, status):
    # It quotes sentences of drafts; a staff account without a role may not read them.
    response = logged_in(client, *([role] if role else [])).get(reverse("admin:indicators_observation_claims"))

    assert response.status_code == status


def import_sheet(client, sheet: str):
    """The admin's import as a person goes through it: upload and preview, then confirm. Returns the responses."""
    url = reverse("admin:indicators_observation_import")
    upload = io.BytesIO(sheet.encode())
    upload.name = "统计公报.csv"
    csv_format = next(str(i) for i, f in enumerate(formats.IMPORT_FORMATS) if f().get_title() == "csv")
    preview = client.post(url, {"import_file": upload, "format": csv_format, "resource": 0})
    confirm_form = preview.context and preview.context.get("confirm_form")
    data = confirm_form.initial if confirm_form else {}
    return preview, client.post(reverse("admin:indicators_observation_process_import"), data)


SHEET = "地区,指标,年份,数值,单位,来源\n南关区,地区生产总值,2021,495.7,亿元,统计公报\n"


@pytest.mark.parametrize("role", ["编辑", "审核", "管理员"])
def test_every_role_that_confirms_figures_may_import_them_confirmed_in_its_name(client, role):
    preview, saved = import_sheet(logged_in(client, role), SHEET)

    assert preview.status_code == 200 and saved.status_code == 302
    figure = Observation.objects.get()
    assert (figure.value, figure.status, figure.reviewed_by.username) == (Decimal("495.7"), "confirmed", "someone")


def test_staff_without_a_role_can_neither_import_figures_nor_export_them(client, sample_text):
    """Importing confirms what it saves; a staff account that may not confirm a figure may not import one,
    and may not export the figures of draft interviews."""
    save_interview(parse_transcript(sample_text), source_text=sample_text)  # figures of a draft
    before = Observation.objects.count()
    logged_in(client)

    assert client.get(reverse("admin:indicators_observation_import")).status_code == 403
    preview, saved = import_sheet(client, SHEET)
    assert preview.status_code == saved.status_code == 403
    assert Observation.objects.count() == before
    assert client.get(reverse("admin:indicators_observation_export")).status_code == 403
    assert client.get(reverse("admin:indicators_indicator_import")).status_code == 403
    assert client.get(reverse("admin:indicators_indicator_export")).status_code == 403


def test_the_import_page_says_that_importing_confirms(client):
    page = logged_in(client, "编辑").get(reverse("admin:indicators_observation_import")).content.decode()

    assert "导入即核实：新增或有改动的数字保存为「已确认」，核实人记为导入的人" in page
    assert "没有改动的行不保存，状态不变（「待核实」的仍待核实）" in page
