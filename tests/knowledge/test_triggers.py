"""The trigger lexicon: its invariants, and the script that fills a verb's regular paradigm."""
from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

from marsad.text.normalize import normalize_key

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "trigger_forms.py"
_spec = importlib.util.spec_from_file_location("trigger_forms", _SCRIPT)
trigger_forms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trigger_forms)


def test_a_form_shared_by_two_event_types_is_told_apart_by_requires(kb):
    """At most one of the types a surface form belongs to may take it without `requires` words:
    otherwise the reading would depend on the order of the file."""
    free: dict[str, set[str]] = defaultdict(set)
    for trigger in kb.triggers:
        if not trigger.requires:
            for form in trigger.verbs + trigger.nouns:
                free[normalize_key(form)].add(trigger.event_type)
    clashes = {form: types for form, types in free.items() if len(types) > 1}
    assert not clashes, clashes


def test_every_trigger_has_forms_and_a_known_cameo_family(kb):
    for trigger in kb.triggers:
        assert trigger.verbs or trigger.nouns, trigger.id
        assert 1 <= int(trigger.cameo[:2]) <= 20, trigger.id


def test_the_paradigms_of_sound_hollow_doubled_and_defective_verbs():
    assert trigger_forms.past_forms("ندد") == ["ندد", "نددت", "نددا", "نددوا", "نددتا", "نددنا"]
    assert trigger_forms.past_forms("أدان") == ["أدان", "أدانت", "أدانا", "أدانوا", "أدانتا"]  # no أدانا for 'we'
    assert trigger_forms.past_forms("شن") == ["شن", "شنت", "شنا", "شنوا", "شنتا"]
    assert trigger_forms.past_forms("نفى") == ["نفى", "نفت", "نفيا", "نفوا", "نفتا", "نفينا"]
    assert trigger_forms.past_forms("دعا") == ["دعا", "دعت", "دعوا", "دعتا", "دعونا"]
    assert trigger_forms.present_forms("يدين") == ["يدين", "تدين", "يدينان", "تدينان", "يدينون", "يدينوا", "ندين"]
    assert trigger_forms.present_forms("ينفي") == ["ينفي", "تنفي", "ينفيان", "تنفيان", "ينفون", "ينفوا", "ننفي"]
    assert trigger_forms.present_forms("يدعو") == ["يدعو", "تدعو", "يدعوان", "تدعوان", "يدعون", "يدعوا", "ندعو"]


def test_a_conjugated_form_is_not_taken_for_a_lemma_of_its_own():
    entry = {"id": "x", "verbs": ["زار", "زارت", "زارتا", "يزور", "تزور", "يزوران", "تزوران"]}
    assert set(trigger_forms.missing(entry, set())) == {"زارا", "زاروا", "يزورون", "يزوروا", "نزور"}  # no زارتوا، يزورانون


def test_a_lemma_needs_a_second_cell_beside_it():
    assert trigger_forms.missing({"id": "x", "verbs": ["أطلع", "تدمر"]}, set()) == []


def test_phrases_are_conjugated_by_their_first_word_and_skipped_forms_stay_out():
    entry = {"id": "x", "verbs": ["هدد بالرد", "هددت بالرد"]}
    proposed = trigger_forms.missing(entry, {normalize_key("هددنا بالرد")})
    assert "هددوا بالرد" in proposed and "يهدد بالرد" not in proposed
    assert "هددنا بالرد" not in proposed


def test_writing_touches_only_the_list_it_extends(tmp_path):
    path = tmp_path / "triggers.yaml"
    before = ('# header\n- id: a\n  event_type: ACCUSE\n  verbs: ["ندد",\n          "نددت"]\n  nouns: ["تنديد"]\n'
              '- id: b\n  event_type: ACCUSE\n  verbs: ["ندد"]\n')
    path.write_text(before, encoding="utf-8")
    trigger_forms.write(path, {"a": ["نددوا"]})
    trigger_forms.write(path, {"a": ["إدانة"]}, "nouns")
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('"نددت"]', '"نددت", "نددوا"]').replace('["تنديد"]', '["تنديد", "إدانة"]')
