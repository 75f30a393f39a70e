from __future__ import annotations

from seemehearme.demo.identifiers import demo_nhs_number
from seemehearme.people.identifiers import nhs_check_digit, nhs_number_is_valid


def test_the_modulus_11_check_accepts_a_published_valid_nhs_number_and_rejects_a_typo():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("943476591")


def test_no_nine_digits_ending_in_a_check_of_ten_make_a_valid_nhs_number():
    base = next(f"{n:09d}" for n in range(1000) if nhs_check_digit(f"{n:09d}") is None)
    assert not any(nhs_number_is_valid(f"{base}{last}") for last in range(10))


def test_demo_nhs_numbers_are_ten_digits_unique_and_never_valid():
    numbers = [demo_nhs_number(sequence=n) for n in range(1, 20_001)]
    assert all(len(number) == 10 and number.isdigit() for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert not any(nhs_number_is_valid(number) for number in numbers)
