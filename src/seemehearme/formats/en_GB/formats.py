"""One way to write dates and times everywhere: "2 December 2026" and "14:05".

Django's own British English formats abbreviate months ("2 Dec 2026") and write times as
"12:59 a.m."; GOV.UK style spells the month out, and a 24-hour clock cannot be misread in a
chronology. Templates that pass no format to ``date`` or ``time`` get these.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
