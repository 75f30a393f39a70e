"""Agency references for synthetic children, built so that none can be mistaken for a real one.

NHS numbers carry a Modulus 11 check digit. Every demo "NHS number" is ten digits whose last
digit is deliberately wrong, so it fails the check that every NHS system applies and can never be
a real person's number (nor one of the NHS's own valid test numbers). Other references use a
``NB`` prefix that no real agency issues.
"""

from __future__ import annotations

from seemehearme.people.identifiers import nhs_check_digit

# An odd multiplier coprime with 10**9 makes ``sequence -> base`` a bijection on nine-digit
# numbers: unique for every child up to a billion, yet not simply counting upwards.
_SCRAMBLE = 387_420_489  # 3**18
_OFFSET = 104_729
_NINE_DIGITS = 10**9


def demo_nhs_number(*, sequence: int) -> str:
    """A ten-digit NHS-number-like value, unique per ``sequence``, that fails Modulus 11."""
    base = f"{(sequence * _SCRAMBLE + _OFFSET) % _NINE_DIGITS:09d}"
    correct = nhs_check_digit(base)
    # Any last digit will do where no valid check digit exists; otherwise step 1 to 9 past the
    # right one, which can never land back on it.
    last = sequence % 10 if correct is None else (correct + 1 + sequence % 9) % 10
    return f"{base}{last}"


def demo_case_number(*, sequence: int) -> str:
    """A children's social care case number."""
    return f"NB-CSC-{sequence:07d}"


def demo_police_person_id(*, sequence: int) -> str:
    """A police person reference."""
    return f"NB-P-{sequence:07d}"


def demo_youth_justice_id(*, sequence: int) -> str:
    return f"NB-YJ-{sequence:07d}"
