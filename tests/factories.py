"""Plain factory functions: each returns a saved object, overridable by keyword."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import Appearance, Interview, Person, Question, Region, Series


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
