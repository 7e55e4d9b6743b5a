"""Validate every knowledge file against marsad.knowledge.schema, and the actor files against each other.

Prints problems, exits 1 on any. Besides each entry's schema, it checks what no single entry shows:
an id used twice (the later entry would silently replace the earlier), one name (alias or short form,
after normalisation) given to two actors (the matcher would pick one at random), and a role whose title
key is not in titles.yaml (it would never resolve).
"""
import pathlib
import sys
from collections import defaultdict

import yaml
from pydantic import TypeAdapter, ValidationError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from marsad.knowledge import schema  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parents[1] / "marsad" / "knowledge" / "data"
KINDS = {"states.yaml": schema.State, "places.yaml": schema.Place, "titles.yaml": schema.Title,
         "triggers.yaml": schema.Trigger, "months.yaml": schema.Month}
bad = 0
actors: list[tuple[str, schema.Actor]] = []
titles: set[str] = set()
for path in sorted(DATA.rglob("*.yaml")):
    model = schema.Actor if path.parent.name == "actors" else KINDS.get(path.name)
    if model is None:
        continue
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for i, entry in enumerate(entries):
        try:
            item = TypeAdapter(model).validate_python(entry)
        except ValidationError as exc:
            bad += 1
            print(f"{path.relative_to(DATA)} entry {i}: {exc}")
            continue
        if model is schema.Actor:
            actors.append((str(path.relative_to(DATA)), item))
        elif model is schema.Title:
            titles.add(item.key)
    print(f"{path.relative_to(DATA)}: {len(entries)} entries")

where: dict[str, str] = {}
owners: dict[str, set[str]] = defaultdict(set)
for file, actor in actors:
    if actor.id in where:
        bad += 1
        print(f"{file}: id {actor.id} is used in {where[actor.id]} too")
    where[actor.id] = file
    for name in actor.aliases + actor.short:
        owners[normalize_key(name)].add(actor.id)
    for role in actor.roles:
        if role.title not in titles:
            bad += 1
            print(f"{file}: {actor.id} has a role with title '{role.title}', which titles.yaml lacks")
for name, ids in sorted(owners.items()):
    if len(ids) > 1:
        bad += 1
        print(f"the name '{name}' belongs to {len(ids)} actors: {', '.join(sorted(ids))} ({where[min(ids)]})")
sys.exit(1 if bad else 0)
