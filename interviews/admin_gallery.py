"""The admin pages of 「批量上传图片」: many photos into an interview's gallery at once, then their
alt texts on one page (an interview cannot be published while an image it shows has none)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import modelformset_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from media_library.forms import AltTextForm
from media_library.models import Image

from .forms import GalleryUploadForm
from .gallery import GalleryUploadError, add_uploads
from .models import Interview
from .workflow import can_edit_content, edit_version

AltTextFormSet = modelformset_factory(Image, form=AltTextForm, extra=0)


def may_upload(user, interview: Interview) -> bool:
    """Whoever may fill this interview's gallery in its current state (编辑: drafts only) and add images."""
    return (
        can_edit_content(user, interview)
        and user.has_perm("interviews.add_interviewimage")
        and user.has_perm("media_library.add_image")
    )


def may_describe(user) -> bool:
    """Alt texts are the images' own, edited under the same permission as in the image admin."""
    return user.has_perm("interviews.view_interview") and user.has_perm("media_library.change_image")


def change_form_links(user, interview: Interview) -> dict:
    """The links the change form shows next to the gallery, for those who may follow them."""
    return {
        "gallery_upload_url": reverse("admin:interviews_interview_gallery_upload", args=[interview.pk])
        if may_upload(user, interview)
        else "",
        "gallery_alt_text_url": reverse("admin:interviews_interview_gallery_alt_text", args=[interview.pk])
        if may_describe(user)
        else "",
    }


def _context(model_admin, request, interview: Interview, title: str) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{title}：{interview.title}",
        "label": title,
        "interview": interview,
        "change_url": reverse("admin:interviews_interview_change", args=[interview.pk]),
    }


def _gallery(interview: Interview):
    return (
        interview.gallery_entries.select_related("image").prefetch_related("image__renditions").order_by("order", "pk")
    )


def upload_view(model_admin, request, pk):
    """「批量上传图片」 (admin/interviews/interview/gallery_upload.html): GET shows the form and the
    gallery as it is; POST adds every file or, if one is refused, none, and names each refused file."""
    interview = get_object_or_404(Interview, pk=pk)
    if not may_upload(request.user, interview):
        raise PermissionDenied
    form = GalleryUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"version": edit_version(interview)},
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = add_uploads(
                interview,
                data["files"],
                by=request.user,
                opened=data["version"],
                caption=data["caption"].strip(),
                credit=data["credit"].strip(),
            )
        except GalleryUploadError as error:
            problems = error.problems
            interview = Interview.objects.get(pk=pk)
            # The files must be picked again anyway; the page now shows the gallery as it is.
            form = GalleryUploadForm(initial={**data, "files": None, "version": edit_version(interview)})
        else:
            return _uploaded(request, interview, result)
    context = {
        **_context(model_admin, request, interview, "批量上传图片"),
        "form": form,
        "problems": problems,
        "entries": _gallery(interview),
        "published": interview.status == Interview.Status.PUBLISHED,
    }
    return TemplateResponse(request, "admin/interviews/interview/gallery_upload.html", context)


def _uploaded(request, interview: Interview, result):
    if result.skipped:
        names = "、".join(f"「{name}」" for name in result.skipped)
        messages.info(request, f"以下图片已在图集中（或重复选择），没有重复添加：{names}。")
    if not result.added:
        messages.warning(request, "图集没有变化。")
        return redirect("admin:interviews_interview_change", interview.pk)
    messages.success(
        request,
        f"已向图集添加 {len(result.added)} 张图片（新上传 {result.created} 张，媒体库中已有 {result.reused} 张）。"
        "请为每张图片填写替代文字，或标记为装饰性图片。",
    )
    url = reverse("admin:interviews_interview_gallery_alt_text", args=[interview.pk])
    return redirect(f"{url}?{urlencode({'images': ','.join(str(image.pk) for image in result.added)})}")


def alt_text_view(model_admin, request, pk):
    """「填写图集替代文字」 (admin/interviews/interview/gallery_alt_text.html): a thumbnail, the alt text
    and the 装饰性图片 box for each gallery image, or only those in ``?images=1,2`` (a batch just added)."""
    interview = get_object_or_404(Interview, pk=pk)
    if not may_describe(request.user):
        raise PermissionDenied
    parts = request.GET.get("images", "").split(",")
    chosen = {int(part) for part in parts if part.isascii() and part.isdecimal() and len(part) <= 18}
    images = (
        Image.objects.filter(gallery_entries__interview=interview)
        .order_by("gallery_entries__order", "gallery_entries__pk")
        .prefetch_related("renditions")
    )
    if chosen:
        images = images.filter(pk__in=chosen)
    formset = AltTextFormSet(request.POST or None, queryset=images, prefix="images")
    for form in formset:  # each field is read with the title of its image (gallery_alt_text.html)
        form.fields["alt_text"].widget.attrs["aria-describedby"] = f"image-{form.instance.pk}-title"
    if request.method == "POST" and formset.is_valid():
        formset.save()
        missing = interview.images_missing_alt_text()
        if changed := len(formset.changed_objects):
            messages.success(request, f"已保存 {changed} 张图片的替代文字。")
        else:
            messages.info(request, "替代文字没有改动。")
        if missing:
            messages.warning(
                request,
                f"这篇访谈还有 {len(missing)} 张图片缺少替代文字（也未标记为装饰性图片），填写前不能发布。",
            )
        return redirect("admin:interviews_interview_change", interview.pk)
    context = {
        **_context(model_admin, request, interview, "填写图集替代文字"),
        "formset": formset,
        "chosen": bool(chosen),
        "all_url": reverse("admin:interviews_interview_gallery_alt_text", args=[interview.pk]),
    }
    return TemplateResponse(request, "admin/interviews/interview/gallery_alt_text.html", context)
