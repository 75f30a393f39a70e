"""Checks on national identifiers for children (no Django: the importer, the demo and the
synthetic generators all use them).

NHS numbers carry a Modulus 11 check digit: the first nine digits weighted 10 down to 2.
"""

from __future__ import annotations

NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_check_digit(nine_digits: str) -> int | None:
    """The Modulus 11 check digit for the first nine digits of an NHS number.

    Returns ``None`` where the remainder gives 10: no valid NHS number starts with those nine.
    """
    total = sum(int(digit) * weight for digit, weight in zip(nine_digits, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_is_valid(number: str) -> bool:
    """Whether ``number`` passes the NHS Modulus 11 check (so could be a real NHS number)."""
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return nhs_check_digit(number[:9]) == int(number[9])
