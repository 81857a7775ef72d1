"""Find the figures a text quotes: value, unit, metric, year, qualifier, kind and character span.

Input: any decoded transcript text (Simplified or Traditional, half- or full-width digits).
A *figure* is a number with a unit of measure — 「220亿元」「10万户」「35%」「3个百分点」「三成」 —
or a doubling phrase (「翻了一番」). A number without a unit is never a figure, so years, dates,
durations (「连续10年」「30天内办结」), ordinals (「第一」「十八大」) and phone numbers are left alone;
numbers inside short quoted names (「“一主六双”」「“1+6”」) and small Chinese-written counts
(「四个方面」) are too. Days, months, hours and minutes are a figure only where the name before them
counts time (「优良天数达到305天」「办理时限压缩至3个工作日」「压缩至4小时」「办理时限：3个工作日」), not
where it is a deadline (「在规定时间5个工作日内办结」) or a walk (「步行15分钟」). A range is one figure
valued at its bottom, its unit written once or twice (「500-600亿元」「500亿元-600亿元」,
``upper_value`` 600), its top in the bottom's unit where they are scaled differently
(「5000万元至1亿元」: 5000 万元, ``upper_value`` 10000).

A fall in % of a level in its year (「完成210亿元，下降2.1%」「同比下降2.1%」「与上年相比，…下降2.1%」)
is its growth rate, negative, as 「增长6%」 is positive; a fall since a base year (「比2015年下降40%」) or with nothing
to say it is yearly (「审批事项减少30%」) is a change, positive, with its verb in the name, as is a count or
amount right after such a verb or a rise's (「审批事项减少100项」「财政收入增长5亿元」; 「减少到200项」
「增长为50亿元」 say where it went). 「新增」 counts new ones, no change: 「市场主体新增2万户」 is 新增市场主体.
A figure after 「目标：」「目标是」「目标为」 is a target of the sentence's subject, never of 「目标」, unless
the target is reported met (「超额完成目标：」「超预期完成」: achieved, and no part of the name); an
amount with no name that is spent on something (「其中：500万元用于道路改造」) is its 资金. In
「从2012年的220亿元到495.7亿元」 the year after 从 is the first figure's only; 「从上年的」 is the year
before the one said. 「增加5%」 is a growth rate, as 「增长5%」 is.
An average annual rate (「十年来年均增长9%」) is a growth rate with the comparison 「年均」: no
year's own rate, but of the same indicator, so 年均 is no part of its name. A figure of part of a
year (「上半年同比增长5%」「一季度」「1-6月」) notes that part (``part_of_year``), said in its clause or
opening a clause before it in the sentence, as a year is; the part is no part of its name either.

Offsets (``start``/``end``) index into the text exactly as given: Traditional characters and
full-width forms are mapped one character to one character before matching, so no offset moves.
The package is pure (no Django import) and uses ``Decimal`` throughout: ``reading.py`` finds the
figures and reads their context, ``periods.py`` the year, part of the year and comparison of each,
``naming.py`` names what they measure, ``numbers.py`` reads numbers and units, ``text.py`` maps the
text to the form the patterns match, ``figure.py`` defines the result.
"""

from .figure import CHANGE, COUNT, GROWTH_RATE, KIND_LABELS, LEVEL, QUALIFIERS, SHARE, Figure
from .numbers import normalize, parse_number, plain_number
from .periods import AVERAGE, MONTH_ON_MONTH, NOT_YEARLY_COMPARISONS, rate_note
from .reading import change_verb, extract_figures
from .text import sentence_around

__all__ = [
    "AVERAGE", "CHANGE", "COUNT", "GROWTH_RATE", "KIND_LABELS", "LEVEL", "MONTH_ON_MONTH", "NOT_YEARLY_COMPARISONS",
    "QUALIFIERS", "SHARE", "Figure",
    "change_verb", "extract_figures", "normalize", "parse_number", "plain_number", "rate_note", "sentence_around",
]  # fmt: skip
