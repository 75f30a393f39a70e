"""National numbers as evidence: check digits, and what counts as conflicting details."""

from __future__ import annotations

import pytest

from seemehearme.identity.numbers import Details, dates_conflict, nhs_fails_check


@pytest.mark.parametrize(
    ("number", "fails"),
    [
        ("9990000018", False),
        ("999 000 0018", False),  # spaces as people write them
        ("999-000-0026", False),
        ("9990000019", True),  # the last digit mistyped
        ("9990000081", True),  # two digits swapped
        ("999000001", True),  # nine digits
        ("99900000181", True),  # eleven
        ("unknown", True),
        ("", False),  # no number is not a wrong number
        (None, False),
    ],
)
def test_an_nhs_number_fails_unless_it_has_ten_digits_and_the_right_check_digit(number, fails):
    assert nhs_fails_check(number) is fails


def test_nine_digits_whose_check_digit_would_be_ten_make_no_valid_number():
    # 1000000010: weights 10..2 give 10 + 2 = 12; 11 - 12 % 11 = 10, so no check digit works.
    assert all(nhs_fails_check(f"100000001{digit}") for digit in range(10))


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("2011-05-17", "2011-05-17", False),
        ("2011-05-07", "2011-07-05", False),  # day and month swapped
        ("2011-05-17", "2011-05-18", False),  # one digit
        ("2011-05-17", "2012-05-17", False),  # one digit, in the year
        ("2011-05-17", "2011-06-02", False),  # within a month
        ("2011-05-17", "2011-06-19", True),
        ("2011-05-17", "2013-02-04", True),
        ("2011-05-07", "2012-07-05", True),  # swapped in another year
        ("2011-05-17", None, False),  # a missing date conflicts with nothing
    ],
)
def test_dates_of_birth_conflict_unless_equal_swapped_one_digit_or_a_month_apart(a, b, conflict):
    assert dates_conflict(a, b) is conflict
    assert dates_conflict(b, a) is conflict


def test_different_numbers_conflict_unless_name_short_form_family_and_date_all_agree():
    bill = Details("2011-05-17", "william", "smith", ("9990000018", None))
    william = Details("2011-05-17", "william", "smith", ("9990000026", None))
    no_date = Details(None, "william", "smith", ("9990000026", None))
    same_number = Details("2013-01-01", "ava", "jones", ("9990000018", None))
    assert not bill.numbers_conflict(william)
    assert bill.numbers_conflict(no_date)  # not known to agree on everything else
    assert not bill.numbers_conflict(same_number)  # the same number is not a conflict
