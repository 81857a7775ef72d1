"""Turn uploaded bytes into text the parser can read.

Transcripts arrive as UTF-8 (with or without BOM), GB18030/GBK (Chinese word processors and
older websites) or UTF-16 with a BOM (Windows Notepad's "Unicode"). Line ends (CRLF, CR) are
normalised to ``\\n``. Anything else — an empty file, an image or other binary renamed .txt,
bytes that are no text in these encodings (or read as GB18030 only as gibberish: ``check_chinese``),
a text over ``MAX_TEXT_BYTES`` — is refused with a
``DecodeError`` whose message tells the editor what is wrong (and where, as a byte offset).
"""

import codecs
import re

# The longest real transcript we have seen is ~100 KB; 5 MB leaves room for a long series in one
# file and refuses pasted database dumps or logs before they reach the parser.
MAX_TEXT_BYTES = 5 * 1024 * 1024

_BOM_ENCODINGS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BOMS = tuple(bom for bom, _ in _BOM_ENCODINGS)
SAVE_AS_UTF8 = "请用记事本或 Word 另存为 UTF-8 文本后再导入。"

# File signatures of formats editors might rename to .txt by mistake.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"RIFF", "WebP 图片或音视频"),
    (b"%PDF", "PDF 文档"),
    (b"PK\x03\x04", "压缩包或 Word（.docx）文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word（.doc）或 Excel 文件"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"Rar!", "RAR 压缩文件"),
    (b"7z\xbc\xaf", "7z 压缩文件"),
]
# C0 control characters other than tab and line ends do not occur in typed text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Han characters and the private-use area (where GBK puts its user-defined codes).
_HAN_OR_PRIVATE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff]")


class DecodeError(ValueError):
    """The bytes are not text in an encoding we accept; the message is for editors."""


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_size(size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise DecodeError(
            f"文件过大（{format_size(size)}），单个稿件不能超过 {format_size(MAX_TEXT_BYTES)}，请拆分后再导入。"
        )


def decode_bytes(data: bytes) -> str:
    check_size(len(data))
    if not data.strip():
        raise DecodeError("文件为空，没有可导入的内容。")
    if not data.startswith(_BOMS):
        for signature, kind in SIGNATURES:
            if data.startswith(signature):
                raise DecodeError(f"这是一个{kind}，不是文本稿件。请上传 .txt 或 .docx 文件。")
    text = decode_text(data)
    control = _CONTROL.search(text)
    if control:
        raise DecodeError(f"文件含有二进制内容（第 {control.start() + 1} 个字符），不是文本稿件。")
    text = normalise_newlines(text)
    if not text.strip():
        raise DecodeError("文件为空，没有可导入的内容。")
    return text


def decode_text(data: bytes, *, advice: str = SAVE_AS_UTF8) -> str:
    """``data`` as text: UTF-8 or UTF-16 after their BOM, UTF-8, or else GB18030 that reads as Chinese.

    Raises ``DecodeError`` (its message ending with ``advice``) for anything else."""
    for bom, encoding in _BOM_ENCODINGS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, offset=len(bom), advice=advice)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode(data, "gb18030", advice=advice)
        check_chinese(text, advice=advice)
        return text


def check_chinese(text: str, *, advice: str = SAVE_AS_UTF8) -> None:
    """Refuse a text read as GB18030 that is mostly characters no Chinese transcript uses.

    GB18030 decodes almost any bytes, so a Big5 (Traditional), Shift-JIS or binary file "succeeds"
    as gibberish. A real transcript's Han characters are in GB2312 (the 6,763 common ones) or are
    Traditional forms of them; in a misread file 40 % or more are neither (measured on the sample
    saved as Big5, and on random bytes), in a real one, Traditional included, none or a few names.
    """
    from .cleaning import t2s

    han = _HAN_OR_PRIVATE.findall(text)
    rare = [c for c in set(han) if not _in_gb2312(c)]
    simplified = t2s().convert("\n".join(rare)).split("\n") if rare else []
    rare = {c for c, s in zip(rare, simplified, strict=True) if not _in_gb2312(s)}
    count = sum(c in rare for c in han)
    if count >= 10 and count * 10 > len(han):
        raise DecodeError(
            f"无法识别文件编码：按 GB18030 读出的汉字有 {count * 100 // len(han)}% 是生僻字或乱码，"
            f"文件可能是繁体 Big5、日文等其他编码。{advice}"
        )


def _in_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode(data: bytes, encoding: str, *, offset: int = 0, advice: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        names = {"utf-8": "UTF-8", "gb18030": "UTF-8 或 GB18030", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}
        raise DecodeError(
            f"无法识别文件编码：第 {error.start + offset} 字节处的内容不是 {names[encoding]} 编码的文字。{advice}"
        ) from error


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
