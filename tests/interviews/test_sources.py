"""Decoding uploads: encodings, .docx, .zip, and every kind of bad input (no database needed)."""

import io
import zipfile

import docx
import pytest
from PIL import Image

from interviews.importing.decode import MAX_TEXT_BYTES, DecodeError, decode_bytes
from interviews.importing.sources import MAX_MEMBERS, read_source

TEXT = "【视频】系列|访谈·南关区\r\n1.问题？\r\n回答。\r\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with BOM, little-endian on this machine
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.replace("\r\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le", "utf16-be", "cr"],
)
def test_accepted_encodings_and_line_ends_give_the_same_text(data):
    assert decode_bytes(data) == "【视频】系列|访谈·南关区\n1.问题？\n回答。\n"


@pytest.fixture
def sample_text(sample_path):
    return sample_path.read_text(encoding="utf-8")


@pytest.fixture
def traditional(sample_text):
    import opencc

    return opencc.OpenCC("s2t").convert(sample_text)


def test_a_traditional_transcript_saved_as_gbk_is_read(traditional):
    assert decode_bytes(traditional.encode("gbk")) == traditional


def test_a_big5_file_read_as_gibberish_is_refused(traditional):
    with pytest.raises(DecodeError, match="生僻字或乱码.*Big5"):
        decode_bytes(traditional.encode("big5", errors="ignore"))


def test_random_high_bytes_are_refused_not_imported_as_gibberish():
    data = bytes(range(0x81, 0xFF)) * 20

    with pytest.raises(DecodeError, match="生僻字或乱码"):
        decode_bytes(data)


def test_undecodable_bytes_are_refused_with_the_byte_offset():
    data = "标题\n".encode() + b"\x81\x20\xff"

    with pytest.raises(DecodeError, match="第 7 字节"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b" \r\n\t", "文件为空"),
        (b"\x00\x01\x02\x03binary\x00", "二进制"),
        (b"%PDF-1.7\n...", "PDF"),
    ],
)
def test_bad_text_files_get_a_chinese_message(data, message):
    [source] = read_source("稿件.txt", data)

    assert message in source.error
    assert source.text == ""


def test_image_renamed_txt_is_refused_as_an_image():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")

    [source] = read_source("照片.txt", buffer.getvalue())

    assert "PNG 图片" in source.error


def test_twenty_megabyte_text_is_refused():
    [source] = read_source("大文件.txt", "字".encode() * (20 * 1024 * 1024 // 3))

    assert "文件过大（20.0 MB）" in source.error
    assert MAX_TEXT_BYTES < 20 * 1024 * 1024


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_in_order():
    [source] = read_source("访谈.docx", make_docx("标题", "1.问题？", "回答。"))

    assert source.text == "标题\n1.问题？\n回答。"


def test_docx_that_is_not_a_zip_is_refused():
    [source] = read_source("旧版.docx", "纯文本".encode())

    assert "不是有效的 Word" in source.error


def test_docx_with_a_damaged_directory_is_refused_not_a_crash():
    whole = make_docx("标题", "1.问题？", "回答。")
    damaged = whole[:200] + whole[-22:]  # the end record survives, the directory it points to does not

    [source] = read_source("损坏.docx", damaged)

    assert "损坏" in source.error


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_of_txt_and_docx_gives_each_transcript_and_skips_other_files():
    data = make_zip(
        {"一.txt": TEXT.encode("gbk"), "目录/二.docx": make_docx("标题二", "1.问？", "答。"), "说明.pdf": b"%PDF"}
    )

    sources = read_source("批量.zip", data)

    assert [s.name for s in sources] == ["批量.zip/一.txt", "批量.zip/目录/二.docx", "批量.zip/说明.pdf"]
    assert sources[0].text.startswith("【视频】系列")
    assert sources[1].text == "标题二\n1.问？\n答。"
    assert "只导入 .txt 和 .docx" in sources[2].skipped
    assert not sources[2].error  # not a failure: the archive holds it beside the transcripts


def test_zip_member_that_is_a_zip_is_skipped_with_its_own_note():
    data = make_zip({"一.txt": TEXT.encode(), "照片.jpg": b"\xff\xd8\xff", "旧稿.zip": make_zip({"二.txt": b"x"})})

    sources = read_source("批量.zip", data)

    assert [(s.name, bool(s.text), bool(s.error)) for s in sources] == [
        ("批量.zip/一.txt", True, False),
        ("批量.zip/照片.jpg", False, False),
        ("批量.zip/旧稿.zip", False, False),
    ]
    assert sources[1].skipped == "压缩包内只导入 .txt 和 .docx 文件，已跳过。"
    assert "请先解压" in sources[2].skipped


def test_zip_resource_forks_and_word_lock_files_are_ignored_without_a_note():
    data = make_zip({"一.txt": TEXT.encode(), "__MACOSX/._一.txt": b"fork", "~$二.docx": b"lock"})

    assert [s.name for s in read_source("批量.zip", data)] == ["批量.zip/一.txt"]


def test_zip_without_any_transcript_is_refused_whole():
    data = make_zip({"照片.jpg": b"\xff\xd8\xff", "说明.pdf": b"%PDF"})

    [source] = read_source("照片.zip", data)

    assert source.name == "照片.zip"
    assert source.error == "压缩包内没有 .txt 或 .docx 稿件。"


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "/abs/path.txt", "a/../../b.txt", "C:/windows.txt"])
def test_zip_with_path_traversal_is_refused_whole(name):
    data = make_zip({"好.txt": TEXT.encode(), name: TEXT.encode()})

    [source] = read_source("恶意.zip", data)

    assert "指向包外" in source.error


def test_zip_bomb_is_refused():
    data = make_zip({"bomb.txt": b"0" * (60 * 1024 * 1024)})  # compresses to ~60 KB

    [source] = read_source("炸弹.zip", data)

    assert "过大" in source.error
    assert len(data) < 1024 * 1024


def test_zip_member_with_extreme_ratio_is_refused():
    data = make_zip({"ratio.txt": "字".encode() * 1_000_000, "好.txt": TEXT.encode()})

    sources = read_source("包.zip", data)

    assert "压缩比异常" in sources[0].error
    assert sources[1].text


def test_zip_lying_about_sizes_is_caught_when_reading():
    data = bytearray(make_zip({"a.txt": b"1" * (MAX_TEXT_BYTES + 10)}))
    # Patch the declared uncompressed size (central directory and local header) down to 100 bytes.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")

    [source] = read_source("说谎.zip", bytes(data))

    assert source.error


def test_zip_with_too_many_members_is_refused():
    data = make_zip({f"{n}.txt": b"x" for n in range(MAX_MEMBERS + 1)})

    [source] = read_source("很多.zip", data)

    assert "文件过多" in source.error


def test_broken_zip_is_refused():
    [source] = read_source("坏.zip", b"PK\x03\x04 broken")

    assert "已损坏" in source.error


def test_gbk_member_names_from_windows_archivers_are_readable():
    # zipfile itself always writes UTF-8 names; swap in the GBK bytes a Windows archiver writes.
    data = make_zip({"XXXX.txt": TEXT.encode()}).replace(b"XXXX.txt", "访谈.txt".encode("gbk"))

    [source] = read_source("包.zip", data)

    assert source.name == "包.zip/访谈.txt"
