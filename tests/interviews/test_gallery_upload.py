"""「批量上传图片」: many photos into an interview's gallery at once, then their alt texts on one page."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from interviews.gallery import natural_key
from interviews.models import Interview, InterviewImage
from media_library.models import Image
from tests.factories import add_to_gallery, image_bytes, make_draft, make_image, make_user, upload

pytestmark = pytest.mark.django_db


def upload_url(interview):
    return reverse("admin:interviews_interview_gallery_upload", args=[interview.pk])


def alt_text_url(interview):
    return reverse("admin:interviews_interview_gallery_alt_text", args=[interview.pk])


def photo(name: str, shade: int) -> object:
    """A distinct small JPEG named ``name`` (``shade`` makes the bytes differ)."""
    return upload(image_bytes(size=(320, 240), color=(shade, 120, 60)), name)


def opened(client, interview) -> dict:
    """The upload page's hidden fields as the browser would send them back."""
    form = client.get(upload_url(interview)).context["form"]
    return {"version": form.initial["version"]}


def post_photos(client, interview, files, **fields):
    return client.post(upload_url(interview), {**opened(client, interview), "files": files, **fields})


def gallery_titles(interview) -> list[str]:
    return [entry.image.title for entry in interview.gallery_entries.select_related("image").order_by("order", "pk")]


@pytest.fixture
def editor(client):
    user = make_user("editor", "编辑")
    client.force_login(user)
    return user


def test_photos_are_added_in_the_natural_order_of_their_file_names(client, editor):
    interview = make_draft()
    add_to_gallery(interview, make_image(title="原有的图"))

    response = post_photos(client, interview, [photo("10.jpg", 10), photo("2.jpg", 20), photo("1.jpg", 30)])

    assert response.status_code == 302
    assert gallery_titles(interview) == ["原有的图", "1", "2", "10"]
    assert Image.objects.count() == 4


def test_natural_order_compares_numbers_inside_names():
    names = ["图10.jpg", "图2.jpg", "IMG_0100.JPG", "图1.jpg", "img_0020.jpg"]

    assert sorted(names, key=natural_key) == ["img_0020.jpg", "IMG_0100.JPG", "图1.jpg", "图2.jpg", "图10.jpg"]


def test_caption_and_credit_typed_once_go_to_every_new_photo(client, editor):
    interview = make_draft()

    post_photos(client, interview, [photo("1.jpg", 1), photo("2.jpg", 2)], caption="南关区街景", credit="摄影：张三")

    assert {(image.caption, image.credit) for image in Image.objects.all()} == {("南关区街景", "摄影：张三")}


def test_a_photo_already_in_the_library_is_reused_not_duplicated(client, editor):
    existing = make_image(title="库里已有", caption="原来的说明")
    same_bytes = existing.file.storage.open(existing.file.name).read()
    interview = make_draft()

    response = post_photos(client, interview, [upload(same_bytes, "副本.jpg"), photo("新.jpg", 5)], caption="新说明")

    assert response.status_code == 302
    assert Image.objects.count() == 2
    assert gallery_titles(interview) == ["库里已有", "新"]
    existing.refresh_from_db()
    assert existing.caption == "原来的说明"


def test_the_same_photo_picked_twice_or_already_in_the_gallery_is_added_once(client, editor):
    interview = make_draft()
    in_gallery = make_image(title="已在图集")
    add_to_gallery(interview, in_gallery)
    again = in_gallery.file.storage.open(in_gallery.file.name).read()
    data = image_bytes(size=(320, 240), color=(1, 2, 3))

    response = post_photos(client, interview, [upload(data, "a.jpg"), upload(data, "b.jpg"), upload(again, "c.jpg")])

    assert response.status_code == 302
    assert gallery_titles(interview) == ["已在图集", "a"]


def test_one_bad_file_saves_nothing_and_names_the_file_and_why(client, editor, media_root):
    interview = make_draft()
    svg = upload(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "3.jpg", "image/jpeg")

    response = post_photos(client, interview, [photo("1.jpg", 1), photo("2.jpg", 2), svg])

    assert response.status_code == 200
    html = response.content.decode()
    assert "「3.jpg」" in html and "不支持 SVG 图片" in html
    assert "没有上传任何图片" in html
    assert not Image.objects.exists() and not InterviewImage.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_every_refused_file_is_listed(client, editor):
    interview = make_draft()
    broken = upload(image_bytes()[:200], "坏的.jpg")
    text = upload(b"not an image at all", "说明.jpg")

    html = post_photos(client, interview, [broken, photo("好的.jpg", 1), text]).content.decode()

    assert "「坏的.jpg」" in html and "「说明.jpg」" in html and "「好的.jpg」" not in html
    assert not Image.objects.exists()


def test_the_batch_limits_come_from_settings(client, editor, settings):
    settings.MEDIA_BATCH_MAX_FILES = 2
    interview = make_draft()

    html = post_photos(client, interview, [photo(f"{n}.jpg", n) for n in range(3)]).content.decode()

    assert "一次最多上传 2 张图片" in html
    assert not Image.objects.exists()


def test_the_total_size_of_a_batch_is_limited(client, editor, settings):
    settings.MEDIA_BATCH_MAX_BYTES = 1024
    interview = make_draft()

    html = post_photos(client, interview, [photo("1.jpg", 1), photo("2.jpg", 2)]).content.decode()

    assert "合计不能超过 1 KB" in html
    assert not Image.objects.exists()


def test_the_history_records_who_added_photos_to_the_gallery(client, editor):
    interview = make_draft()

    post_photos(client, interview, [photo("1.jpg", 1), photo("2.jpg", 2)])

    last = Interview.history.filter(id=interview.pk).first()
    assert last.history_user == editor
    assert "批量上传图片" in last.history_change_reason and "2 张" in last.history_change_reason


def test_a_page_opened_before_a_colleague_saved_adds_nothing(client, editor):
    interview = make_draft(title="原标题")
    stale = opened(client, interview)
    interview.title = "同事改的标题"
    interview.save()

    response = client.post(upload_url(interview), {**stale, "files": [photo("1.jpg", 1)]})

    assert response.status_code == 200
    assert "其他人已修改这篇访谈" in response.content.decode()
    assert not Image.objects.exists() and not InterviewImage.objects.exists()


def test_editor_may_not_bulk_upload_to_an_interview_under_review(client, editor):
    interview = make_draft()
    interview.submit(by=make_user("submitter", "编辑"))

    assert client.get(upload_url(interview)).status_code == 403
    assert client.post(upload_url(interview), {"files": [photo("1.jpg", 1)]}).status_code == 403
    assert not Image.objects.exists()


def test_a_user_who_may_not_add_images_gets_403(client):
    user = make_user("gallery-only")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["change_interview", "view_interview", "add_interviewimage"])
    )
    client.force_login(user)
    interview = make_draft()

    assert client.post(upload_url(interview), {"files": [photo("1.jpg", 1)]}).status_code == 403
    assert not Image.objects.exists()


def test_a_published_interview_takes_no_photo_without_alt_text(client):
    client.force_login(make_user("reviewer", "审核"))
    interview = make_draft()
    interview.submit(by=make_user("submitter", "编辑"))
    interview.approve(by=make_user("publisher", "审核"))

    html = post_photos(client, interview, [photo("1.jpg", 1)]).content.decode()

    assert "缺少替代文字" in html
    assert not Image.objects.exists() and not interview.gallery_entries.exists()


def test_the_change_form_links_to_the_bulk_upload_only_for_who_may_use_it(client, editor):
    draft = make_draft()
    under_review = make_draft()
    under_review.submit(by=make_user("submitter", "编辑"))

    def change_form(interview):
        return client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert upload_url(draft) in change_form(draft)
    assert upload_url(under_review) not in change_form(under_review)


def test_after_uploading_the_editor_types_each_new_photos_alt_text(client, editor):
    interview = make_draft()
    add_to_gallery(interview, make_image(title="旧图", alt_text="旧图的说明"))

    response = post_photos(client, interview, [photo("2.jpg", 2), photo("1.jpg", 1)])

    page = client.get(response["Location"])
    assert page.status_code == 200
    formset = page.context["formset"]
    assert [form.instance.title for form in formset] == ["1", "2"]
    assert page.content.decode().count("<picture") == 2
    data = formset_data(formset, {"1": ("区委书记接受采访", False), "2": ("", True)})

    saved = client.post(page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"], data)

    assert saved.status_code == 302
    assert "已保存 2 张图片的替代文字" in client.get(saved["Location"]).content.decode()
    assert {image.title: (image.alt_text, image.decorative) for image in Image.objects.exclude(title="旧图")} == {
        "1": ("区委书记接受采访", False),
        "2": ("", True),
    }
    assert interview.images_missing_alt_text() == []


def test_the_alt_text_page_lists_the_whole_gallery_without_a_selection(client, editor):
    interview = make_draft()
    add_to_gallery(interview, make_image(title="甲", alt_text=""), make_image(title="乙"))
    make_image(title="不在图集")

    page = client.get(alt_text_url(interview))

    assert [form.instance.title for form in page.context["formset"]] == ["甲", "乙"]


def test_alt_text_of_a_gallery_photo_cannot_be_cleared(client, editor):
    interview = make_draft()
    image = make_image(title="甲", alt_text="原有说明")
    add_to_gallery(interview, image)
    formset = client.get(alt_text_url(interview)).context["formset"]

    response = client.post(alt_text_url(interview), formset_data(formset, {"甲": ("", False)}))

    assert response.status_code == 200
    assert "不能清空替代文字" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "原有说明"


def test_a_user_who_may_not_change_images_cannot_open_the_alt_text_page(client):
    user = make_user("reader")
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_interview", "view_image"]))
    client.force_login(user)
    interview = make_draft()

    assert client.get(alt_text_url(interview)).status_code == 403


def formset_data(formset, values: dict[str, tuple[str, bool]]) -> dict:
    """The alt-text formset posted back with ``{title: (alt text, decorative)}``."""
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for form in formset:
        alt_text, decorative = values.get(form.instance.title, (form.instance.alt_text, form.instance.decorative))
        data[form.add_prefix("id")] = form.instance.pk
        data[form.add_prefix("alt_text")] = alt_text
        if decorative:
            data[form.add_prefix("decorative")] = "on"
    return data


def test_a_selection_of_images_not_in_the_gallery_lists_none_and_says_so(client, editor):
    interview = make_draft()
    add_to_gallery(interview, make_image(title="甲"))
    elsewhere = make_image(title="别处的图")

    page = client.get(f"{alt_text_url(interview)}?images={elsewhere.pk},abc,99999999999999999999999")

    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 0
    assert "所选图片已不在图集中" in page.content.decode()
