"""List candidate trigger verbs from UniversalPetrarch's Arabic verb dictionary that triggers.yaml lacks.

Source: the Open Event Data Alliance's UniversalPetrarch Arabic dictionaries (MIT licence, commit
843e3cd, 2018), kept in ../shared/reference/universal-petrarch-arabic. Their quality is uneven (much
was machine-translated from the English CAMEO dictionaries), so nothing is copied automatically: this
prints, per PLOVER type, each verb lemma or verb + object pattern with its CAMEO code, marking those
the lexicon already knows, for an analyst to verify and write up as proper surface forms.

    .venv/bin/python scripts/mine_petrarch_verbs.py [../shared/reference/universal-petrarch-arabic/CAMEO.ar.0.5.txt]
        [--plover ../shared/reference/CAMEO2PLOVER-2021.txt] [--all]
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from marsad.text.normalize import normalize_key  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"
TRIGGERS = ROOT / "marsad" / "knowledge" / "data" / "triggers.yaml"
_BLOCK = re.compile(r"^---\s*(.+?)\s*\[([-\d]+)\]\s*---")
_SYNONYM = re.compile(r"^([^\s#\-&+][^#\[]*?)\s*(?:\[([-\d]+)\])?\s*#")
_PATTERN = re.compile(r"^-\s*\*?\s*(.*?)\s*\[([-\d]+)\]")
# CAMEO 01 (public statements) has no PLOVER category; 02 (appeals) is what PLOVER calls REQUEST
_OLD_CAMEO = {"02": "REQUEST"}


def plover_table(path: pathlib.Path) -> dict[str, str]:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def to_plover(code: str, table: dict[str, str]) -> str | None:
    for length in (4, 3, 2):
        if code[:length] in table and len(code) >= length:
            return table[code[:length]]
    return _OLD_CAMEO.get(code[:2])


def words(raw: str) -> str:
    """'أضرم+النار+في' or 'عمل_بسرعة' as plain words."""
    return " ".join(raw.replace("+", " ").replace("_", " ").replace("{", " ").replace("}", " ").split())


def parse(path: pathlib.Path):
    """Yield (verb, object pattern or '', CAMEO code) for every coded verb or pattern."""
    lemma_code, synonyms = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        block = _BLOCK.match(line)
        if block:
            lemma_code, synonyms = block.group(2), []
            continue
        if lemma_code is None:
            continue
        pattern = _PATTERN.match(line)
        if pattern:
            text, code = pattern.groups()
            if code == "---" or "&" in text:
                continue
            for verb in synonyms:
                yield verb, words(text.replace("(", " ").replace(")", " ")), code
            continue
        synonym = _SYNONYM.match(line)
        if synonym:
            verb = words(synonym.group(1))
            synonyms.append(verb)
            code = synonym.group(2) or lemma_code
            if code != "---":
                yield verb, "", code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dictionary", nargs="?", default=SHARED / "universal-petrarch-arabic" / "CAMEO.ar.0.5.txt",
                        type=pathlib.Path)
    parser.add_argument("--plover", default=SHARED / "CAMEO2PLOVER-2021.txt", type=pathlib.Path)
    parser.add_argument("--all", action="store_true", help="also list what the lexicon already has")
    args = parser.parse_args()
    for path in (args.dictionary, args.plover):
        if not path.exists():
            parser.error(f"{path} not found (it lives in ../shared/reference beside the repository)")
    table = plover_table(args.plover)
    known = {normalize_key(w) for t in yaml.safe_load(TRIGGERS.read_text(encoding="utf-8"))
             for w in (t.get("verbs") or []) + (t.get("nouns") or [])}
    found: dict[str, dict[tuple[str, str], set[str]]] = collections.defaultdict(lambda: collections.defaultdict(set))
    for verb, pattern, code in parse(args.dictionary):
        plover = to_plover(code, table)
        if plover:
            found[plover][(verb, pattern)].add(code)
    for plover in sorted(found):
        by_verb: dict[str, list[str]] = collections.defaultdict(list)
        for (verb, pattern), codes in sorted(found[plover].items()):
            by_verb[verb].append(f"{pattern or '(bare)'} [{','.join(sorted(codes))}]")
        rows = [f"  {'=' if normalize_key(verb) in known else '+'} {verb}: {'; '.join(objects)}"
                for verb, objects in sorted(by_verb.items()) if args.all or normalize_key(verb) not in known]
        if rows:
            print(f"{plover} ({len(rows)} verbs)")
            print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
