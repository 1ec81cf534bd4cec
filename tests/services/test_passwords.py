"""The password policy and hashing (Argon2id, rehash when parameters change)."""

from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.services.passwords import (
    common_passwords,
    hash_password,
    is_common,
    needs_rehash,
    password_matches,
    password_problems,
)


def _messages(username: str, password: str) -> list[str]:
    return [p.message for p in password_problems(username, password, 12)]


def test_short_common_and_username_passwords_are_refused() -> None:
    assert _messages("ana", "short") == ["password too short"]
    assert _messages("ana", "qwertyuiop123") == ["password is one of the most common passwords"]
    assert _messages("ana", "iloveyou2024!!") == ["password is one of the most common passwords"]
    assert _messages("carlos.m", "my name is carlos.m ok") == ["password contains the user name"]
    assert _messages("ana", "abababababababab") == ["password repeats too few characters"]
    assert _messages("ana", "correct horse battery staple") == []


def test_the_shipped_list_is_the_common_passwords_list() -> None:
    assert len(common_passwords()) > 19_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common_passwords()


WORDS = sorted(w for w in common_passwords() if len(w) >= 4 and w[-1].isalpha())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WORDS), st.text(alphabet="0123456789!?.# ", max_size=6), st.booleans())
def test_a_common_password_with_digits_or_symbols_added_is_still_common(word: str, tail: str, upper: bool) -> None:
    assert is_common((word.upper() if upper else word) + tail)


def test_argon2id_hash_verifies_and_old_parameters_ask_for_a_rehash() -> None:
    current = hash_password("correct horse battery staple")
    assert current.startswith("$argon2id$")
    assert password_matches(current, "correct horse battery staple")
    assert not password_matches(current, "correct horse battery stapler")
    assert not password_matches(None, "anything at all here")
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse battery staple")
    assert needs_rehash(old) and not needs_rehash(current)
