"""Text cells of the CSV files the site writes (public figure downloads, the publish log).

A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula to a spreadsheet
program (CSV injection), and the text in it was typed by an editor or imported. Such text is written
with a leading "'", which Excel and WPS show as text; an import of the site's own file reads it back.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """``text`` as a cell a spreadsheet program shows as text (numbers, which may be negative, are
    written as they are, not through this)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def from_text_cell(text: str) -> str:
    """The text ``text_cell`` wrote."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
