"""Every admin list costs the same number of queries with 1 row as with 30 (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Interview
from tests.factories import (
    add_to_gallery,
    make_guest,
    make_image,
    make_indicator,
    make_interview,
    make_observation,
    make_question,
    make_region,
    make_series,
    make_user,
    make_video,
)

pytestmark = pytest.mark.django_db


def _interview(n):
    parent = make_region(name=f"市{n}")
    interview = make_interview(series=make_series(), region=make_region(parent=parent), cover_image=make_image())
    make_question(interview)
    make_guest(interview, f"张{n}", "区长")
    return interview


def _observation(n):
    interview = _interview(n)
    make_observation(
        make_indicator(), region=interview.region, interview=interview, question=interview.questions.first(), value=1
    )


def _image(n):
    image = make_image()
    add_to_gallery(make_interview(), image)


def _video(n):
    make_video(poster=make_image())


def _transition(n):
    editor = make_user(f"editor{n}", "编辑")
    interview = make_interview(status=Interview.Status.DRAFT, region=make_region(), summary="摘要")
    make_question(interview)
    interview.submit(by=editor)


def _version(n):
    interview = Interview.objects.first() or make_interview(status=Interview.Status.DRAFT)
    interview.summary = f"第{n}版"
    interview.save()
    make_question(interview)


def _history_url():
    return reverse("admin:interviews_interview_history", args=[Interview.objects.first().pk])


LISTS = {
    "interviews": ("admin:interviews_interview_changelist", _interview),
    "questions": ("admin:interviews_question_changelist", _interview),
    "appearances": ("admin:interviews_appearance_changelist", _interview),
    "people": ("admin:interviews_person_changelist", _interview),
    "regions": ("admin:interviews_region_changelist", _interview),
    "series": ("admin:interviews_series_changelist", _interview),
    "publish log": ("admin:interviews_transition_changelist", _transition),
    "indicators": ("admin:indicators_indicator_changelist", _observation),
    "observations": ("admin:indicators_observation_changelist", _observation),
    "images": ("admin:media_library_image_changelist", _image),
    "videos": ("admin:media_library_video_changelist", _video),
    "interview history": (
        lambda: reverse("admin:interviews_interview_history", args=[Interview.objects.first().pk]),
        _version,
    ),
}


def queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
def test_admin_list_costs_the_same_with_30_rows_as_with_1(client, name):
    url_name, make_row = LISTS[name]
    client.force_login(make_user("chief", "管理员"))
    make_row(0)
    url = url_name() if callable(url_name) else reverse(url_name)
    one = queries(client, url)
    for n in range(1, 30):
        make_row(n)

    assert queries(client, url) == one
