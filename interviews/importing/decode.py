"""Turn uploaded bytes into text the parser can read.

Transcripts arrive as UTF-8 (with or without BOM) or GB18030/GBK, the encodings
Chinese word processors and websites save in. Line ends are normalised to ``\\n``.
"""

import codecs


class DecodeError(ValueError):
    """The bytes are not text in an encoding we accept; the message is for editors."""


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise DecodeError("文件为空，没有可导入的内容。")
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode(data, "gb18030")
    if "\x00" in text:
        raise DecodeError("文件含有二进制内容，不是文本稿件。")
    return normalise_newlines(text)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"无法识别文件编码：第 {error.start} 字节处的内容既不是 UTF-8 也不是 GB18030 编码的文字。"
        ) from error


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
