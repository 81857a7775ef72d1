import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from interviews.models import Interview
from media_library.models import Image, Rendition
from tests.factories import add_to_gallery, image_bytes, make_image, make_interview, make_video, upload

pytestmark = pytest.mark.django_db


def stored_exists(field_file) -> bool:
    return field_file.storage.exists(field_file.name)


def test_upload_is_stored_under_a_random_name_with_its_real_type():
    image, created = Image.objects.from_upload(upload(image_bytes("PNG"), name="../../秘密 照片.JPG"), alt_text="街景")

    assert created
    assert image.file.name.startswith("images/") and image.file.name.endswith(".png")
    assert "秘密" not in image.file.name and ".." not in image.file.name
    assert (image.width, image.height, image.title) == (800, 600, "秘密 照片")
    assert stored_exists(image.file)


def test_same_bytes_uploaded_again_reuse_the_existing_image():
    data = image_bytes("JPEG", color=(1, 2, 3))
    first, created = Image.objects.from_upload(upload(data, "a.jpg"), alt_text="甲")
    again, created_again = Image.objects.from_upload(upload(data, "b.jpg"), alt_text="乙")

    assert created and not created_again
    assert again.pk == first.pk
    assert Image.objects.count() == 1


def test_usages_list_every_place_an_image_is_shown():
    image = make_image()
    cover = make_interview(title="封面访谈", cover_image=image)
    gallery = make_interview(title="图集访谈")
    add_to_gallery(gallery, image)
    make_video(title="访谈视频", poster=image)
    image.renditions_for("thumb", "jpeg")  # renditions are the image's own, not a use of it

    assert sorted(image.usages()) == sorted(
        ["访谈（封面图）：封面访谈", "图集图片（图片）：《图集访谈》的图集", "视频（封面图）：访谈视频"]
    )
    assert cover.cover_image == image


def test_used_media_cannot_be_deleted():
    image, video = make_image(), make_video()
    make_interview(cover_image=image, video=video)

    with pytest.raises(ProtectedError):
        image.delete()
    with pytest.raises(ProtectedError):
        video.delete()
    assert Image.objects.filter(pk=image.pk).exists()


def test_deleting_unused_image_removes_its_files_after_commit(django_capture_on_commit_callbacks):
    image = make_image()
    renditions = image.renditions_for("content", "webp")
    files = [image.file, *(r.file for r in renditions)]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()
    assert all(stored_exists(f) for f in files)  # nothing removed before the commit

    for callback in callbacks:
        callback()
    assert not any(stored_exists(f) for f in files)
    assert not Rendition.objects.exists()


def test_rolled_back_delete_keeps_files(django_capture_on_commit_callbacks):
    image = make_image()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        image.delete()
        raise RuntimeError("editor's request failed")

    assert callbacks == []
    assert stored_exists(image.file)


def test_publish_is_refused_while_a_shown_image_lacks_alt_text():
    interview = make_interview(status=Interview.Status.DRAFT)
    add_to_gallery(interview, make_image(title="无说明的图", alt_text=""))

    with pytest.raises(ValidationError) as caught:
        interview.publish()

    assert caught.value.messages == ["以下图片缺少替代文字，请填写替代文字或标记为装饰性图片后再发布：「无说明的图」。"]
    interview.refresh_from_db()
    assert interview.status == Interview.Status.DRAFT
    assert not Interview.objects.published().exists()


@pytest.mark.parametrize("where", ["cover", "poster"])
def test_cover_and_video_poster_also_need_alt_text(where):
    bare = make_image(alt_text="")
    fields = {"cover_image": bare} if where == "cover" else {"video": make_video(poster=bare)}
    interview = make_interview(status=Interview.Status.DRAFT, **fields)

    with pytest.raises(ValidationError):
        interview.publish()


def test_decorative_images_and_images_with_alt_text_allow_publishing():
    interview = make_interview(status=Interview.Status.DRAFT, cover_image=make_image(alt_text="", decorative=True))
    add_to_gallery(interview, make_image(alt_text="区政府大楼"))

    interview.publish()

    assert list(Interview.objects.published()) == [interview]


def test_a_video_is_a_file_or_an_external_url_never_both_nor_neither():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_video(external_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_video(file="videos/a.mp4", external_url="https://news.example.cn/v/1.html")
