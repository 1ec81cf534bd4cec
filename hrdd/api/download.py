"""``Content-Disposition`` for downloads (RFC 6266 with the RFC 5987 ``filename*`` form)."""

import unicodedata
from urllib.parse import quote


def ascii_fallback(filename: str) -> str:
    """The name as plain ASCII for old clients: accents dropped, other characters as ``_``."""
    decomposed = unicodedata.normalize("NFKD", filename)
    text = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\%;' else ("" if unicodedata.combining(ch) else "_")
                   for ch in decomposed)
    return text.strip() or "download"


def attachment(filename: str) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''percent-encoded`` for any name in any script."""
    return f"attachment; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
