"""Password hashing (Argon2id) and the password policy for new passwords.

The policy: at least ``HRDD_PASSWORD_MIN_LENGTH`` characters, at most 1024, not one of the
most common passwords (``hrdd/data/common-passwords.txt``, also after removing trailing
digits and symbols, so ``dragon2024!`` counts as ``dragon``), not containing the user name,
and not mostly one or two characters repeated.
"""

import functools
import string
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hrdd.exc import Problem

COMMON_PASSWORDS = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"
MAX_LENGTH = 1024
MIN_DISTINCT = 5  # "aaaaaaaaaaaa" and "abababababab" are not passwords
_TRAILING = string.digits + string.punctuation + " "

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not reveal which names exist."""
    return _HASHER.hash("not a real password, only for constant-time failures")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (the same work is done when there is no hash)."""
    try:
        return bool(_HASHER.verify(password_hash or _dummy_hash(), password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (then it is replaced at login)."""
    return _HASHER.check_needs_rehash(password_hash)


@functools.cache
def common_passwords() -> frozenset[str]:
    with COMMON_PASSWORDS.open(encoding="utf-8") as handle:
        return frozenset(line.strip().casefold() for line in handle if line.strip())


def is_common(password: str) -> bool:
    folded = password.casefold()
    stem = folded.rstrip(_TRAILING)
    return folded in common_passwords() or (len(stem) >= 4 and stem in common_passwords())


def password_problems(username: str, password: str, min_length: int) -> list[Problem]:
    """What is wrong with ``password`` as a new password for ``username`` (empty when nothing)."""
    if len(password) < min_length:
        return [Problem("password too short", field="password", expected=f"at least {min_length} characters",
                        found=f"{len(password)}")]
    if len(password) > MAX_LENGTH:
        return [Problem("password too long", field="password", expected=f"at most {MAX_LENGTH} characters",
                        found=f"{len(password)}")]
    problems: list[Problem] = []
    if is_common(password):
        problems.append(Problem("password is one of the most common passwords", field="password",
                                expected="a password that is not on the list of common passwords"))
    if len(username) >= 3 and username.casefold() in password.casefold():
        problems.append(Problem("password contains the user name", field="password",
                                expected="a password that does not contain the user name"))
    if len(set(password)) < MIN_DISTINCT:
        problems.append(Problem("password repeats too few characters", field="password",
                                expected=f"at least {MIN_DISTINCT} different characters",
                                found=f"{len(set(password))}"))
    return problems
