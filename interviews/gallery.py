"""Adding many photos to an interview's gallery at once (the admin page 「批量上传图片」).

Every file is checked by the media library's own rules (``inspect_image``) before anything is
saved: one refused file refuses the batch, and the error names each refused file and why. Files
whose bytes are already in the library are reused (``Image.objects.from_accepted``); files already
in this gallery, or picked twice, are added once. The photos go to the end of the gallery in the
natural order of their file names (2.jpg before 10.jpg).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from media_library.models import Image
from media_library.validators import ImageUpload, inspect_image

from .models import Interview, InterviewImage
from .workflow import changed_since, stale_message

DIGITS = re.compile(r"(\d+)")


class GalleryUploadError(Exception):
    """A batch that was not saved; ``problems`` are Chinese sentences for the editor, one per cause."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass
class GalleryUpload:
    """What a batch did: the images added to the gallery (in gallery order) and what was skipped."""

    added: list[Image] = field(default_factory=list)
    created: int = 0
    reused: int = 0
    skipped: list[str] = field(default_factory=list)  # file names already in the gallery or picked twice


def natural_key(name: str) -> tuple:
    """Sort key for file names as people count: runs of digits compare as numbers (2.jpg before
    10.jpg, 图2 before 图10), letters without case; the name itself breaks ties (01.jpg, 1.jpg)."""
    parts = DIGITS.split(name.casefold())
    # split() alternates text and digits, so equal positions always hold the same kind of value.
    return (tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), name)


def check_uploads(uploads) -> list[tuple[str, ImageUpload]]:
    """Each upload in natural order of its name with what ``inspect_image`` learnt of it; raises
    GalleryUploadError naming every refused file."""
    accepted, problems = [], []
    for upload in sorted(uploads, key=lambda upload: natural_key(upload.name)):
        try:
            accepted.append((upload.name, inspect_image(upload)))
        except ValidationError as error:
            problems.append(f"「{upload.name}」：{' '.join(error.messages)}")
    if problems:
        raise GalleryUploadError(problems)
    return accepted


def add_uploads(
    interview: Interview, uploads, *, by, opened: str, caption: str = "", credit: str = ""
) -> GalleryUpload:
    """Check every upload, then in one transaction add them to the end of ``interview``'s gallery.

    ``opened`` is the interview's ``edit_version`` when the page was opened: a batch sent from a page
    opened before someone else saved the interview is refused. ``caption`` and ``credit`` go to the
    images this batch creates; images already in the library keep their own. The interview gets a
    history version by ``by`` naming the change. Raises GalleryUploadError and saves nothing if any
    file is refused.
    """
    accepted = check_uploads(uploads)
    result = GalleryUpload()
    with transaction.atomic():
        if current := changed_since(interview, opened):
            advice = "请核对下方的图集后重新选择文件上传。"
            raise GalleryUploadError([stale_message(current, not_done="添加图片", advice=advice)])
        interview.refresh_from_db()  # the row is locked now; the history version copies what is saved
        in_gallery = set(interview.gallery_entries.values_list("image__file_hash", flat=True))
        wanted = []
        for name, upload in accepted:
            if upload.sha256 in in_gallery:
                result.skipped.append(name)
                continue
            in_gallery.add(upload.sha256)
            wanted.append((name, upload))
        hashes = [upload.sha256 for _, upload in wanted]
        library = {image.file_hash: image for image in Image.objects.filter(file_hash__in=hashes)}
        if interview.status == Interview.Status.PUBLISHED:
            # A published interview shows its whole gallery at once (as GalleryFormSet refuses too).
            lacking = [
                f"「{name}」"
                for name, upload in wanted
                if upload.sha256 not in library or library[upload.sha256].needs_alt_text
            ]
            if lacking:
                raise GalleryUploadError(
                    [
                        f"这篇访谈已发布，图集中的图片会立即公开，而以下图片缺少替代文字：{'、'.join(lacking)}。"
                        "请先在媒体库中上传这些图片并填写替代文字，再加入图集。"
                    ]
                )
        start = interview.gallery_entries.aggregate(last=Max("order"))["last"]
        start = 0 if start is None else start + 1
        try:
            for order, (name, upload) in enumerate(wanted, start=start):
                image, created = Image.objects.from_accepted(upload, name, caption=caption, credit=credit)
                result.created += created
                result.reused += not created
                InterviewImage.objects.create(interview=interview, image=image, order=order)
                result.added.append(image)
            if result.added:
                # A change form opened before this batch must not save its older gallery over it, and
                # the history says who added the photos.
                interview.record_part_changed(
                    by=by,
                    reason=f"批量上传图片：图集新增 {len(result.added)} 张"
                    f"（新上传 {result.created} 张，媒体库已有 {result.reused} 张）",
                )
        except Exception as error:
            # The rows roll back; the files this batch already stored would be left behind.
            for image in result.added:
                if image.file_hash not in library:
                    image.file.storage.delete(image.file.name)
            if isinstance(error, IntegrityError):  # someone uploaded the same photo at the same moment
                raise GalleryUploadError(["有人同时上传了相同的图片，本次没有保存，请重新上传。"]) from error
            raise
    return result
