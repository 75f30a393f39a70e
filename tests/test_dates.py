"""One way to write a date ("2 December 2026") and a time ("14:05") wherever they are shown."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template

from seemehearme.dates import long_date

SRC = Path(__file__).resolve().parent.parent / "src" / "seemehearme"
LONDON = ZoneInfo("Europe/London")
# <time datetime="..."> carries an ISO date for machines; people never read it.
MACHINE_READABLE = re.compile(r'datetime="[^"]*"')


def render(source: str, **context) -> str:
    return Template(source).render(Context(context)).strip()


def test_a_date_is_written_with_the_day_and_the_month_in_full():
    assert long_date(dt.date(2026, 12, 2)) == "2 December 2026"
    assert render("{{ d|date }}", d=dt.date(2026, 12, 2)) == "2 December 2026"


def test_a_time_is_written_on_the_24_hour_clock_not_as_a_m():
    just_before_one = dt.datetime(2026, 12, 2, 0, 59, tzinfo=LONDON)
    assert render("{{ t|time }}", t=just_before_one) == "00:59"
    assert render("{{ t }}", t=just_before_one) == "2 December 2026, 00:59"


def test_a_late_evening_keeps_its_local_day():
    # 23:30 on 30 June in London is 22:30 UTC the same day; 00:30 on 1 July is 23:30 UTC on 30 June.
    after_midnight = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert long_date(after_midnight) == "1 July 2026"


def test_no_template_or_sentence_uses_another_date_format():
    """Abbreviated months ("2 Dec"), zero-padded days ("02 December") and 12-hour clocks are
    the formats users met side by side; the formats module and ``long_date`` replace them."""
    other_formats = re.compile(
        r"""date:["'][^"']*(?:\bM\b|\bd\b|[aAPg])[^"']*["']"""  # template filters
        r"|%d %B|%b|%-d %B|%I:%M|%p"  # strftime in Python
    )
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*"))
        if path.suffix in {".html", ".py", ".txt"} and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other_formats.search(MACHINE_READABLE.sub("", line.replace(r"\o\n", "")))
        and "strftime(c." not in line
    ]
    assert found == []
