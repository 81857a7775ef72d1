"""Spreadsheet files as editors' programs save them, for the admin's figure and indicator imports.

Excel and WPS on Chinese Windows save 「CSV（逗号分隔）」 in GBK, 「Unicode 文本」 as UTF-16 with a
BOM, and 「CSV UTF-8」 with a BOM; django-import-export reads every text upload as UTF-8 only and
names the failure in English. These formats take the upload as bytes and read it the way transcript
uploads are read (``interviews.importing.decode.decode_text``).
"""

import tablib
from import_export.formats import base_formats

from interviews.importing.decode import decode_text

SAVE_AS_CSV_UTF8 = "请在 Excel 或 WPS 中另存为「CSV UTF-8（逗号分隔）」后再导入。"


class _AnyChineseEncoding:
    def is_binary(self):
        return True  # the admin then keeps the upload as bytes and leaves the reading to create_dataset

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream, advice=SAVE_AS_CSV_UTF8)
        return tablib.import_set(in_stream, format=self.get_title(), **kwargs)


class CSV(_AnyChineseEncoding, base_formats.CSV):
    pass


class TSV(_AnyChineseEncoding, base_formats.TSV):
    pass


IMPORT_FORMATS = [CSV, base_formats.XLSX, TSV, base_formats.JSON]
