"""Bytes → text: UTF-8 (with or without BOM), UTF-16, Windows-1256 and ISO-8859-6, or a clear error."""
from __future__ import annotations

from charset_normalizer import from_bytes

from marsad.errors import InputError

ARABIC_ENCODINGS = ("cp1256", "iso8859_6", "utf_16", "cp720", "mac_arabic")


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Names the file and the fix when it cannot decode."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from exc
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, name)
    bare = _utf16_without_bom(data)
    if bare is not None:
        return bare
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data", "invalid continuation byte"):
            return data[:exc.start].decode("utf-8"), "utf-8 (truncated)"
    best = from_bytes(data, cp_isolation=list(ARABIC_ENCODINGS)).best()
    if best is not None:
        text = str(best)
        if _arabic_share(text) > 0.2:
            return text, best.encoding
    for enc in ("cp1256",):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _arabic_share(text) > 0.2:
            return text, enc
    raise InputError(f"{name}: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no Arabic encoding "
                     "fits; pass --encoding (e.g. --encoding cp1256)")


def _utf16(data: bytes, name: str) -> tuple[str, str]:
    """UTF-16 after its BOM; an odd last byte (a cut file) is dropped, broken pairs become U+FFFD."""
    codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
    body = data[2:len(data) - (len(data) % 2)]
    text = body.decode(codec, errors="replace")
    if not text.strip():
        raise InputError(f"{name}: UTF-16 file with no text after its byte-order mark")
    return text, "utf-16" if len(data) % 2 == 0 else "utf-16 (truncated)"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 with no BOM: Arabic letters are 0x06 and a byte, spaces 0x20 and a NUL. Recognised when it
    decodes cleanly and is mostly Arabic; otherwise the NULs mark a binary file."""
    head = data[:4096]
    if len(head) < 8 or b"\x00" not in head:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:len(data) - (len(data) % 2)].decode(codec)
        except UnicodeDecodeError:
            continue
        if _arabic_share(text[:2000]) > 0.5 and "\x00" not in text[:2000]:
            return text, codec
    return None


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)
