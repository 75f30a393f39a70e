"""Rules for national numbers (NHS number, unique pupil number) as evidence that two records are
the same child, and for when two records' details plainly conflict.

A number is very strong evidence, not proof: a record may carry a sibling's number, or a typing
mistake. So (see ADR 0023):

- an NHS number that fails its check digit is not used as an identifier at all (and is flagged
  to staff: ``NHS_FAILS_CHECK``);
- the same number links two records only when they agree on both date of birth and given name,
  allowing for the mistakes and variants the model allows for, or were born on the same day and
  agree on gender (``alike_sql``); otherwise a reviewer decides (a twin's or a brother's or
  sister's number agrees on one of them; ADR 0026);
- a number held by several records that cannot all be one child (``engine.shared_numbers``: a
  placeholder an agency types when it does not know the number) is set aside like a failing one;
- different numbers keep two records apart unless everything else agrees
  (``Details.agree_on_everything_else``);
- two records whose dates of birth conflict (``dates_conflict``) are never put in one child by a
  chain of links through other records.

"Close" is what the matching model itself treats as close (``matching.FIELDS``): for dates of
birth the same, day and month swapped, one digit different or within a month; for given names
anything short of the model's "different" level (short forms only when recognised).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seemehearme.identity.matching import SHORT_FORM
from seemehearme.people.identifiers import nhs_number_is_valid

NHS_FAILS_CHECK = "NHS number fails its check digit"
HELD_BY_SEVERAL = "Held by several children: not used to match"
WITHIN_DAYS = 31  # the model's "within a month" level


def nhs_digits(raw: str | None) -> str:
    """An NHS number as its digits only (spaces and dashes dropped)."""
    return "".join(ch for ch in (raw or "") if ch.isdigit())


def nhs_fails_check(raw: str | None) -> bool:
    """Whether a given NHS number (anything but empty) is not a valid one: not ten digits, or
    failing its Modulus 11 check digit. Such a number is not used to link or separate records."""
    digits = nhs_digits(raw)
    if not digits and not (raw or "").strip():
        return False
    return not nhs_number_is_valid(digits)


def dates_conflict(a: str | None, b: str | None) -> bool:
    """Whether two dates of birth (``YYYY-MM-DD``) plainly belong to different people: both
    given, and not the same, not the same with day and month swapped, not one digit apart and
    not within a month of each other (the model's levels short of "different"; two children
    born within a month of each other who are not twins are rare)."""
    if not a or not b or a == b:
        return False
    if len(a) == len(b) and sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 1:
        return False
    try:
        day_a, day_b = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    except ValueError:
        return False  # not a date: it tells nothing
    swapped = day_a.year == day_b.year and (day_a.month, day_a.day) == (day_b.day, day_b.month)
    return not swapped and abs((day_a - day_b).days) > WITHIN_DAYS


@dataclass(frozen=True)
class Details:
    """What the clustering needs of a record to tell whether it may share a child with another:
    its date of birth (``YYYY-MM-DD``), given name key (short forms allowed for), family name,
    and valid national numbers (NHS number, pupil number), in prepared form; None if missing."""

    dob: str | None
    given_key: str | None
    family_name: str | None
    numbers: tuple[str | None, ...]

    def agree_on_everything_else(self, other: Details) -> bool:
        """The same given name (or a short form of it), family name and date of birth: then a
        different number is more likely a mistake than a different child."""
        return (
            self.dob is not None
            and self.given_key is not None
            and self.family_name is not None
            and (self.dob, self.given_key, self.family_name)
            == (other.dob, other.given_key, other.family_name)
        )

    def numbers_conflict(self, other: Details) -> bool:
        """Different numbers of one kind, and not everything else agreeing."""
        differ = any(
            mine and theirs and mine != theirs
            for mine, theirs in zip(self.numbers, other.numbers, strict=True)
        )
        return differ and not self.agree_on_everything_else(other)


def _near(a: str, b: str) -> str:
    """Two names the same but for a typing mistake (for names written the other way round)."""
    return (
        f"({a} = {b} or damerau_levenshtein({a}, {b}) <= 1 "
        f"or jaro_winkler_similarity({a}, {b}) >= 0.9)"
    )


def _close_given(left: str, right: str) -> str:
    long = f"least(length({left}.given_name), length({right}.given_name)) >= {SHORT_FORM}"
    return (
        f"({left}.given_name is null or {right}.given_name is null "
        f"or {left}.given_name = {right}.given_name "
        f"or list_has_any({left}.given_variants, {right}.given_variants) "
        f"or ({_near(f'{left}.given_name', f'{right}.family_name')} "
        f"and {_near(f'{left}.family_name', f'{right}.given_name')}) "
        f"or ({left}.given_sound = {right}.given_sound "
        f"and greatest(length({left}.given_name), length({right}.given_name)) >= {SHORT_FORM}) "
        f"or ((instr({left}.given_name, {right}.given_name) = 1 "
        f"or instr({right}.given_name, {left}.given_name) = 1) and {long}) "
        f"or (jaro_winkler_similarity({left}.given_name, {right}.given_name) >= 0.8 and {long}) "
        f"or damerau_levenshtein({left}.given_name, {right}.given_name) <= 1)"
    )


def _close_dob(left: str, right: str) -> str:
    return (
        f"({left}.dob is null or {right}.dob is null or {left}.dob = {right}.dob "
        f"or ({left}.dob_year = {right}.dob_year and {left}.dob_month = {right}.dob_day "
        f"and {left}.dob_day = {right}.dob_month) "
        f"or levenshtein({left}.dob, {right}.dob) <= 1 "
        f"or abs({left}.dob_days - {right}.dob_days) <= {WITHIN_DAYS})"
    )


def alike_sql(left: str = "l", right: str = "r") -> str:
    """DuckDB SQL, over two prepared records aliased ``left`` and ``right``
    (``matching.prepare``), true (never null) when they agree on both date of birth and given
    name as closely as the model's levels short of "different" allow (``matching.FIELDS``: a
    nickname or other recognised variant, names swapped, sounding the same, a typing mistake;
    a day and month swapped, a digit wrong, within a month), or failing the given name, when
    they were born on the same day and their genders agree (an unrecognised short form is
    likelier than a twin of one gender carrying the other's number). A detail missing from
    either does not disagree. Brothers and sisters may share a given name, so agreeing on it
    alone is not enough for a number to join two records."""
    same_day = (
        f"(coalesce({left}.dob = {right}.dob, false) "
        f"and {left}.gender is not distinct from {right}.gender)"
    )
    return f"({_close_dob(left, right)} and ({_close_given(left, right)} or {same_day}))"
