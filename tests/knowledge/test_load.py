"""Knowledge files: validated on load with messages that name the file, the entry and the field;
a user's folder adds to or replaces packaged entries."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marsad.errors import KnowledgeError
from marsad.extract import extract
from marsad.knowledge import load_knowledge
from marsad.records import Document


def test_the_packaged_knowledge_base_is_broad(kb):
    assert len(kb.states) >= 200
    assert len(kb.actors) >= 500
    assert len(kb.triggers) >= 150
    assert {t.event_type for t in kb.triggers} >= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                                                     "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
                                                     "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    camps = {a.polity for a in kb.actors}
    assert {"LBY-E", "LBY-W", "LBY", "RUS", "USA", "TUR", "UN"} <= camps


def test_roles_over_time_resolve_a_title_to_its_holder(kb):
    assert kb.holder("president", "USA", 2019).name == "Donald Trump"
    assert kb.holder("president", "USA", 2022).name == "Joe Biden"


def test_a_bad_entry_names_file_entry_and_field(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "mine.yaml").write_text(
        "- id: ok-actor\n  name: Someone\n  polity: LBY-E\n  aliases: [شخص ما]\n"
        "- id: Bad Id\n  name: Other\n  polity: XX\n  aliases: [آخر]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge([tmp_path])
    message = str(err.value)
    assert "mine.yaml" in message and "entry 2" in message and ("'id'" in message or "'polity'" in message)


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_knowledge([tmp_path / "nope"])


def test_a_users_actor_is_found_without_touching_python(tmp_path):
    text = "التقى المبعوث الأممي المشير خليفة حفتر، كما استقبل زاهر القرطبي وزير الخارجية التركي هاكان فيدان."
    doc = Document(id="u", text=text)
    before = {e.name for ev in extract(doc, load_knowledge()) for e in ev.actor + ev.recipient}
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "local.yaml").write_text(
        "- id: zaher-qurtubi\n  name: Zaher al-Qurtubi\n  polity: LBY-E\n  kind: person\n"
        "  aliases: [زاهر القرطبي]\n  uncertain: true\n", encoding="utf-8")
    extended = load_knowledge([tmp_path])
    after = {e.name for ev in extract(doc, extended) for e in ev.actor + ev.recipient}
    assert "Zaher al-Qurtubi" not in before and "Zaher al-Qurtubi" in after
    assert extended.version != load_knowledge().version


def test_an_international_body_takes_its_acronym_as_polity_and_a_bad_camp_is_refused(tmp_path):
    (tmp_path / "actors").mkdir()
    mine = tmp_path / "actors" / "mine.yaml"
    mine.write_text("- id: fund\n  name: Fund\n  kind: organisation\n  polity: WORLD_BANK\n  aliases: [صندوق ما]\n",
                    encoding="utf-8")
    assert load_knowledge([tmp_path]).actors_by_id["fund"].polity == "WORLD_BANK"
    mine.write_text("- id: camp\n  name: Camp\n  polity: LBY-X\n  aliases: [معسكر ما]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'polity'"):
        load_knowledge([tmp_path])


def test_packaged_organisations_outside_the_big_five_take_their_acronym(kb):
    assert {kb.actors_by_id[i].polity for i in ("imf", "world-bank", "oic", "ecowas", "igad")} == \
        {"IMF", "WORLD_BANK", "OIC", "ECOWAS", "IGAD"}


def test_the_packaged_files_pass_the_validator_with_no_shared_name_and_no_unknown_title():
    """scripts/validate_knowledge.py checks what no single entry shows: a name two actors share, an id used
    twice, a role whose title is not in titles.yaml."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "validate_knowledge.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
