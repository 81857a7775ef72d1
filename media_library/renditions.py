"""Resized copies of an image, made with Pillow from bytes to bytes (no ORM, no file paths).

A *spec* says what one rendition is: a width, optionally a height to fill (crop around the
editor's focal point), and an output format (WebP, or JPEG as the fallback). A *preset* names
a set of widths and an aspect ratio for one place on the site, so the template tag can write a
``srcset``. Every rendition has the source's EXIF orientation applied and carries no metadata
(EXIF, GPS, XMP, comments): Pillow writes none unless asked to.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
QUALITY = {"webp": 80, "jpeg": 82}
# The longest side each format can encode; a long infographic (长图) is made narrower to fit.
MAX_SIDE = {"webp": 16383, "jpeg": 65535}
ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class Spec:
    width: int
    height: int | None  # None: keep the source's aspect ratio
    format: str  # "webp" or "jpeg"

    @property
    def key(self) -> str:
        size = f"fill-{self.width}x{self.height}" if self.height else f"width-{self.width}"
        return f"{size}.{self.format}"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


@dataclass(frozen=True)
class Preset:
    widths: tuple[int, ...]
    ratio: tuple[int, int] | None  # (16, 9) to fill; None to keep the source's shape
    sizes: str  # the <img sizes> attribute

    def specs(self, source_width: int, source_height: int, fmt: str) -> list[Spec]:
        """One spec per width the source can fill without upscaling (at least one), smallest first."""
        if self.ratio:
            w, h = self.ratio
            largest = min(source_width, source_height * w // h)
        else:
            largest = min(source_width, max(1, MAX_SIDE[fmt] * source_width // source_height))
        widths = sorted({min(width, largest) for width in self.widths})
        specs = []
        for width in widths:
            height = max(1, round(width * self.ratio[1] / self.ratio[0])) if self.ratio else None
            specs.append(Spec(width, height, fmt))
        return specs


PRESETS = {
    "card": Preset(widths=(240, 360, 480), ratio=(16, 9), sizes="(max-width: 40rem) 100vw, 15rem"),
    "content": Preset(widths=(480, 800, 1200), ratio=None, sizes="(max-width: 60rem) 100vw, 58rem"),
    "poster": Preset(widths=(1280,), ratio=(16, 9), sizes="100vw"),
    "thumb": Preset(widths=(120,), ratio=(1, 1), sizes="60px"),
    "preview": Preset(widths=(400,), ratio=None, sizes="400px"),
}


def source_size_needed(specs: list[Spec], source_size: tuple[int, int]) -> tuple[int, int]:
    """The smallest upright source size from which every spec can still be cut at full quality."""
    width, height = source_size
    needed_w = max(spec.width for spec in specs)
    needed_h = max(spec.height or math.ceil(height * spec.width / width) for spec in specs)
    return needed_w, needed_h


def open_oriented(data: bytes, at_least: tuple[int, int] | None = None) -> PILImage.Image:
    """Decode ``data`` and apply its EXIF orientation, so the pixels are upright.

    With ``at_least`` (an upright size), a JPEG is decoded at the smallest DCT scale (1/2, 1/4,
    1/8) that still covers it, and any image is then box-reduced by a whole factor that keeps it
    covered: much faster for a large photo whose renditions are small, and each rendition's
    Lanczos resize still starts from at least its own size.
    """
    with PILImage.open(io.BytesIO(data)) as image:
        if at_least:
            sideways = image.getexif().get(ORIENTATION_TAG, 1) in (5, 6, 7, 8)
            image.draft(None, at_least[::-1] if sideways else at_least)
        image.load()
        upright = _continuous_tone(_eight_bit(ImageOps.exif_transpose(image)))
    if upright.mode == "CMYK":
        upright = _cmyk_to_srgb(upright)
    if at_least:
        factor = min(upright.width // at_least[0], upright.height // at_least[1])
        if factor >= 2:
            upright = upright.reduce(factor)
    return upright


def _eight_bit(image: PILImage.Image) -> PILImage.Image:
    """16-bit greyscale (a PNG opens as mode I;16 or I) scaled to 8 bits: converting it directly clips
    every value above 255 to white, and reduce() refuses the mode."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
    if image.mode == "I":
        return image.point(lambda value: value * (1 / 256)).convert("L")
    return image


def _continuous_tone(image: PILImage.Image) -> PILImage.Image:
    """Palette and 1-bit images (charts, screenshots) as RGB(A) or greyscale: reduce() refuses those modes
    and resize() falls back to nearest-neighbour for them, which leaves jagged, aliased renditions.
    An image with a transparent colour gets an alpha channel."""
    if image.mode in ("P", "PA"):
        return image.convert("RGBA" if _has_alpha(image) else "RGB")
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("RGB", "L") and "transparency" in image.info:
        # One colour marked transparent (tRNS) instead of an alpha channel: made alpha before resizing blends it.
        return image.convert("RGBA")
    return image


def _cmyk_to_srgb(image: PILImage.Image) -> PILImage.Image:
    """CMYK pixels (print photos) converted to sRGB through their embedded profile, which is then dropped.

    Pillow's plain convert() ignores the profile (a warm red comes out as a glaring one), and renditions
    are RGB, which a CMYK profile cannot describe.
    """
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            rgb = ImageCms.profileToProfile(image, source_profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            rgb = image.convert("RGB")
    else:
        rgb = image.convert("RGB")
    rgb.info.pop("icc_profile", None)  # untagged RGB is sRGB
    return rgb


def crop_box(size: tuple[int, int], target: tuple[int, int], focal: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of the target's aspect ratio inside ``size``, centred on the focal point if it can be.

    ``focal`` is (x, y) as fractions of the width and height, 0..1.
    """
    width, height = size
    target_ratio = target[0] / target[1]
    if width / height > target_ratio:
        box_w, box_h = round(height * target_ratio), height
    else:
        box_w, box_h = width, round(width / target_ratio)
    left = min(max(round(focal[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal[1] * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def render(source: PILImage.Image, spec: Spec, focal: tuple[float, float] = (0.5, 0.5)) -> tuple[bytes, int, int]:
    """Encode one rendition of an upright ``source``; returns (bytes, width, height)."""
    if spec.height:
        image = source.crop(crop_box(source.size, (spec.width, spec.height), focal))
        image = image.resize((spec.width, spec.height), PILImage.Resampling.LANCZOS)
    else:
        # min(): a reduced source's aspect ratio may differ from the original's by a pixel.
        height = min(max(1, round(source.height * spec.width / source.width)), MAX_SIDE[spec.format])
        image = source.resize((spec.width, height), PILImage.Resampling.LANCZOS)
    pillow_format, _ = FORMATS[spec.format]
    if spec.format == "jpeg":
        image = _flatten(image)
        options = {"quality": QUALITY["jpeg"], "optimize": True, "progressive": True}
    else:
        image = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA" if _has_alpha(image) else "RGB")
        options = {"quality": QUALITY["webp"], "method": 4}
    # Keep an RGB colour profile (Adobe RGB, Display P3); drop everything else (EXIF with GPS, XMP,
    # comments) that Pillow might re-save, and a greyscale or CMYK profile, which cannot describe RGB pixels.
    icc_profile = source.info.get("icc_profile")
    image.info = {}
    if icc_profile and icc_profile[16:20] == b"RGB ":
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, format=pillow_format, **options)
    return out.getvalue(), image.width, image.height


def _has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _flatten(image: PILImage.Image) -> PILImage.Image:
    """JPEG has no transparency: put transparent pixels on white."""
    if not _has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = PILImage.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
