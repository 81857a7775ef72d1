import io
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.template import Context, Template
from PIL import Image as PILImage
from PIL import ImageCms

from media_library.models import Image, Rendition
from media_library.renditions import PRESETS, Spec, crop_box, open_oriented, render, source_size_needed
from tests.factories import image_bytes, make_image, upload

GPS_IFD = 0x8825


def decoded(data: bytes) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(data))
    image.load()
    return image


def photo_with_gps_and_orientation() -> bytes:
    """A 400×200 JPEG, left half red and right half blue, shot rotated (orientation 6) with GPS."""
    image = PILImage.new("RGB", (400, 200), (255, 0, 0))
    image.paste((0, 0, 255), (200, 0, 400, 200))
    exif = PILImage.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "TestCam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 52.0, 0.0), 3: "E", 4: (125.0, 19.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def test_crop_box_keeps_the_focal_point_inside():
    # A wide 1600×600 image cropped to a square: the box follows the focal point but stays in the image.
    assert crop_box((1600, 600), (1, 1), (0.5, 0.5)) == (500, 0, 1100, 600)
    assert crop_box((1600, 600), (1, 1), (0.9, 0.5)) == (1000, 0, 1600, 600)
    assert crop_box((1600, 600), (1, 1), (0.0, 0.5)) == (0, 0, 600, 600)


def test_fill_uses_focal_point():
    source = PILImage.new("RGB", (1600, 600), (255, 0, 0))
    source.paste((0, 0, 255), (1000, 0, 1600, 600))  # the right part is blue

    left, _, _ = render(source, Spec(100, 100, "jpeg"), focal=(0.0, 0.5))
    right, _, _ = render(source, Spec(100, 100, "jpeg"), focal=(1.0, 0.5))

    assert decoded(left).getpixel((50, 50))[0] > 200  # red
    assert decoded(right).getpixel((50, 50))[2] > 200  # blue


def test_rendition_is_upright_and_has_no_exif_or_gps():
    source = open_oriented(photo_with_gps_and_orientation())

    for fmt in ("jpeg", "webp"):
        data, width, height = render(source, Spec(100, None, fmt))
        out = decoded(data)
        assert (out.format, width, height, out.size) == ({"jpeg": "JPEG", "webp": "WEBP"}[fmt], 100, 200, (100, 200))
        assert not out.getexif() and "exif" not in out.info
        # Rotated 90° clockwise: the red left half is now on top.
        assert out.convert("RGB").getpixel((50, 20))[0] > 200
        assert out.convert("RGB").getpixel((50, 180))[2] > 200


def test_transparent_png_gets_white_background_in_jpeg_and_keeps_alpha_in_webp():
    source = decoded(image_bytes("PNG", size=(200, 100), color=(0, 0, 0, 0)))

    jpeg, _, _ = render(source, Spec(100, None, "jpeg"))
    webp, _, _ = render(source, Spec(100, None, "webp"))

    assert decoded(jpeg).getpixel((10, 10)) == (255, 255, 255)
    assert decoded(webp).mode == "RGBA"


def test_presets_never_upscale():
    specs = PRESETS["content"].specs(600, 400, "webp")

    assert [(s.width, s.height) for s in specs] == [(480, None), (600, None)]
    assert [s.width for s in PRESETS["card"].specs(300, 100, "jpeg")] == [177]  # 100 px tall fills 177×100 at 16:9


@pytest.mark.django_db
def test_renditions_are_stored_once_and_reused(django_assert_num_queries):
    image = make_image(size=(1600, 1200))

    first = [r.url for r in image.renditions_for("content", "webp")]
    assert Rendition.objects.filter(image=image).count() == 3

    again = image.__class__.objects.get(pk=image.pk)
    with django_assert_num_queries(1):  # one read, no new rendition
        assert [r.url for r in again.renditions_for("content", "webp")] == first
    assert Rendition.objects.filter(image=image).count() == 3


@pytest.mark.django_db
def test_the_same_rendition_cannot_be_stored_twice():
    image = make_image()
    rendition = image.renditions_for("thumb", "jpeg")[0]

    with pytest.raises(IntegrityError):
        Rendition.objects.create(image=image, spec=rendition.spec, file="renditions/x.jpg", width=1, height=1)


@pytest.mark.django_db
def test_renditions_work_without_a_local_filesystem(settings, media_root):
    # Object storage (S3) has no paths: an in-memory storage must work the same way.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    image = make_image(size=(1000, 500))

    rendition = image.renditions_for("card", "webp")[-1]

    with rendition.file.storage.open(rendition.file.name) as stored:
        assert decoded(stored.read()).size == (480, 270)
    assert type(rendition.file.storage._wrapped).__name__ == "InMemoryStorage"
    assert not list(media_root.rglob("*.*"))  # nothing touched the local media folder


@pytest.mark.django_db
def test_picture_tag_renders_responsive_picture_with_alt():
    image = make_image(size=(1600, 900), alt_text="南关区委书记接受采访")

    html = Template('{% load media_library %}{% picture image "content" %}').render(Context({"image": image})).strip()

    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert '<source type="image/webp"' in html
    webp = {r.width: r.url for r in image.renditions_for("content", "webp")}
    jpeg = {r.width: r.url for r in image.renditions_for("content", "jpeg")}
    assert sorted(webp) == [480, 800, 1200]
    assert f"{webp[480]} 480w, {webp[800]} 800w, {webp[1200]} 1200w" in html
    assert f'src="{jpeg[1200]}"' in html and f"{jpeg[800]} 800w" in html
    assert 'alt="南关区委书记接受采访"' in html
    assert 'width="1200" height="675"' in html


@pytest.mark.django_db
def test_decorative_image_has_empty_alt():
    image = make_image(alt_text="", decorative=True)

    html = Template('{% load media_library %}{% picture image "card" %}').render(Context({"image": image}))

    assert 'alt=""' in html


@pytest.mark.django_db
def test_moving_the_focal_point_remakes_fill_renditions(admin_client, django_capture_on_commit_callbacks):
    image = make_image(size=(1600, 600))
    old = image.renditions_for("thumb", "jpeg")[0]

    with django_capture_on_commit_callbacks(execute=True):
        image.clear_renditions()

    assert not Rendition.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)
    assert image.renditions_for("thumb", "jpeg")[0].pk != old.pk


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_large_sources_are_decoded_reduced_but_never_below_what_renditions_need(fmt):
    data = image_bytes(fmt, size=(4000, 3000))
    specs = PRESETS["content"].specs(4000, 3000, "webp") + PRESETS["card"].specs(4000, 3000, "jpeg")
    needed = source_size_needed(specs, (4000, 3000))

    source = open_oriented(data, at_least=needed)

    assert needed == (1200, 900)
    assert 1200 <= source.width < 4000 and 900 <= source.height < 3000


def test_reduced_decode_of_a_rotated_photo_stays_upright_and_large_enough():
    source = open_oriented(photo_with_gps_and_orientation(), at_least=(60, 120))

    assert source.width >= 60 and source.height >= 120 and source.height > source.width


def test_a_16_bit_greyscale_png_keeps_its_tones():
    # Scanned photos often come as 16-bit greyscale PNG; 20000 of 65535 is a dark grey (≈78 of 255).
    out = io.BytesIO()
    PILImage.new("I;16", (480, 270), 20000).save(out, format="PNG")

    source = open_oriented(out.getvalue(), at_least=(240, 135))
    for fmt in ("webp", "jpeg"):
        data, _, _ = render(source, Spec(240, 135, fmt))
        assert decoded(data).convert("L").getpixel((10, 10)) == pytest.approx(78, abs=3), fmt


@pytest.mark.django_db
def test_a_palette_png_gets_smooth_renditions():
    # Charts and screenshots are often 8-bit palette PNGs: reduce() refuses mode P, and resize() would
    # fall back to nearest-neighbour for it, so fine stripes must average to grey, not stay black or white.
    stripes = PILImage.new("L", (1000, 600), 255)
    for x in range(0, 1000, 2):
        stripes.paste(0, (x, 0, x + 1, 600))
    out = io.BytesIO()
    stripes.convert("P").save(out, format="PNG")
    image, _ = Image.objects.from_upload(upload(out.getvalue(), "chart.png", "image/png"), alt_text="图表")

    for preset in ("thumb", "content"):
        rendition = image.renditions_for(preset, "jpeg")[0]
        with rendition.file.open("rb") as stored:
            grey = decoded(stored.read()).convert("L").getpixel((rendition.width // 2, rendition.height // 2))
        assert 50 < grey < 200, preset


CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian package libgs-common


def cmyk_jpeg(icc_profile: bytes) -> bytes:
    """A print-ready CMYK photo (as from a newspaper's layout system), a warm red, with its profile embedded."""
    out = io.BytesIO()
    PILImage.new("CMYK", (400, 200), (0, 200, 200, 0)).save(out, format="JPEG", quality=95, icc_profile=icc_profile)
    return out.getvalue()


def profile_colour_space(data: bytes) -> str | None:
    icc_profile = decoded(data).info.get("icc_profile")
    return icc_profile[16:20].decode("ascii").strip() if icc_profile else None


@pytest.mark.skipif(not CMYK_PROFILE.exists(), reason="no CMYK ICC profile installed (libgs-common)")
def test_cmyk_photo_renditions_show_the_colours_its_profile_describes():
    icc_profile = CMYK_PROFILE.read_bytes()
    data = cmyk_jpeg(icc_profile)
    cmyk, srgb = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)), ImageCms.createProfile("sRGB")
    expected = ImageCms.profileToProfile(decoded(data), cmyk, srgb, outputMode="RGB").getpixel((10, 10))

    for fmt in ("jpeg", "webp"):
        out, _, _ = render(open_oriented(data), Spec(200, None, fmt))
        # RGB pixels tagged with a CMYK profile cannot be colour-managed: browsers show them as sRGB.
        assert profile_colour_space(out) in (None, "RGB"), fmt
        assert decoded(out).convert("RGB").getpixel((10, 10)) == pytest.approx(expected, abs=4), fmt


def test_renditions_carry_no_profile_that_cannot_describe_rgb_pixels():
    unreadable_cmyk_profile = bytes(16) + b"CMYK" + bytes(108)
    data = cmyk_jpeg(unreadable_cmyk_profile)

    for fmt in ("jpeg", "webp"):
        out, _, _ = render(open_oriented(data), Spec(200, None, fmt))
        assert profile_colour_space(out) is None, fmt


def test_renditions_keep_an_rgb_profile():
    # A wide-gamut (Adobe RGB, Display P3) photo keeps its profile, so browsers show its colours.
    rgb_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = image_bytes("JPEG", size=(400, 200), icc_profile=rgb_profile)

    out, _, _ = render(open_oriented(data), Spec(200, None, "webp"))

    assert decoded(out).info["icc_profile"] == rgb_profile


@pytest.mark.django_db
def test_a_long_infographic_is_shown_within_the_formats_size_limits():
    # 长图 (long infographics) are common; WebP cannot be taller than 16383 pixels.
    image, _ = Image.objects.from_upload(upload(image_bytes(size=(100, 20000)), "长图.jpg"), alt_text="长图")

    html = Template('{% load media_library %}{% picture image "content" %}').render(Context({"image": image}))

    [webp] = image.renditions_for("content", "webp")
    [jpeg] = image.renditions_for("content", "jpeg")
    assert (webp.width, webp.height) == (81, 16200) and (jpeg.width, jpeg.height) == (100, 20000)
    assert f"{webp.url} 81w" in html and f"{jpeg.url} 100w" in html and 'alt="长图"' in html


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_png_with_a_transparent_colour_gets_white_background_in_jpeg_and_keeps_alpha_in_webp(mode):
    # Some tools save simple transparency as one transparent colour (tRNS) instead of an alpha channel.
    out = io.BytesIO()
    PILImage.new(mode, (200, 100), 0).save(out, format="PNG", transparency=(0, 0, 0) if mode == "RGB" else 0)
    source = open_oriented(out.getvalue())

    jpeg, _, _ = render(source, Spec(100, None, "jpeg"))
    webp, _, _ = render(source, Spec(100, None, "webp"))

    assert decoded(jpeg).getpixel((10, 10)) == (255, 255, 255)
    assert decoded(webp).mode == "RGBA" and decoded(webp).getpixel((10, 10))[3] == 0
