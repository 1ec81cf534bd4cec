"""The secrets of a grievance: the reporter's receipt code and the contact details.

**Receipt code.** 160 random bits (``secrets``), written as 32 base-32 letters in groups of
four. It is shown to the reporter once and stored only as HMAC-SHA256 under a server key
(``HRDD_GRIEVANCE_RECEIPT_KEYS``; a built-in key when none is set). A fast keyed hash and not
a password hash (Argon2): the code is random, so there is no dictionary to slow down — 2^160
guesses are out of reach however fast each one is — and a slow hash on an endpoint anyone
can call would hand them a way to load the server. The key means that a copy of the
database alone does not even let anyone test a guessed code offline. Keys rotate: new codes
are hashed with the first, and a look-up tries every key. The stored hash is found by its
index and then compared again with :func:`hmac.compare_digest`.

**Contact details** are encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from
``cryptography``) under ``HRDD_GRIEVANCE_KEYS``; MultiFernet encrypts with the first key and
decrypts with any, so a key is rotated by putting the new one first (and
``hrdd grievances rotate`` re-encrypts the stored details under it).
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from hrdd.settings import Settings

RECEIPT_BITS = 160
_GROUP = 4
_BUILT_IN_KEY = b"hrdd grievance receipt code, no server key configured"
# letters people confuse with the base-32 alphabet's (which has no 0, 1 or 8)
_CONFUSABLE = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_receipt_code() -> str:
    """A fresh receipt code: ``XXXX-XXXX-…`` (8 groups of 4 base-32 letters, 160 bits)."""
    letters = base64.b32encode(secrets.token_bytes(RECEIPT_BITS // 8)).decode("ascii")
    return "-".join(letters[i:i + _GROUP] for i in range(0, len(letters), _GROUP))


def normalise_receipt(code: str) -> str | None:
    """The code's 32 letters, upper-case, without spaces or dashes; None when it cannot be a code."""
    letters = "".join(ch for ch in code[:200] if ch not in " -\t\r\n").upper().translate(_CONFUSABLE)
    if len(letters) != RECEIPT_BITS // 5:
        return None
    try:
        base64.b32decode(letters)
    except ValueError:
        return None
    return letters


def _receipt_keys(settings: Settings) -> list[bytes]:
    keys = [k.strip().encode() for k in settings.grievance_receipt_keys.split(",") if k.strip()]
    return keys or [_BUILT_IN_KEY]


def receipt_digest(settings: Settings, letters: str) -> str:
    """The hash a new code is stored under (the first receipt key)."""
    return hmac.new(_receipt_keys(settings)[0], letters.encode("ascii"), hashlib.sha256).hexdigest()


def receipt_digests(settings: Settings, letters: str) -> list[str]:
    """The hash of the code under every receipt key (a code stored before a rotation is found too)."""
    return [hmac.new(key, letters.encode("ascii"), hashlib.sha256).hexdigest() for key in _receipt_keys(settings)]


def digest_matches(stored: str, candidates: list[str]) -> bool:
    """Constant-time: whether ``stored`` is one of ``candidates`` (each is compared, whatever the result)."""
    found = False
    for candidate in candidates:
        found |= hmac.compare_digest(stored.encode(), candidate.encode())
    return found


def contact_cipher(settings: Settings) -> MultiFernet | None:
    """The cipher of contact details; None when no key is configured (contact details are then refused)."""
    keys = [k.strip() for k in settings.grievance_keys.split(",") if k.strip()]
    return MultiFernet([Fernet(k) for k in keys]) if keys else None


def encrypt_contact(cipher: MultiFernet, contact: str) -> str:
    return cipher.encrypt(contact.encode("utf-8")).decode("ascii")


def decrypt_contact(settings: Settings, token: str) -> str | None:
    """The contact details; None when no configured key opens them (a key was removed too early)."""
    cipher = contact_cipher(settings)
    if cipher is None:
        return None
    try:
        return cipher.decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return None


def rotate_contact(settings: Settings, token: str) -> str | None:
    """The token re-encrypted under the first key; None when no configured key opens it."""
    cipher = contact_cipher(settings)
    if cipher is None:
        return None
    try:
        return cipher.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        return None


def new_key() -> str:
    """A fresh Fernet key for ``HRDD_GRIEVANCE_KEYS``."""
    return Fernet.generate_key().decode("ascii")
