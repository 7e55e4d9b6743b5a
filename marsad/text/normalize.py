"""Arabic normalization that remembers where every character came from.

Matching runs on a normalized copy (no diacritics or tatweel, one alef, ى→ي,
ة→ه, Arabic-Indic digits→ASCII); offsets found there map back to the original
text through `Normalized.to_original`, so evidence spans quote the article exactly.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640", "\u200c", "\u200d", "\u200e", "\u200f",
                                                     "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff"}
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ې": "ي", "ہ": "ه", "ھ": "ه",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'",
    "–": "-", "—": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # ٠-٩
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # ۰-۹ (Persian)


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in the original of normalized char i
    original_length: int

    def taa_positions(self, original: str) -> frozenset[int]:
        """Normalized positions whose original letter was ة (normalized to ه)."""
        return frozenset(i for i, o in enumerate(self.offsets) if original[o] == "ة")

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the original span it covers."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, o_end


def normalize_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    if "A" <= ch <= "Z":
        return ch.lower()
    return ch


# normalize_char for whole texts at C speed: every character becomes one character or none, so the offsets are
# the positions of the characters kept, and a translation table does the rest
_KEY_MAP = {c: "" for c in _DROP} | _MAP | {chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}
_TABLE = str.maketrans({c: m or None for c, m in _KEY_MAP.items()})
# the same mapping keeping every position, a dropped mark as NUL: to find normalized words in an original text
FOLD_TABLE = str.maketrans({c: m or "\x00" for c, m in _KEY_MAP.items()})
_DROPPED = re.compile("[" + "".join(re.escape(c) for c in _DROP) + "]")


def normalize(text: str) -> Normalized:
    """Normalize Arabic text for matching, keeping an offset map to the original."""
    offsets: list[int] = []
    kept_from = 0
    for m in _DROPPED.finditer(text):
        offsets.extend(range(kept_from, m.start()))
        kept_from = m.end()
    offsets.extend(range(kept_from, len(text)))
    return Normalized(text.translate(_TABLE), tuple(offsets), len(text))


def normalize_key(text: str) -> str:
    """Normalize a lexicon entry, or a whole document (search index, fingerprints): same mapping as `normalize`,
    spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_TABLE).split())


def is_letter(ch: str) -> bool:
    return ch.isalpha() or ch.isdigit()
