"""Page junk removal on plain text: related-news blocks, comment, share and reaction widgets,
AI-summary and newsletter promos, breadcrumbs and menus, section and keyword lines, and lines
in other scripts (image alt text).

Lines that are kept are kept verbatim, so evidence quoted later is an exact
substring of what the reader saw.
"""
from __future__ import annotations

import re

from marsad.text.normalize import normalize_key

# A line matching one of these is junk; one marked BLOCK also starts a block of
# short headline lines that are junk until the next real paragraph.
_JUNK = [normalize_key(p) for p in (
    "شارك على", "شارك عبر", "شارك هذا", "مشاركة عبر", "انسخ الرابط", "نسخ الرابط", "تابعونا على", "تابعنا على",
    "أضف تعليق", "اضف تعليقك", "التعليقات", "تعليقات القراء", "اكتب تعليقك", "سجل الدخول للتعليق", "لا توجد تعليقات",
    "بالذكاء الاصطناعي", "ملخص بالذكاء", "لخص هذا المقال", "اشترك في النشرة", "اشترك الآن", "النشرة البريدية",
    "حمّل تطبيق", "تحميل التطبيق", "جميع الحقوق محفوظة", "إقرأ المزيد", "اقرأ المزيد", "طباعة", "حجم الخط",
    "الأكثر قراءة", "الأكثر مشاهدة", "مواضيع ذات صلة", "Share on", "Read more",
    "هل أعجبك المقال", "هل أعجبك الخبر", "هل كان هذا المقال مفيدا", "قيّم المقال", "ما رأيك في المقال",
)]
# A promo inviting the reader to subscribe: 'اشترك في نشرتنا البريدية لتصلك أهم الأخبار', 'اشترك لتصلك النشرة'
_PROMO = re.compile(normalize_key(r"^(?:اشترك|سجل|انضم)\S*\s.{0,40}(?:نشرت|النشره|التنبيهات|تنبيهات|قناتنا|لتصلك)"))
# A line of tags: 'الكلمات المفتاحية: ليبيا، روسيا', 'الوسوم: …', 'Tags: …'
_KEYWORDS = re.compile(normalize_key(r"^(?:ال)?(?:كلمات (?:ال)?مفتاحيه|كلمات دلاليه|وسوم|تاغات|tags|keywords)\s*[:：]"))
# A section label over the headline: 'قسم: عرب وعالم', 'التصنيف: أخبار ليبيا'
_SECTION = re.compile(normalize_key(r"^(?:ال)?(?:قسم|تصنيف|ركن|باب)\s*[:：]\s*\S"))
_SECTION_CHARS = 40  # a section's name is a word or three; a longer line is a sentence
# A breadcrumb or a menu: 'الرئيسية > أخبار > ليبيا', 'الرئيسية | سياسة | رياضة', 'الصفحة الرئيسية › مغاربي › ليبيا'
_NAV_SEPARATOR = re.compile(r"\s+[>›»/|]\s+")
_HOME = tuple(normalize_key(p) for p in ("الرئيسية", "الصفحة الرئيسية", "الرئيسيه"))
_NAV_ITEM = 25  # characters: a menu item or breadcrumb step is a word or two
_JUNK_EXACT = {normalize_key(p) for p in ("لا يوجد تعليقات بعد...", "إعلان", "اعلان", "طباعة", "التعليقات", "تعليقات", "شارك", "مشاركة",
                                           "Advertisement", "فيسبوك", "تويتر", "واتساب", "تلغرام", "-", "|")}
_BLOCK = [normalize_key(p) for p in (
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "أخبار ذات صلة", "أخبار متعلقة", "مقالات ذات صلة", "المزيد من",
    "قد يهمك", "قد يعجبك", "الأكثر قراءة", "مواضيع ذات صلة", "اخترنا لك", "شاهد أيضا", "روابط ذات صلة",
)]
# Headers that close a page's article: what follows them is other articles. 'اقرأ أيضاً' is not one of
# them: sites put it inside the article, and the article goes on after its list of headlines.
_TAIL = [normalize_key(p) for p in (
    "أخبار ذات صلة", "أخبار متعلقة", "مقالات ذات صلة", "المزيد من", "الأكثر قراءة", "مواضيع ذات صلة",
    "قد يعجبك", "اخترنا لك", "روابط ذات صلة",
)]
_LEADING_MARKS = re.compile(r"^[^\w]+")  # bullets, dashes, arrows before a line's first word
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# An outlet's name ('صحيفة المشرق', 'بوابة النيل الإخبارية', 'الوسط نيوز'): a masthead, not a breadcrumb
OUTLET = re.compile(normalize_key(r"^(?:صحيفه|جريده|وكاله|موقع|بوابه|قناه|منصه|مركز|يوميه|شبكه|مجله|اذاعه|تلفزيون|"
                                  r"راديو|مؤسسه)\s|اخباري|للانباء|نيوز|بريس"))
_PARAGRAPH = 200  # characters: the article's first paragraph; above it stand the masthead, breadcrumb and headline
_SHORT_LINE = 90  # characters: longer lines are article paragraphs, not headline lists
_TAIL_AFTER = 600  # characters of article: past this, a related-news header ends the article
_KEY_CHARS = 200  # longer than any junk line, and than _SHORT_LINE


def clean_text(text: str) -> str:
    """Drop junk lines; keep article lines verbatim, joined by newlines."""
    kept: list[str] = []
    in_block = False
    above_article = True  # no paragraph yet: a two-step breadcrumb ('أخبار عربية | ليبيا') may still come
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            in_block = False if kept and kept[-1] != "" else in_block
            if kept and kept[-1] != "":
                kept.append("")
            continue
        # '▪ اقرأ أيضاً: …' is a related-news line; what tells junk stands in a line's first words (a
        # paragraph of a million characters is not normalized whole)
        key = normalize_key(_LEADING_MARKS.sub("", stripped[:_KEY_CHARS]))
        if any(key.startswith(b) or (b in key and len(key) < len(b) + 15) for b in _BLOCK):
            if sum(len(k) for k in kept) > _TAIL_AFTER and any(key.startswith(t) for t in _TAIL):
                break  # other articles follow the one we want: a page's related-news tail
            in_block = True
            continue
        if in_block and len(stripped) < _SHORT_LINE:
            continue
        in_block = False
        if key in _JUNK_EXACT or (len(key) < 60 and any(j in key for j in _JUNK)):
            continue
        if _PROMO.match(key) or _KEYWORDS.match(key) or is_navigation(stripped, above_article and bool(kept)) or \
                (_SECTION.match(key) and len(stripped) <= _SECTION_CHARS):
            continue
        if _foreign(stripped):
            continue
        kept.append(line.rstrip())
        above_article = above_article and len(stripped) < _PARAGRAPH
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def _foreign(line: str) -> bool:
    """A line mostly in Latin script (alt text, English captions) says nothing in Arabic."""
    latin = len(_LATIN.findall(line))
    arabic = len(_ARABIC.findall(line))
    return latin > 12 and latin > 2 * arabic


def is_navigation(line: str, in_page_head: bool = False) -> bool:
    """A breadcrumb or a site menu: short steps between '>', '›', '»', '/' or '|', no digits (a dated line such as
    'الدوحة | الجمعة 25 يوليو 2025' is kept: the publication date is read from it), three steps or more, or two
    starting at the home page, or two under the page's first line and above the article's first paragraph
    ('أخبار عربية | ليبيا'), unless the first names an outlet ('صحيفة المشرق | بيروت' is a masthead)."""
    steps = [s for s in _NAV_SEPARATOR.split(_LEADING_MARKS.sub("", line.strip())) if s.strip()]
    if len(steps) < 2 or any(ch.isdigit() for ch in line) or any(len(s.strip()) > _NAV_ITEM for s in steps):
        return False
    first = normalize_key(steps[0])
    return len(steps) >= 3 or first.startswith(_HOME) or (in_page_head and not OUTLET.search(first))
