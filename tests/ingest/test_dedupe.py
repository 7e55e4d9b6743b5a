"""Near-duplicates by MinHash and LSH buckets: copies found, different stories apart, the same answer in any
process and any store size."""
from __future__ import annotations

import subprocess
import sys

from marsad.ingest.dedupe import BANDS, NEAR_JACCARD, fingerprint, is_near_copy, jaccard, trigrams
from marsad.records import Document
from marsad.store import open_store
from marsad.store.db import near_copy_of
from tests.conftest import SHORT, SHORT_EDITED

STORY = ("أعلن مكتب رئيس المجلس الرئاسي أن رئيس المجلس استقبل في طرابلس يوم الأحد وفداً من الاتحاد الأفريقي "
         "برئاسة مفوض السلم والأمن، وبحث الجانبان التحضير لمؤتمر المصالحة الوطنية المرتقب وسبل دعم الحوار بين "
         "الأطراف الليبية، فيما أكد المفوض استعداد الاتحاد لمرافقة العملية حتى إجراء الانتخابات.")
OTHER = ("قالت وزارة الاقتصاد إن أسعار السلع الأساسية في الأسواق المحلية ارتفعت خلال الشهر الماضي بنسبة ملحوظة "
         "بسبب تأخر وصول شحنات الدقيق إلى ميناء مصراتة، وأعلنت عن خطة لتوزيع حصص مدعومة على الأسر في البلديات.")


def test_a_wire_copy_is_similar_and_shares_a_bucket():
    original_text, copy_text = "عاجل\n" + STORY + "\nالمصدر: وكالة الأنباء", "خبر\n" + STORY + "\nنقلاً عن وكالات"
    original, copy = fingerprint(original_text), fingerprint(copy_text)
    assert original.content_hash != copy.content_hash
    assert is_near_copy(original_text, copy_text)
    assert set(original.buckets) & set(copy.buckets)
    assert len(original.buckets) == BANDS


def test_different_stories_are_far_apart():
    a, b = fingerprint(STORY), fingerprint(OTHER)
    assert jaccard(trigrams(STORY), trigrams(OTHER)) < 0.2
    assert not set(a.buckets) & set(b.buckets)


def test_fingerprints_are_the_same_in_another_process():
    """Spark executors, other ingest runs and the loader must compute the same buckets (no salted hash())."""
    here = fingerprint(STORY)
    code = "import sys; from marsad.ingest.dedupe import fingerprint; f = fingerprint(sys.stdin.read()); " \
           "print(f.content_hash, f.minhash.hex(), *f.buckets)"
    there = subprocess.run([sys.executable, "-c", code], input=STORY, capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "12345"}).stdout.split()
    assert there == [here.content_hash, here.minhash.hex(), *map(str, here.buckets)]


def test_a_near_copy_is_found_among_many_stored_documents_and_after_a_restart(kb, tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    store = open_store(url, create=True)
    for n in range(40):  # unrelated articles: none of them is a candidate
        store.add_document(Document(id=f"o{n}", text=f"{OTHER} العدد {n} من النشرة {n * 7} {n * 13}."), [], kb.version)
    first = store.add_document(Document(id="story", text=STORY + "\nالمصدر: وكالة الأنباء"), [], kb.version)
    store.engine.dispose()
    again = open_store(url)  # a new process or run: nothing in memory
    copy = Document(id="copy", text="تحديث\n" + STORY + "\nنقلاً عن وكالات")
    with again.engine.connect() as conn:
        assert near_copy_of(conn, copy.text, fingerprint(copy.text)) == (first.document_id, "story")
    result = again.add_document(copy, [], kb.version)
    assert result.status == "near-duplicate" and result.duplicate_of == "story"
    copy_of_copy = Document(id="copy2", text="تحديث جديد\n" + STORY + "\nنقلاً عن وكالات")
    assert again.add_document(copy_of_copy, [], kb.version).duplicate_of == "story"  # the original, not the copy


def test_short_texts_that_overlap_by_six_tenths_are_not_near_copies(kb, tmp_path):
    import numpy as np

    from marsad.store.bulk import _originals

    a, b = fingerprint(SHORT), fingerprint(SHORT_EDITED)
    assert 0.55 < jaccard(trigrams(SHORT), trigrams(SHORT_EDITED)) < 0.65
    assert set(a.buckets) & set(b.buckets)  # an LSH candidate ...
    assert np.mean(np.frombuffer(a.minhash, "<u4") == np.frombuffer(b.minhash, "<u4")) >= NEAR_JACCARD  # ... 0.70
    assert not is_near_copy(SHORT, SHORT_EDITED)
    store = open_store(f"sqlite:///{tmp_path / 's.db'}", create=True)
    assert store.add_document(Document(id="a", text=SHORT), [], kb.version).status == "added"
    row = {"content_hash": b.content_hash, "text": SHORT_EDITED, "buckets": list(b.buckets), "duplicate_of": None}
    with store.engine.connect() as conn:
        assert _originals(conn, [row], {b.content_hash: 2}) == {}  # marsad load: not a copy
    assert store.add_document(Document(id="b", text=SHORT_EDITED), [], kb.version).status == "added"  # ingest
