"""Plain factory functions: each returns a saved object, overridable by keyword."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from indicators.models import Indicator, Observation
from interviews.models import Appearance, Interview, InterviewImage, Person, Question, Region, Series
from media_library.models import Image, Video


def make_region(**fields) -> Region:
    fields.setdefault("name", f"测试区{Region.objects.count() + 1}")
    return Region.objects.create(**fields)


def make_series(**fields) -> Series:
    fields.setdefault("name", f"测试系列{Series.objects.count() + 1}")
    return Series.objects.create(**fields)


def make_interview(*, questions: int = 0, **fields) -> Interview:
    """A published interview (published an hour ago) unless ``status``/``published_at`` say otherwise."""
    fields.setdefault("title", f"测试访谈{Interview.objects.count() + 1}")
    fields.setdefault("status", Interview.Status.PUBLISHED)
    if fields["status"] == Interview.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    interview = Interview.objects.create(**fields)
    for number in range(1, questions + 1):
        make_question(interview, number=number)
    return interview


def make_question(interview: Interview, **fields) -> Question:
    fields.setdefault("number", interview.questions.count() + 1)
    fields.setdefault("text", f"第{fields['number']}个问题是什么？")
    fields.setdefault("answer", "总体情况。\n一是抓项目建设。项目顺利推进。\n二是抓营商环境。环境持续优化。\n图片")
    return Question.objects.create(interview=interview, **fields)


def make_guest(interview: Interview, name: str, position: str = "", **fields) -> Appearance:
    person, _ = Person.objects.get_or_create(name=name)
    return Appearance.objects.create(interview=interview, person=person, position=position, **fields)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (800, 600), color=(200, 30, 30), **save_options) -> bytes:
    """An image made in memory by Pillow; ``save_options`` go to ``Image.save`` (e.g. ``exif=``)."""
    mode = "RGBA" if fmt in ("PNG", "WEBP") and len(color) == 4 else "RGB"
    out = io.BytesIO()
    PILImage.new(mode, size, color).save(out, format=fmt, **save_options)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_image(*, size: tuple[int, int] = (800, 600), color=None, **fields) -> Image:
    """A library image with alt text (pass ``alt_text=""`` for one that lacks it); distinct bytes each call."""
    fields.setdefault("title", f"测试图片{Image.objects.count() + 1}")
    fields.setdefault("alt_text", "南关区街景")
    color = color or (Image.objects.count() * 37 % 256, 90, 120)
    image, created = Image.objects.from_upload(upload(image_bytes(size=size, color=color)), **fields)
    assert created, "make_image made the same bytes twice; pass a different color"
    return image


def add_to_gallery(interview: Interview, *images: Image) -> None:
    start = interview.gallery_entries.count()
    for order, image in enumerate(images, start=start):
        InterviewImage.objects.create(interview=interview, image=image, order=order)


def make_video(**fields) -> Video:
    """An external video unless ``file`` is given."""
    fields.setdefault("title", "南关区访谈视频")
    if "file" not in fields:
        fields.setdefault("external_url", "https://news.example.cn/video/123.html")
    return Video.objects.create(**fields)


def make_indicator(**fields) -> Indicator:
    fields.setdefault("name", f"测试指标{Indicator.objects.count() + 1}")
    fields.setdefault("code", f"test-indicator-{Indicator.objects.count() + 1}")
    fields.setdefault("unit", "元")
    return Indicator.objects.create(**fields)


def make_observation(indicator: Indicator, **fields) -> Observation:
    """A confirmed tabular observation (no interview) unless fields say otherwise."""
    fields.setdefault("status", Observation.Status.CONFIRMED)
    fields.setdefault("unit", "亿元")
    fields.setdefault("source", "统计公报")
    return Observation.objects.create(indicator=indicator, **fields)


def make_user(username: str, *roles: str, password: str = "正确的密码-123", **fields):
    """A staff user in the given groups (编辑, 审核, 管理员), which the roles migration created."""
    from django.contrib.auth.models import Group, User

    fields.setdefault("is_staff", True)
    user = User.objects.create_user(username=username, password=password, **fields)
    user.groups.set(Group.objects.filter(name__in=roles))
    if len(roles) != user.groups.count():
        raise ValueError(f"unknown role in {roles}")
    return user


def make_draft(**fields) -> Interview:
    """A complete draft (title, region, summary, questions with answers) that passes every check."""
    fields.setdefault("status", Interview.Status.DRAFT)
    fields.setdefault("summary", "区领导谈十年发展。")
    if "region" not in fields:
        fields["region"] = make_region()
    fields.setdefault("questions", 2)
    return make_interview(**fields)
