"""Fill the regular third-person (and first-person plural) cells of the trigger verbs' paradigms.

triggers.yaml lists verb surface forms one by one (the matcher adds only clitics). A lemma is
recognised where the list already shows it conjugated: a past 3ms form with its 3fs or 3mp beside
it (أدان with أدانت), a present 3ms with its 3fs or 3mp (يدين with تدين). For each such lemma this
prints the regular forms the entry lacks; with --write they are appended to the entry's `verbs`
list in place (nothing else in the file changes). Phrases are handled by their first word
('أعرب عن قلق' with 'أعربت عن قلق' yields 'أعربا عن قلق', …).

Unvocalised forms can coincide with other words (تعرض 'presents' and 'was exposed to'), so the
output is a proposal: read it, drop what is wrong with --skip, and only then --write.

    .venv/bin/python scripts/trigger_forms.py [--id ENTRY ...] [--skip FORM ...] [--write]
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from marsad.text.normalize import normalize_key  # noqa: E402

TRIGGERS = pathlib.Path(__file__).resolve().parents[1] / "marsad" / "knowledge" / "data" / "triggers.yaml"


def past_forms(past: str) -> list[str]:
    """3ms, 3fs, 3md, 3mp, 3fd and 1p of a past verb given as its 3ms form."""
    if past.endswith("ى"):  # نفى، التقى، ألغى
        stem = past[:-1]
        return [past, stem + "ت", stem + "يا", stem + "وا", stem + "تا", stem + "ينا"]
    if past.endswith("ا") and len(past) == 3:  # دعا، عفا (dual and plural are both دعوا)
        stem = past[:-1]
        return [past, stem + "ت", stem + "وا", stem + "تا", stem + "ونا"]
    forms = [past, past + "ت", past + "ا", past + "وا", past + "تا"]
    hollow = len(past) >= 3 and past[-2] == "ا"  # أدان → أدنّا, not أدانا
    doubled = len(past) == 2  # شنّ → شننّا
    if not hollow and not doubled:
        forms.append(past + "نا")
    return forms


def present_forms(present: str) -> list[str]:
    """3ms, 3fs, 3md, 3fd, 3mp (indicative and subjunctive) and 1p of a present verb given as its 3ms form."""
    rest = present[1:]
    fem, we = "ت" + rest, "ن" + rest
    if present.endswith("ي"):  # ينفي
        return [present, fem, present + "ان", fem + "ان", present[:-1] + "ون", present[:-1] + "وا", we]
    if present.endswith("و"):  # يدعو
        return [present, fem, present + "ان", fem + "ان", present[:-1] + "ون", present + "ا", we]
    if present.endswith("ى"):  # يرعى
        return [present, fem, present[:-1] + "يان", fem[:-1] + "يان", present[:-1] + "ون", present[:-1] + "وا", we]
    return [present, fem, present + "ان", fem + "ان", present + "ون", present + "وا", we]


def lemmas(forms: list[str]) -> list[tuple[str, list[str]]]:
    """(lemma, paradigm) for every past or present 3ms form the list already shows conjugated: its
    3fs or its 3mp stands beside it. Shortest first, so that a conjugated form (زارتا، يزوران) is
    never taken for a lemma of its own."""
    keys = {normalize_key(f) for f in forms}
    found, covered = [], set()
    for form in sorted(set(forms), key=lambda f: (len(normalize_key(f)), f)):
        key = normalize_key(form)
        if key in covered:
            continue
        paradigm = None
        if key.startswith("ي") and len(key) >= 3:
            cells = present_forms(form)
            if ("ت" + key[1:]) in keys or any(normalize_key(c) in keys for c in cells[1:] if c.endswith("ون")):
                paradigm = cells
        if paradigm is None and (not key.startswith(("ي", "ت", "ن")) or key.startswith("ت") and len(key) >= 5):
            cells = past_forms(form)  # تعاون، تظاهر: past forms of form V and VI verbs
            if normalize_key(cells[1]) in keys or any(normalize_key(c) in keys for c in cells[1:] if c.endswith("وا")):
                paradigm = cells
        if paradigm is not None:
            found.append((form, paradigm))
            covered.update(normalize_key(c) for c in paradigm)
    return found


def missing(entry: dict, skip: set[str]) -> list[str]:
    """The regular forms of the entry's verbs (and verb phrases, by their first word) it lacks."""
    verbs = entry.get("verbs") or []
    have = {normalize_key(v) for v in verbs}
    by_tail: dict[str, list[str]] = {}
    for verb in verbs:
        head, _, tail = verb.partition(" ")
        by_tail.setdefault(tail, []).append(head)
    out: list[str] = []
    for tail, heads in by_tail.items():
        for _, paradigm in lemmas(heads):
            for form in paradigm:
                phrase = f"{form} {tail}".strip()
                key = normalize_key(phrase)
                if key not in have and key not in skip and phrase not in out:
                    out.append(phrase)
    return out


def write(path: pathlib.Path, additions: dict[str, list[str]], field: str = "verbs") -> None:
    """Append forms to the `verbs:` (or `nouns:`) flow lists of the given entries, leaving every other
    line as it is."""
    text = path.read_text(encoding="utf-8")
    for entry_id, forms in additions.items():
        start = re.search(rf"^- id: {re.escape(entry_id)}$", text, re.M)
        if start is None:
            raise SystemExit(f"entry {entry_id} not found in {path}")
        nxt = re.search(r"^- id: |^# ", text[start.end():], re.M)
        end = start.end() + nxt.start() if nxt else len(text)
        block = text[start.end():end]
        listed = re.search(rf"^  {field}: \[(.*?)\]\n", block, re.M | re.S)
        if listed is None:
            raise SystemExit(f"entry {entry_id} has no `{field}: [...]` list")
        body = listed.group(1).rstrip()
        added = ", ".join(f'"{f}"' for f in forms)
        new = f"  {field}: [{body}{', ' if body else ''}{added}]\n"
        block = block[:listed.start()] + new + block[listed.end():]
        text = text[:start.end()] + block + text[end:]
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--id", nargs="*", help="only these entries")
    parser.add_argument("--skip", nargs="*", default=[], help="forms never to add (normalized on comparison)")
    parser.add_argument("--write", action="store_true", help="append the proposed forms to triggers.yaml")
    parser.add_argument("--file", type=pathlib.Path, default=TRIGGERS)
    args = parser.parse_args()
    skip = {normalize_key(s) for s in args.skip}
    entries = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    additions = {}
    for entry in entries:
        if args.id and entry["id"] not in args.id:
            continue
        forms = missing(entry, skip)
        if forms:
            additions[entry["id"]] = forms
            print(f"{entry['id']}: {' '.join(forms)}")
    print(f"{sum(map(len, additions.values()))} forms in {len(additions)} entries", file=sys.stderr)
    if args.write and additions:
        write(args.file, additions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
