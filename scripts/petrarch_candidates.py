"""List named actors of the UniversalPetrarch Arabic actor dictionary that the knowledge base lacks.

    .venv/bin/python scripts/petrarch_candidates.py [--country IRQ --country SYR] [--since 2011] [--known]

The dictionary (OEDA, MIT licence; ../shared/reference/universal-petrarch-arabic/actor_dict_ar_v4.txt)
writes names as lemmas joined by '_' ('وزير_خارجية_مصري_'), with CAMEO actor codes and date ranges
('[IRQGOV 20101221-20140908]'). Its quality is uneven (wrong dates, Ls lost, English calques), so nothing
here is copied into the YAML: the script prints candidates, one per line (code, years, the name with
spaces), and an analyst checks each one and writes the entry in proper Arabic. A name counts as known
when its normalised form, or that form without a leading title word, is an alias or short form already.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.knowledge import load_knowledge  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402

SOURCE = ROOT.parent / "shared" / "reference" / "universal-petrarch-arabic" / "actor_dict_ar_v4.txt"
_CODE = re.compile(r"\[([A-Z~]{3}[A-Z]*)\s*(?:>?\s*(\d{8}))?(?:-(\d{8}))?\s*\]")
# generic words the dictionary lists as actors ('رئيس', 'قوة_أمن_'): never a name
_TITLE_WORDS = {"رييس", "وزير", "امير", "ملك", "شيخ", "جنرال", "سفير", "نايب", "قايد", "زعيم", "مدير", "امين",
                "عاهل", "متحدث", "ناطق", "مستشار", "سيناتور", "عقيد", "لواء", "عميد", "فريق", "مشير", "سابق"}
# lemmas of generic nouns ('حكومة عراقي', 'قوة أمن'): the extractor builds those from a group noun and a demonym
_GENERIC = {"حكومه", "وزاره", "قوه", "شرطه", "جيش", "مسوول", "مواطن", "لاجي", "شعب", "دوله", "سلطه", "مجلس", "برلمان",
            "محافظه", "منطقه", "مدينه", "قضاء", "جاليه", "صحفي", "صحيفه", "جندي", "ساكن", "ارض", "سياسه", "وضع",
            "موقف", "ساحه", "عاصمه", "مصدر", "برلماني", "جامعه", "محكمه", "جهاز", "معارضه", "مجتمع", "وكاله", "وسيله",
            "اعلام", "شركه", "بنك", "مكتب", "اداره", "نظام", "مخابرات", "استخبار", "خارجيه", "داخلي", "ل"}


def parse(path: Path) -> list[tuple[str, list[tuple[str, int | None, int | None]]]]:
    """(phrase with spaces, [(code, first year, last year)]) for every entry of the dictionary."""
    entries: list[tuple[str, list]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        codes = [(c, int(s[:4]) if s else None, int(e[:4]) if e else None) for c, s, e in _CODE.findall(line)]
        if line[:1] in "\t " and line.strip().startswith("["):
            if entries:
                entries[-1][1].extend(codes)
            continue
        name = line.split("[", 1)[0].replace("_", " ").strip()
        if name:
            entries.append((" ".join(name.split()), codes))
    return entries


def _alive(codes: list[tuple[str, int | None, int | None]], since: int) -> bool:
    """Some role reaches `since` or later; the dictionary's '18000101' end means 'open'."""
    return any(end is None or end <= 1800 or end >= since for _, _, end in codes)


def _bare(key: str) -> str:
    """A key without the article on any word: the dictionary writes lemmas ('منظمة تحرير فلسطيني')."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in key.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--country", action="append", default=[], help="ISO code prefix of the CAMEO code (repeatable)")
    ap.add_argument("--since", type=int, default=2011, help="drop entries whose every role ended before this year")
    ap.add_argument("--known", action="store_true", help="list the names the knowledge base has already, too")
    args = ap.parse_args()
    if not SOURCE.is_file():
        sys.exit(f"{SOURCE} is absent: the dictionary lives in ../shared/reference on team machines")
    kb = load_knowledge()
    names = [n for a in kb.actors for n in a.aliases + a.short] + [n for s in kb.states for n in s.names_ar] \
        + [n for p in kb.places for n in p.ar]
    known = {_bare(normalize_key(n)) for n in names}
    for name, codes in parse(SOURCE):
        words = normalize_key(name).split()
        if len(words) < 2 or not codes or not _alive(codes, args.since):
            continue
        countries = {c[:3] for c, _, _ in codes}
        if args.country and not countries & set(args.country):
            continue
        while words and words[0] in _TITLE_WORDS:
            words = words[1:]
        is_known = _bare(" ".join(words)) in known or _bare(normalize_key(name)) in known
        if len(words) < 2 or words[0] in _GENERIC or is_known and not args.known:
            continue
        years = ",".join(f"{s or ''}-{e if e and e > 1800 else ''}" for _, s, e in codes if s or e)
        print(f"{'known' if is_known else 'new'}\t{'/'.join(sorted({c for c, _, _ in codes}))}\t{years}\t{name}")


if __name__ == "__main__":
    main()
