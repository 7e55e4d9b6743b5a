"""scripts/gold_actor_gaps.py: the gold mentions the knowledge base does not resolve to the polity coded."""
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gold_actor_gaps.py"
spec = importlib.util.spec_from_file_location("gold_actor_gaps", SCRIPT)
gold_actor_gaps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gold_actor_gaps)


def record(doc, *entities):
    return {"doc": doc, "actor": [{"polity": p, "text": t} for p, t in entities], "recipient": []}


def test_a_name_the_base_lacks_is_counted_per_writer_and_a_known_one_is_not(kb):
    records = [record("w01_01_a.txt", ("ARAB_LEAGUE", "القادة العرب"), ("XYZ", "حركة الأفق الجديد")),
               record("w02_05_b.txt", ("XYZ", "حركة الأفق الجديد")),
               record("w02_06_c.txt", ("SAU", "جمال خاشقجي"), ("QAT", "الجزائر"))]
    entities, writers, polities = gold_actor_gaps.actor_gaps(records, kb)
    assert entities == 5
    assert set(writers) == {"حركه الافق الجديد", "الجزاير"}
    assert writers["حركه الافق الجديد"] == {"w01", "w02"}
    assert polities["الجزاير"] == {"QAT": 1}  # a known name coded with another polity is listed too
