"""Time to make an image's renditions from a camera-sized JPEG (pure Pillow, no database).

    .venv/bin/python bench/renditions.py [--width 6000 --height 4000 --repeat 3] [--no-draft]

    .venv/bin/python bench/renditions.py --format PNG [--no-draft]

Prints the median seconds to decode the source and write every rendition the public pages use
for one image (the "content" and "card" presets, WebP and JPEG), which is what the first visitor
of a page with a new photo waits for. Numbers go in README.md.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from media_library.renditions import PRESETS, open_oriented, render, source_size_needed  # noqa: E402


def camera_photo(width: int, height: int, fmt: str) -> bytes:
    """A photo-like JPEG: gradients, shapes and blurred noise, so it compresses like a real photo."""
    image = Image.effect_noise((width, height), 40).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for i in range(0, width, max(1, width // 12)):
        draw.rectangle([i, height // 3, i + width // 20, height], fill=(120, 90 + i % 120, 60, 160))
    draw.ellipse([width * 0.6, height * 0.1, width * 0.8, height * 0.1 + width * 0.2], fill=(250, 220, 90, 220))
    image = image.filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    image.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def make_all(data: bytes, width: int, height: int, *, draft: bool) -> int:
    specs = [
        spec
        for name in ("content", "card")
        for fmt in ("webp", "jpeg")
        for spec in PRESETS[name].specs(width, height, fmt)
    ]
    source = open_oriented(data, at_least=source_size_needed(specs, (width, height)) if draft else None)
    return sum(len(render(source, spec)[0]) for spec in specs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=6000)
    parser.add_argument("--height", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=["JPEG", "PNG", "WEBP"], default="JPEG")
    parser.add_argument("--no-draft", action="store_true", help="decode and resize from full size (for comparison)")
    args = parser.parse_args()
    data = camera_photo(args.width, args.height, args.format)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        written = make_all(data, args.width, args.height, draft=not args.no_draft)
        times.append(time.perf_counter() - start)
    print(
        f"{args.width}x{args.height} {args.format} ({len(data) / 1e6:.1f} MB), "
        f"reduced decode {'off' if args.no_draft else 'on'}: "
        f"12 renditions, {written / 1e3:.0f} KB written, "
        f"median {statistics.median(times):.2f} s over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
