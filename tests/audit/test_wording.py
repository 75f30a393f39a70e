"""Every code the access log can store has words for the data protection lead."""

from __future__ import annotations

import ast
from pathlib import Path

import seemehearme
from seemehearme.audit.wording import AGREEMENT_PREFIX, BASIS_WORDS, basis_words

SOURCE = Path(seemehearme.__file__).parent


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def basis_codes_in_the_source() -> set[str]:
    """Every basis a ``Decision`` is made with anywhere in the application: the second
    positional argument of ``Decision(...)``, the first of a ``_deny(...)`` helper, as a string,
    an f-string's fixed start, or a module constant holding a string; and the first of each
    ``refused``/``allowed`` pair given to ``role_decision(...)``."""
    trees = [ast.parse(path.read_text()) for path in SOURCE.rglob("*.py")]
    constants = {
        target.id: node.value.value
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    codes: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name == "role_decision":
                # sharing.policy.role_decision(user, roles, refused=(code, why), allowed=(...))
                for keyword in node.keywords:
                    assert isinstance(keyword.value, ast.Tuple), ast.unparse(node)
                    code = keyword.value.elts[0]
                    assert isinstance(code, ast.Constant), ast.unparse(node)
                    codes.add(code.value)
                continue
            if name == "Decision" and len(node.args) >= 2:
                argument = node.args[1]
            elif name == "_deny" and node.args:
                argument = node.args[0]
            else:
                continue
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                codes.add(argument.value)
            elif isinstance(argument, ast.JoinedStr):
                first = argument.values[0]
                assert isinstance(first, ast.Constant), ast.unparse(argument)
                codes.add(first.value)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                codes.add(constants[argument.id])
            elif isinstance(argument, ast.Name) and argument.id == "basis":
                continue  # the _deny helpers themselves
            elif isinstance(argument, ast.Starred):
                continue  # role_decision itself: its callers' codes are read above
            else:
                raise AssertionError(f"cannot tell which code {ast.unparse(node)} records")
    return codes


def test_the_search_finds_the_codes_it_should():
    codes = basis_codes_in_the_source()
    assert {"case_team", "no_agreement", "no_relationship", "data_protection_review"} <= codes
    assert {"role_without_board", "board_role", "exact_date_of_birth_match"} <= codes
    assert AGREEMENT_PREFIX in codes
    assert len(codes) > 30


def test_every_basis_code_has_words():
    missing = sorted(
        code
        for code in basis_codes_in_the_source()
        if code != AGREEMENT_PREFIX and code not in BASIS_WORDS
    )
    assert not missing, f"add words for these to audit.wording.BASIS_WORDS: {missing}"


def test_words_read_as_words():
    assert basis_words("case_team") == "On the case team"
    assert basis_words("no_agreement") == "Not shared under current agreements"
    assert basis_words("agreement:NB-ISA-01") == "Shared under agreement NB-ISA-01"
    for words in BASIS_WORDS.values():
        assert "_" not in words
        assert words[0].isupper()
