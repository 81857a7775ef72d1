"""Read an uploaded file (.txt, .docx or .zip of them) into one or more decoded texts.

- ``.txt``: decoded by ``decode.decode_bytes``.
- ``.docx``: the text as Word shows it, one paragraph a line (``word.py``: tables, tracked changes,
  list numbers, text boxes; headers, footers, notes and comments left out).
- ``.zip``: each ``.txt``/``.docx`` member, in archive order; any other member (an image, a PDF,
  a nested archive) is a ``SourceFile`` with ``skipped`` set to a note, which is not a failure;
  macOS resource forks and Word lock files are left out silently. An archive is refused whole
  when a member name escapes the archive (absolute path, ``..``), when it holds more than
  ``MAX_MEMBERS`` files, when its declared or actual uncompressed size passes
  ``MAX_MEMBER_BYTES`` per member / ``MAX_ARCHIVE_BYTES`` in total (decompression bombs), or
  when it holds no transcript at all.

Every failure is a ``SourceFile`` with ``error`` set (a Chinese message), never an exception, so
one bad member does not stop the others. No ORM, no file system: bytes in, texts out.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass

from .decode import MAX_TEXT_BYTES, DecodeError, decode_bytes, format_size
from .word import document_lines

SUPPORTED_SUFFIXES = (".txt", ".docx", ".zip")
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = MAX_TEXT_BYTES
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
# Real text compresses ~3-10x; a far higher ratio is a bomb, whatever the declared sizes say.
MAX_RATIO = 200
# The XML inside a .docx is larger than its text; this caps what python-docx will inflate.
MAX_DOCX_XML_BYTES = 8 * MAX_TEXT_BYTES


@dataclass(frozen=True)
class SourceFile:
    name: str  # file name, or "archive.zip/member.txt"
    text: str = ""
    error: str = ""  # why it could not be read: a failure
    skipped: str = ""  # why a zip member is not a transcript: noted, not a failure


def suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def read_source(name: str, data: bytes) -> list[SourceFile]:
    """Decode one uploaded file; an archive gives one entry per transcript inside it."""
    kind = suffix(name)
    if kind == ".zip":
        return _read_zip(name, data)
    try:
        if kind == ".docx":
            return [SourceFile(name, text=docx_text(data))]
        if kind == ".txt":
            return [SourceFile(name, text=decode_bytes(data))]
    except DecodeError as error:
        return [SourceFile(name, error=str(error))]
    return [SourceFile(name, error="不支持的文件类型，请上传 .txt、.docx 或 .zip 文件。")]


def docx_text(data: bytes) -> str:
    """The text of a Word document as Word shows it, one paragraph a line."""
    import docx  # python-docx; imported here so text-only imports do not pay for lxml

    if len(data) > MAX_ARCHIVE_BYTES:
        raise DecodeError(f"Word 文件过大（{format_size(len(data))}），不能超过 {format_size(MAX_ARCHIVE_BYTES)}。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DecodeError(
            "这不是有效的 Word（.docx）文件，可能是旧版 .doc 或改了扩展名的其他文件。请另存为 .docx 或 .txt。"
        )
    broken = DecodeError("Word 文件已损坏或不是 .docx 格式，无法读取。")
    try:  # is_zipfile() only finds the end record; the directory it points to may still be broken
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise broken from error
    if inflated > MAX_DOCX_XML_BYTES:
        raise DecodeError("Word 文件解压后过大，不能导入。")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a broken package
        raise broken from error
    text = "\n".join(document_lines(document))
    if not text.strip():
        raise DecodeError("Word 文件中没有文字。")
    return text


def _member_name(info: zipfile.ZipInfo) -> str:
    # Windows archivers store Chinese names in GBK without the UTF-8 flag; zipfile reads them as CP437.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    normalised = name.replace("\\", "/")
    return normalised.startswith("/") or ":" in normalised.split("/")[0] or ".." in normalised.split("/")


def _read_zip(name: str, data: bytes) -> list[SourceFile]:
    if len(data) > MAX_ARCHIVE_BYTES:
        return [
            SourceFile(
                name, error=f"压缩包过大（{format_size(len(data))}），不能超过 {format_size(MAX_ARCHIVE_BYTES)}。"
            )
        ]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return [SourceFile(name, error="压缩包已损坏或不是 .zip 格式。")]
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS:
            return [SourceFile(name, error=f"压缩包内文件过多（{len(members)} 个），一次最多 {MAX_MEMBERS} 个。")]
        for info in members:
            if _unsafe(info.filename):
                return [
                    SourceFile(name, error=f"压缩包内的路径「{_member_name(info)}」指向包外，出于安全原因拒绝导入。")
                ]
        declared = sum(info.file_size for info in members)
        if declared > MAX_ARCHIVE_BYTES:
            return [
                SourceFile(
                    name,
                    error=f"压缩包解压后过大（{format_size(declared)}），不能超过 {format_size(MAX_ARCHIVE_BYTES)}。",
                )
            ]
        results: list[SourceFile] = []
        total = 0
        for info in members:
            member = _member_name(info)
            label = f"{name}/{member}"
            kind = suffix(member)
            if posixpath.basename(member.replace("\\", "/")).startswith(("._", "~$")) or "__MACOSX/" in member:
                continue  # macOS resource forks and Word lock files are not transcripts
            if kind == ".zip":
                results.append(
                    SourceFile(label, skipped="压缩包内的压缩包不会展开，已跳过；请先解压，再导入其中的稿件。")
                )
                continue
            if kind not in (".txt", ".docx"):
                results.append(SourceFile(label, skipped="压缩包内只导入 .txt 和 .docx 文件，已跳过。"))
                continue
            if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
                results.append(SourceFile(label, error="该文件解压后过大或压缩比异常，已拒绝。"))
                continue
            try:
                with archive.open(info) as stream:
                    content = stream.read(MAX_MEMBER_BYTES + 1)  # never trust the declared size alone
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
                results.append(SourceFile(label, error="无法解压该文件（已损坏或加密）。"))
                continue
            total += len(content)
            if len(content) > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES:
                return [SourceFile(name, error="压缩包实际解压大小超过限制，可能是恶意压缩包，已拒绝。")]
            results.extend(read_source(label, content))
        if all(result.skipped for result in results):  # nothing to import is a mistake, not a success
            return [SourceFile(name, error="压缩包内没有 .txt 或 .docx 稿件。")]
        return results
