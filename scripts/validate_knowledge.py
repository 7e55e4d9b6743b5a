"""Validate every knowledge file against marsad.knowledge.schema; prints problems, exits 1 on any."""
import pathlib
import sys

import yaml
from pydantic import TypeAdapter, ValidationError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from marsad.knowledge import schema  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parents[1] / "marsad" / "knowledge" / "data"
KINDS = {"states.yaml": schema.State, "places.yaml": schema.Place, "titles.yaml": schema.Title,
         "triggers.yaml": schema.Trigger, "months.yaml": schema.Month}
bad = 0
for path in sorted(DATA.rglob("*.yaml")):
    model = schema.Actor if path.parent.name == "actors" else KINDS.get(path.name)
    if model is None:
        continue
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for i, entry in enumerate(entries):
        try:
            TypeAdapter(model).validate_python(entry)
        except ValidationError as exc:
            bad += 1
            print(f"{path.relative_to(DATA)} entry {i}: {exc}")
    print(f"{path.relative_to(DATA)}: {len(entries)} entries")
sys.exit(1 if bad else 0)
