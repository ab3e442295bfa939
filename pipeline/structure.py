"""Structure parser: split an act into clauses with full addresses and exact offsets.

The text is read line by line. Each line goes through an ordered list of tiny classifiers
(``RULES``); the first that fires names the line (``classify_line`` tells which, ``explain``
shows every decision of a whole text, like razdel's debug mode). Lines are grouped into
paragraphs, and a small state machine walks the paragraphs keeping the current section,
chapter, article, part, point and subpoint.

Levels follow the layout, the same in all three countries (see ``Address``): «Раздел I» /
«1-бөлім» / «1-бөлүм» is a section, «Глава 1» / «Глава первая» / «1-тарау» / «1-глава» a
chapter, «Статья 5.» / «1-бап.» / «1-берене.» an article, «1.» / «1-1.» / «2.1.» at the start
of a line a part, «1)» / «1-1)» / «12.1)» a point, «а)» / «е.1)» a subpoint. A Roman numeral
heading «I. Общие положения» (administrative regulations) is a section. «бап» is an
article in Kazakh but a chapter in Kyrgyz: ``language="ky"`` (from ``Document.language``)
decides.

Decisions:

* A clause is one paragraph: a numbered unit or an unnumbered paragraph, with its number
  included in its text. Text is never rewritten: offsets are trimmed of surrounding
  whitespace and ``clause.text == text[clause.start:clause.end]``.
* Unnumbered paragraphs after a numbered unit are separate clauses with the address of that
  unit (the simpler, smaller unit). One exception: after a point or subpoint whose text ends
  with a full stop (the end of a list), an unnumbered paragraph starting with a capital
  letter is attributed one level up (the part, or the point of a subpoint list).
* A lead-in («1. Решение принимается, если:») is its own clause; the points that follow are
  clauses of that part.
* Headings (section, chapter, article, «§»/«Параграф», «ЧАСТЬ I») are not clauses; their
  titles may continue on the following lines (all-capital lines, or lines right below a
  bare «Глава первая»), which are swallowed too, as is a numbered group title standing
  right before an article («2. Полное товарищество»). ``clause.heading`` is the title of the
  article. «§ N» and «ЧАСТЬ I» are not address levels: they are skipped.
* An article with no body at all («Статья 7. Утратила силу» followed by the next heading)
  still yields one clause: the span of its title, so repealed articles stay countable.
* Editorial notes of the publisher are not norms and are skipped: «(В редакции Законов …)»,
  «(Введен в действие …)», «(Название статьи в редакции …)», «См. также:» with the one
  document it names, «О судебной практике … см. …». Notes that repeal a unit
  («(Утратила силу …)», «(Исключена …)») are kept: they are the unit's text.
* Text before the first heading (title, date, preamble) gives clauses with an empty address.
  The signature block («Президент … А. Акаев», «Москва, Кремль») is skipped.
* Acts crawled from legalacts.ru carry a header block per article (``[chapter_number]``,
  ``[chapter_name]``, ``[article_number]``, ``[article_name]``, ``[updated_at]``). It is
  the gold segmentation: the block gives chapter, article and heading; heading lines found
  inside the bodies are neighbour links leaked by the crawler and are skipped. The crawler
  splits three shapes, repaired here: a chapter «V.1» arrives as number «V» and name
  «1. Предоставление …»; the joint repeal «Статьи 71.1, статья 71.2. Утратили силу»
  arrives as number «71» and name «1, статья 71.2. Утратили силу» (so «71.1»); «Статья 20,
  статья 21. Утратили силу» arrives as «20,» and «статья 21. …» (article «20», heading
  «Утратили силу»). A block with an empty body yields its ``[article_name]`` as the clause.
* In plain texts a lost superscript turns «Статья 28¹» into «Статья 281»: when the number
  continues the previous one as a prefix and the next heading confirms it (28 → 281 → 282 →
  29), the label becomes «28-1»; a part «31.» right after part «3.» becomes «3-1». A
  heading without a dot («Статья 5 Title») is accepted only in sequence, so a reference
  wrapped to a line start («Статья 5 Закона …») is not one.
* Hard-wrapped text (a PDF text layer, lines of at most ~100 characters) is re-joined into
  paragraphs: a line continues the paragraph above unless it starts a heading or a numbered
  unit, or the line above ends a sentence. ``wrapped=None`` detects it from line lengths.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pipeline.model import ADDRESS_LEVELS, Address, Clause, Document, PageSpan

# --- regular expressions (compiled once, cheap) ------------------------------------------

_NUM = r"\d+(?:[.\-]\d+)*"                       # 5, 39.16, 19-1, 11.1-1
_ROMAN = r"[IVXLC]+(?:[.\-]\d+)*"                # V, V.1, XIV
_ORDINAL_WORD = r"[а-яё]+(?:ая|ый|ой|ья|ий)"     # первая, двадцать первая (with _TENS)
_TENS_WORD = r"(?:двадцать|тридцать|сорок|пятьдесят)"
_ORDINAL = rf"(?:{_TENS_WORD}\s+)?{_ORDINAL_WORD}(?:-\d+)?"

_HEADER_FIELD_RE = re.compile(
    r"\[(chapter_number|chapter_name|article_number|article_name|updated_at)\]\s*(.*)")
_HEADER_BLOCK_RE = re.compile(r"^\[article_number\]", re.MULTILINE)
_SIGNATURE_RE = re.compile(
    r"Президент(?:\s+(?:Российской\s+Федерации|Кыргызской\s+Республики|Республики\s+Казахстан))?"
    r"(?:\s+[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.\s*)?[А-ЯЁ][А-ЯЁа-яё]+)?")
_BOOK_RE = re.compile(rf"(ЧАСТЬ|ПОДРАЗДЕЛ|Подраздел)\s+({_ROMAN}|{_NUM}|[А-ЯЁа-яё]+)\s*\.?\s*(.*)")
_HEADING_TAIL = r"(?P<dot>\s*\.)?(?:\s+(?P<title>.*))?$"      # «.», then the title if any
_SECTION_RE = re.compile(
    rf"(?:РАЗДЕЛ|Раздел)\s+(?P<label>{_ROMAN}|{_NUM}|{_ORDINAL}){_HEADING_TAIL}")
_ROMAN_SECTION_RE = re.compile(r"(?P<label>[IVXLC]+)\.\s+(?P<title>[А-ЯЁA-Z«\"].*)")
_CHAPTER_RE = re.compile(
    rf"(?:ГЛАВА|Глава)\s+(?P<label>{_NUM}|{_ROMAN}|{_ORDINAL}){_HEADING_TAIL}")
_PARAGRAPH_SIGN_RE = re.compile(rf"(?:§|Параграф)\s*(?P<label>{_NUM})\s*\.?\s*(?P<title>.*)")
_ARTICLE_RE = re.compile(
    rf"(?:Статья|СТАТЬЯ)\s+(?P<label>{_NUM})(?:\s*,\s*(?:статья|Статья)\s+{_NUM})*"
    rf"(?P<dot>\s*\.(?!\d))?(?:\s+(?P<title>.*))?$")
# Kazakh and Kyrgyz headings put the number first: «1-бап.», «2-тарау.», «1-берене.».
_TURKIC_RE = re.compile(
    r"(?P<label>\d+(?:-\d+)?|[IVXLC]+)\s*-?\s*"
    r"(?P<word>бөлім|бөлүм|тарау|главасы|глава|бап|берене)\b\.?\s*(?P<title>.*)",
    re.IGNORECASE)
_NOTE_RE = re.compile(
    r"(?:\(\s*(?:В\s+редакции|Введен|Название|Дополнен|Изменен|См\.|[\"«])"
    r"|См\.(?=[\s:]))")
# «О судебной практике по … см. …»: a publisher's pointer, recognised on the whole paragraph.
_SEE_ALSO_RE = re.compile(r"О\s[^.]{0,200}\sсм\.\s")
_PART_RE = re.compile(rf"(?P<label>{_NUM})(?:\s*[-–—]\s*(?P<to>{_NUM}))?\.(?!\d)")
_POINT_RE = re.compile(rf"(?P<label>{_NUM})(?:\)?\s*[-–—]\s*(?P<to>{_NUM}))?\)")
_SUBPOINT_RE = re.compile(r"(?P<label>[а-яё](?:[.\-]\d+)?)\)")
_BULLET_RE = re.compile(r"[-–—•]\s")
_LEADING_ENUMERATION_RE = re.compile(r"(?:\d+\s*,\s*)?(?:статья\s+[\d.\-]+\s*[,.]\s*)+",
                                     re.IGNORECASE)
_SPLIT_ARTICLE_NAME_RE = re.compile(r"(\d+)\s*,\s*статья\s", re.IGNORECASE)
_SPLIT_CHAPTER_NAME_RE = re.compile(r"(\d+)\.\s+(.*)")
_TERMINAL = ".;:!?"
# A line ending in a word that calls for a number: the number on the next line is not a
# new unit («от 14 марта 2014 года №\n49)», «(статья\n294).»).
_HANGING_RE = re.compile(
    r"(?:№|\bN|\b(?:стать|пункт|подпункт|част|глав|раздел)[а-яё]*|\b(?:ст|пп?|ч)\.)$",
    re.IGNORECASE)
# A title ending in one of these words continues on the next line («… и\nдееспособности»).
_FUNCTION_WORDS = frozenset(
    "и или а в во на о об от по при с со к ко для за из до без под над между".split())
# «Статья 5 Закона …»: a reference wrapped to a line start, not a heading.
_REFERENCE_HEAD = re.compile(
    r"(?:Закона|Кодекса|Конституции|Указа|Постановления|Положения|Регламента"
    r"|[А-ЯЁ][а-яё]+(?:ого|его))\b")        # «Федерального», «Гражданского»

# Stems of ordinal numerals, longest first («пятнадцат» before «пят»), for «Глава первая».
_ORDINAL_STEMS = (
    ("одиннадцат", 11), ("двенадцат", 12), ("тринадцат", 13), ("четырнадцат", 14),
    ("пятнадцат", 15), ("шестнадцат", 16), ("семнадцат", 17), ("восемнадцат", 18),
    ("девятнадцат", 19), ("пятидесят", 50), ("двадцат", 20), ("тридцат", 30),
    ("сороков", 40), ("четверт", 4), ("четвёрт", 4), ("девят", 9), ("десят", 10),
    ("седьм", 7), ("восьм", 8), ("перв", 1), ("втор", 2), ("трет", 3), ("пят", 5),
    ("шест", 6),
)
_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50}

SECTION, CHAPTER, ARTICLE = "section", "chapter", "article"
PART, POINT, SUBPOINT = "part", "point", "subpoint"


# --- line classifiers ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LineKind:
    """What the first firing classifier found in a line."""

    rule: str                        # name of the classifier
    level: str | None = None         # address level it opens (section … subpoint)
    label: str | None = None         # «39.16», «V.1», «1-1», «а»
    title: str | None = None         # heading title on the same line
    title_at: int | None = None      # index of the title in the stripped line
    weak: bool = False               # article heading without a dot: needs the sequence


def _title(line: str, match: re.Match[str], group: str = "title") -> tuple[str | None, int | None]:
    if match.group(group) is None or not match.group(group).strip():
        return None, None
    return match.group(group).strip(), match.start(group)


def header_field(line: str) -> LineKind | None:
    """«[article_number] 39.16»: a field of a legalacts.ru header block."""
    m = _HEADER_FIELD_RE.fullmatch(line)
    if not m:
        return None
    return LineKind("header_field", label=m.group(1), title=m.group(2).strip(),
                    title_at=m.start(2))


def signature(line: str) -> LineKind | None:
    """«Президент» / «Президент Кыргызской Республики А. Акаев»: start of the signature."""
    return LineKind("signature") if _SIGNATURE_RE.fullmatch(line) else None


def book_heading(line: str) -> LineKind | None:
    """«ЧАСТЬ I», «ПОДРАЗДЕЛ 2»: a division of a code above sections, not an address level."""
    m = _BOOK_RE.fullmatch(line)
    if not m or (m.group(1) == "Подраздел" and not m.group(2)[0].isdigit()):
        return None
    return LineKind("book_heading", label=m.group(2), title=m.group(3).strip() or None)


def _labelled_heading(line: str, pattern: re.Pattern, kind: str, level: str) -> LineKind | None:
    m = pattern.match(line)
    if not m or not _heading_tail_ok(m):
        return None
    label = _normalize_label(m.group("label"))
    if label is None:
        return None
    title, at = _title(line, m)
    return LineKind(kind, level, label, title, at)


def section_heading(line: str) -> LineKind | None:
    """«Раздел I», «РАЗДЕЛ II. ОБЩИЕ ПОЛОЖЕНИЯ»."""
    return _labelled_heading(line, _SECTION_RE, "section_heading", SECTION)


def roman_section(line: str) -> LineKind | None:
    """«I. Общие положения»: a Roman-numbered section of a regulation."""
    m = _ROMAN_SECTION_RE.fullmatch(line)
    if not m or len(line) > 200 or line.rstrip()[-1:] in ";:,":
        return None
    title, at = _title(line, m)
    return LineKind("roman_section", SECTION, m.group("label"), title, at)


def chapter_heading(line: str) -> LineKind | None:
    """«Глава 1», «ГЛАВА V.1. ОБЩИЕ ПОЛОЖЕНИЯ», «Глава четырнадцатая-1»."""
    return _labelled_heading(line, _CHAPTER_RE, "chapter_heading", CHAPTER)


def turkic_heading(line: str) -> LineKind | None:
    """Kazakh «1-бөлім», «2-тарау.», «5-бап.»; Kyrgyz «1-бөлүм», «2-глава.», «1-берене.»."""
    m = _TURKIC_RE.fullmatch(line)
    if not m:
        return None
    word = m.group("word").lower()
    level = {"бөлім": SECTION, "бөлүм": SECTION, "тарау": CHAPTER, "глава": CHAPTER,
             "главасы": CHAPTER, "бап": ARTICLE, "берене": ARTICLE}[word]
    title, at = _title(line, m)
    return LineKind("turkic_heading", level, m.group("label").upper(), title, at)


def paragraph_sign(line: str) -> LineKind | None:
    """«§ 1. Общие положения», «Параграф 2»: a subdivision of a chapter, not a level."""
    m = _PARAGRAPH_SIGN_RE.fullmatch(line)
    if not m:
        return None
    title, at = _title(line, m)
    return LineKind("paragraph_sign", label=m.group("label"), title=title, title_at=at)


def article_heading(line: str) -> LineKind | None:
    """«Статья 5.», «Статья 39.16. Title», «Статья 19-1.», «Статья 5 Title», «Статья 5 .»."""
    m = _ARTICLE_RE.match(line)
    if not m:
        return None
    if not _heading_tail_ok(m):
        return None                  # «Статья 5 настоящего Кодекса применяется …»
    title, at = _title(line, m)
    return LineKind("article_heading", ARTICLE, m.group("label"), title, at,
                    weak=m.group("dot") is None)


def editorial_note(line: str) -> LineKind | None:
    """«(В редакции Законов КР …)», «(Введен в действие …)», «См. также:»: not a norm."""
    return LineKind("editorial_note") if _NOTE_RE.match(line) else None


def part(line: str) -> LineKind | None:
    """«1.», «1-1.», «2.1.», «2 - 3. Утратили силу» at the start of a line."""
    m = _PART_RE.match(line)
    return LineKind("part", PART, _range_label(m)) if m else None


def point(line: str) -> LineKind | None:
    """«1)», «1-1)», «12.1)» at the start of a line."""
    m = _POINT_RE.match(line)
    return LineKind("point", POINT, _range_label(m)) if m else None


def subpoint(line: str) -> LineKind | None:
    """«а)», «б)», «е.1)» at the start of a line."""
    m = _SUBPOINT_RE.match(line)
    return LineKind("subpoint", SUBPOINT, m.group("label")) if m else None


def bullet(line: str) -> LineKind | None:
    """«- приоритет жизни …»: an unnumbered list item."""
    return LineKind("bullet") if _BULLET_RE.match(line) else None


def plain(line: str) -> LineKind | None:
    """Anything else: an unnumbered paragraph (or the continuation of one)."""
    return LineKind("plain")


Rule = Callable[[str], "LineKind | None"]

# Order matters: the first rule that fires names the line.
RULES: tuple[Rule, ...] = (
    header_field, signature, book_heading, section_heading, chapter_heading, turkic_heading,
    paragraph_sign, article_heading, roman_section, editorial_note, part, point, subpoint,
    bullet, plain,
)
_HEADINGS = frozenset({"book_heading", "section_heading", "chapter_heading", "turkic_heading",
                       "paragraph_sign", "article_heading", "roman_section"})
_STRONG = _HEADINGS | {"header_field", "signature"}
_WEAK_MARKERS = frozenset({"part", "point", "subpoint", "bullet", "editorial_note"})


def classify_line(line: str) -> LineKind:
    """The first rule of ``RULES`` that fires on a (stripped) line."""
    for rule in RULES:
        kind = rule(line)
        if kind is not None:
            return kind
    raise AssertionError("the last rule always fires")  # pragma: no cover


# --- label helpers -------------------------------------------------------------------------

def _heading_tail_ok(m: re.Match[str]) -> bool:
    """A heading without a dot must be bare or followed by a capitalised title that does
    not read as the rest of a citation («Глава 5 настоящего …», «Раздел 2.13 Единого …»)."""
    title = (m.group("title") or "").strip()
    if m.group("dot") is not None or not title:
        return True
    return title[0].isupper() and not _REFERENCE_HEAD.match(title)


def _range_label(m: re.Match[str]) -> str:
    to = m.group("to")
    return f"{m.group('label')}–{to}" if to else m.group("label")


def ordinal_to_number(words: str) -> int | None:
    """«первая» → 1, «двадцать вторая» → 22, «четырнадцатая» → 14; None if not a numeral."""
    tokens = words.lower().split()
    total = 0
    if len(tokens) == 2:
        if tokens[0] not in _TENS:
            return None
        total, tokens = _TENS[tokens[0]], tokens[1:]
    if len(tokens) != 1:
        return None
    for stem, value in _ORDINAL_STEMS:
        if tokens[0].startswith(stem) and len(tokens[0]) - len(stem) <= 3:
            if total and value >= 10:
                return None
            return total + value
    return None


def _normalize_label(label: str) -> str | None:
    """«первая» → «1», «четырнадцатая-1» → «14-1»; digits and Roman numerals stay."""
    if label[0].isdigit() or label[0] in "IVXLC":
        return label
    words, _, suffix = label.partition("-")
    number = ordinal_to_number(words)
    if number is None:
        return None
    return f"{number}-{suffix}" if suffix else str(number)


def _article_base(label: str) -> int | None:
    m = re.match(r"\d+", label)
    return int(m.group()) if m else None


def _superscript_candidate(label: str, base: int | None) -> bool:
    """«281» after article 28: digits that extend the previous number by one or two."""
    if base is None or not label.isdigit():
        return False
    prefix = str(base)
    suffix = label[len(prefix):]
    return (label.startswith(prefix) and 1 <= len(suffix) <= 2 and suffix[0] != "0"
            and int(label) > base + 1)


def restore_superscripts(labels: list[str]) -> list[str]:
    """Relabel article numbers that lost a superscript: 28, 281, 282, 29 → 28, 28-1, 28-2, 29.

    A candidate is relabelled only if the next heading confirms it: it is the next number
    after the base (29) or another candidate of the same base. The last label is kept.
    """
    out: list[str] = []
    base: int | None = None
    for i, label in enumerate(labels):
        nxt = labels[i + 1] if i + 1 < len(labels) else None
        if (_superscript_candidate(label, base) and nxt is not None
                and (_article_base(nxt) == base + 1 or _superscript_candidate(nxt, base))):
            out.append(f"{base}-{label[len(str(base)):]}")
            continue
        out.append(label)
        base = _article_base(label)
    return out


def _repair_chapter(number: str, name: str) -> str:
    """legalacts.ru gives chapter «V.1» as number «V» and name «1. Предоставление …»."""
    m = _SPLIT_CHAPTER_NAME_RE.fullmatch(name)
    return f"{number}.{m.group(1)}" if m and "." not in number else number


def _repair_article(number: str, name: str) -> tuple[str, str]:
    """Undo the crawler's split of joint headings «Статья 20, статья 21. Утратили силу»."""
    number = number.rstrip(",").strip()
    m = _SPLIT_ARTICLE_NAME_RE.match(name)
    if m and "." not in number:
        number = f"{number}.{m.group(1)}"     # «71» + «1, статья 71.2 …» → «71.1»
    if _SPLIT_ARTICLE_NAME_RE.match(name) or name.lower().startswith("статья "):
        name = _LEADING_ENUMERATION_RE.sub("", name, count=1).strip() or name
    return number, name


def _squash(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


# --- lines and paragraphs ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Line:
    start: int                       # offsets of the stripped line in the text
    end: int
    text: str


@dataclass(slots=True)
class Paragraph:
    """One or more lines read as a unit; ``kind`` is the classification of its first line."""

    kind: LineKind
    start: int
    end: int
    first: str                       # text of the first line
    last: str                        # text of the last line
    blank_before: bool               # a blank line separates it from the paragraph above
    depth: int = 0                   # parentheses still open at its end

    def text(self, source: str) -> str:
        return source[self.start:self.end]


_STRIP = "\ufeff\u200b"


def split_lines(text: str) -> Iterator[Line]:
    """Lines of the text with offsets, trimmed of whitespace (also NBSP, BOM, ``\\r``)."""
    pos = 0
    for raw in text.split("\n"):
        left = raw.lstrip().lstrip(_STRIP).lstrip()
        stripped = left.rstrip().rstrip(_STRIP).rstrip()
        start = pos + len(raw) - len(left)
        yield Line(start, start + len(stripped), stripped)
        pos += len(raw) + 1


def looks_hard_wrapped(lines: list[Line]) -> bool:
    """True for a text layer broken into short lines (PDF): almost no line above 100 chars."""
    lengths = [len(line.text) for line in lines if line.text]
    if len(lengths) < 20:
        return False
    long_lines = sum(1 for n in lengths if n > 100)
    return long_lines <= len(lengths) // 100


def _ends_sentence(par: Paragraph) -> bool:
    last = par.last.rstrip("»\"'”")
    if last[-1:] in _TERMINAL:
        return True
    return last.endswith(")") and par.first.startswith("(") and par.depth == 0


def _continues(par: Paragraph, line: Line, kind: LineKind) -> bool:
    """Does a hard-wrapped ``line`` continue ``par`` rather than start a new paragraph?"""
    if kind.rule in _STRONG or par.kind.rule in ("header_field", "signature"):
        return False
    first = line.text[:1]
    if par.kind.rule in _HEADINGS:
        if kind.rule != "plain":
            return False
        last_word = par.last.rsplit(None, 1)[-1].lower() if par.last else ""
        return (first.islower() or (first == "(" and line.text[1:2].islower())
                or last_word in _FUNCTION_WORDS)
    if _ends_sentence(par):
        return False
    if kind.rule == "bullet":
        return True                  # «… юридического лица\n- банка.»: a dash, not an item
    if kind.rule in _WEAK_MARKERS:
        return _HANGING_RE.search(par.last) is not None
    return True


def _paren_depth(depth: int, text: str) -> int:
    return max(0, depth + text.count("(") - text.count(")"))


def build_paragraphs(lines: list[Line], wrapped: bool) -> list[Paragraph]:
    """Group lines into paragraphs; blank lines always separate, wrapped lines are joined."""
    paragraphs: list[Paragraph] = []
    blank = False
    current: Paragraph | None = None
    for line in lines:
        if not line.text:
            blank, current = True, None
            continue
        kind = classify_line(line.text)
        if current is not None and wrapped and _continues(current, line, kind):
            current.end, current.last = line.end, line.text
            current.depth = _paren_depth(current.depth, line.text)
            continue
        current = Paragraph(kind, line.start, line.end, line.text, line.text, blank,
                            _paren_depth(0, line.text))
        paragraphs.append(current)
        blank = False
    return paragraphs


# --- the walk ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Step:
    """One decision of the parser, for debugging: which rule fired and what was done."""

    start: int
    end: int
    rule: str                        # classifier that fired on the first line
    action: str                      # clause, heading, title, header, note, skipped …
    address: Address
    text: str


@dataclass(slots=True)
class _State:
    section: str | None = None
    chapter: str | None = None
    article: str | None = None
    part: str | None = None
    point: str | None = None
    subpoint: str | None = None
    heading: str | None = None
    article_has_body: bool = True
    fallback: tuple[int, int] | None = None     # title span of a body-less article
    part_base: int | None = None     # number of the last part, for «3.» → «31.» (3¹)
    in_header: bool = False
    block_fields: set[str] = field(default_factory=set)   # fields of the current header block
    in_signature: bool = False
    in_reference: bool = False       # lines after «См. также:» name other documents
    absorbing: bool = False          # swallowing the title lines of a section/chapter
    title_on_line: bool = False
    absorbed: int = 0
    last_level: str | None = None    # level of the last numbered clause
    last_closed: bool = False        # that clause ended with a full stop

    def address(self) -> Address:
        return Address(self.section, self.chapter, self.article, self.part, self.point,
                       self.subpoint)

    def enter(self, level: str, label: str | None) -> None:
        """Open a level: set it and forget everything below it."""
        below = False
        for name in ADDRESS_LEVELS:
            if below:
                setattr(self, name, None)
            elif name == level:
                setattr(self, name, label)
                below = True
        if level in (SECTION, CHAPTER, ARTICLE):
            self.heading = None
            self.part_base = None
        self.last_level, self.last_closed = None, False


def _is_caps(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2 and not any(c.islower() for c in text)


def _closes_list(text: str) -> bool:
    return text.rstrip("»\"'”").endswith(".")


class _Walker:
    """Turns paragraphs into steps and clauses; ``explain`` shows the steps."""

    def __init__(self, text: str, paragraphs: list[Paragraph], header_mode: bool,
                 language: str) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.header_mode = header_mode
        self.language = language
        self.state = _State()
        self.steps: list[Step] = []
        self.clauses: list[tuple[Address, int, int, str | None]] = []
        self.articles = {} if header_mode else self._plan_articles()

    def _level(self, par: Paragraph) -> str | None:
        """Level a heading opens; «бап» is an article in Kazakh but a chapter in Kyrgyz."""
        kind = par.kind
        if kind.rule == "turkic_heading" and self.language == "ky":
            m = _TURKIC_RE.fullmatch(par.first)
            if m and m.group("word").lower() == "бап":
                return CHAPTER
        return kind.level

    def _plan_articles(self) -> dict[int, str | None]:
        """Labels of the article headings of a plain text, decided up front.

        A heading without a dot must continue the numbering (else it is a wrapped reference,
        mapped to None), and the superscript repair needs the next heading.
        """
        accepted: list[int] = []
        plan: dict[int, str | None] = {}
        base: int | None = None
        for i, par in enumerate(self.paragraphs):
            if par.kind.rule not in _HEADINGS or self._level(par) != ARTICLE:
                continue
            label = par.kind.label or ""
            candidate = _superscript_candidate(label, base)
            if par.kind.weak and base is not None and not candidate \
                    and _article_base(label) not in (base, base + 1):
                plan[i] = None
                continue
            accepted.append(i)
            if not candidate:
                base = _article_base(label)
        labels = restore_superscripts([self.paragraphs[i].kind.label or "" for i in accepted])
        plan.update(zip(accepted, labels))
        return plan

    # --- recording

    def step(self, par: Paragraph, action: str) -> None:
        self.steps.append(Step(par.start, par.end, par.kind.rule, action,
                               self.state.address(), par.text(self.text)))

    def emit(self, par: Paragraph) -> None:
        st = self.state
        st.article_has_body = True
        self.clauses.append((st.address(), par.start, par.end, st.heading))
        self.step(par, "clause")

    def close_article(self) -> None:
        """An article that got no body yields its title as its only clause."""
        st = self.state
        if st.article is not None and not st.article_has_body and st.fallback:
            start, end = st.fallback
            self.clauses.append((st.address(), start, end, st.heading))
            self.steps.append(Step(start, end, "article_heading", "clause (empty article)",
                                   st.address(), self.text[start:end]))
        st.article_has_body = True
        st.fallback = None

    # --- the walk

    def run(self) -> None:
        for index, par in enumerate(self.paragraphs):
            self.visit(index, par)
        self.close_article()

    def visit(self, index: int, par: Paragraph) -> None:
        st = self.state
        rule = par.kind.rule
        if rule == "header_field":
            self.header(par)
            return
        st.in_header = False
        if st.in_signature and rule not in _HEADINGS:
            self.step(par, "signature")
            return
        st.in_signature = False
        if st.in_reference and rule == "plain" and not par.blank_before:
            st.in_reference = False      # the one document named after «См. также:»
            self.step(par, "note")
            return
        st.in_reference = False
        if st.absorbing and self.absorb(index, par):
            return
        st.absorbing = False
        if rule == "signature":
            st.in_signature = True
            self.step(par, "signature")
        elif rule in _HEADINGS:
            self.heading(index, par)
        elif rule == "editorial_note" or (rule == "plain"
                                          and _SEE_ALSO_RE.match(par.text(self.text))):
            st.in_reference = par.first.startswith("См") and par.last.endswith(":")
            self.step(par, "note")
        elif rule == PART and self._is_subheading(index, par):
            self.step(par, "title")
        elif rule in (PART, POINT, SUBPOINT):
            self.numbered(par)
        else:
            self.paragraph(par)

    def numbered(self, par: Paragraph) -> None:
        st = self.state
        level, label = par.kind.level, par.kind.label
        if level == PART:
            if st.part_base is not None and _superscript_candidate(label or "", st.part_base):
                label = f"{st.part_base}-{(label or '')[len(str(st.part_base)):]}"
            else:                        # a range «2 - 21.» continues from its end
                st.part_base = _article_base((label or "").rpartition("–")[2])
        st.enter(level, label)
        st.last_level, st.last_closed = level, _closes_list(par.last)
        self.emit(par)

    def paragraph(self, par: Paragraph) -> None:
        st = self.state
        if par.kind.rule == "plain" and st.last_closed and par.first[:1].isupper():
            # After the last item of a list the text goes back one level up.
            if st.last_level == SUBPOINT:
                st.subpoint = None
            elif st.last_level == POINT:
                st.point = None
            st.last_level = None
        st.last_closed = False
        self.emit(par)

    def absorb(self, index: int, par: Paragraph) -> bool:
        """Swallow a title line of the section/chapter heading above, if it is one."""
        st = self.state
        body = par.text(self.text)
        if len(body) > 250 or body[-1:] in ";:":
            return False
        if par.kind.rule == "part" and body[-1:] not in _TERMINAL and self._next_is_article(index):
            st.absorbed += 1             # «Параграф 2 / Хозяйственные … / 1. Общие положения»
            self.step(par, "title")
            return True
        if par.kind.rule != "plain":
            return False
        contiguous = not par.blank_before
        if _is_caps(body) or (contiguous and st.absorbed < 3
                              and (not st.title_on_line or par.first[:1].islower())):
            st.absorbed += 1
            self.step(par, "title")
            return True
        return False

    def _is_subheading(self, index: int, par: Paragraph) -> bool:
        """«2. Полное товарищество» right before an article: a numbered group title."""
        body = par.text(self.text)
        return (len(body) <= 120 and body[-1:] not in _TERMINAL and "\n" not in body
                and self._next_is_article(index))

    def _next_is_article(self, index: int) -> bool:
        nxt = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
        return nxt is not None and nxt.kind.rule in _HEADINGS and self._level(nxt) == ARTICLE

    def heading(self, index: int, par: Paragraph) -> None:
        st = self.state
        kind = par.kind
        if self.header_mode:
            self.step(par, "skipped: heading leaked into a header-block body")
            return
        level = self._level(par)
        if level == ARTICLE:
            label = self.articles.get(index)
            if label is None:            # a wrapped reference «Статья 5 Закона …»
                self.paragraph(par)
                return
            self.close_article()
            st.enter(ARTICLE, label)
            title_start = par.start + kind.title_at if kind.title_at is not None else None
            st.heading = (_squash(self.text[title_start:par.end]) if title_start is not None
                          else None)
            st.article_has_body = False
            st.fallback = (title_start or par.start, par.end)
            self.step(par, "heading")
            return
        self.close_article()
        if level in (SECTION, CHAPTER):
            st.enter(level, kind.label)
        elif kind.rule == "book_heading":
            st.enter(SECTION, None)      # «ЧАСТЬ I» starts before the sections
        else:
            st.enter(ARTICLE, None)      # «§ 2» closes the article above it
        st.absorbing, st.absorbed = True, 0
        st.title_on_line = kind.title is not None
        self.step(par, "heading")

    def header(self, par: Paragraph) -> None:
        st = self.state
        name, value = par.kind.label or "", par.kind.title or ""
        if not st.in_header or name in st.block_fields:
            self.close_article()         # a new block: the article above is complete
            st.in_header, st.block_fields = True, set()
        st.block_fields.add(name)
        value_span = (par.start + (par.kind.title_at or 0), par.end)
        if name == "chapter_number":
            st.enter(CHAPTER, value or None)
        elif name == "chapter_name" and st.chapter:
            st.chapter = _repair_chapter(st.chapter, value)
        elif name == "article_number":
            st.enter(ARTICLE, value.rstrip(",") or None)
            st.article_has_body = False
            st.fallback = value_span
        elif name == "article_name":
            number, title = _repair_article(st.article or "", value)
            st.article, st.heading = number or None, title or None
            if value:
                st.fallback = value_span
        self.step(par, "header")


# --- public API ----------------------------------------------------------------------------

def _walk(text: str, wrapped: bool | None, language: str) -> _Walker:
    lines = list(split_lines(text))
    if wrapped is None:
        wrapped = looks_hard_wrapped(lines)
    header_mode = _HEADER_BLOCK_RE.search(text) is not None
    walker = _Walker(text, build_paragraphs(lines, wrapped), header_mode, language)
    walker.run()
    return walker


def parse_text(text: str, pages: tuple[PageSpan, ...] | list[PageSpan] = (), *,
               wrapped: bool | None = None, language: str = "ru") -> list[Clause]:
    """Clauses of an act's text, in order; ``pages`` (PDF page spans) fill ``clause.page``.

    ``wrapped`` forces (True) or forbids (False) re-joining hard-wrapped lines; None detects
    it. ``language`` matters only for Kyrgyz «бап» (a chapter there, an article in Kazakh).
    """
    walker = _walk(text, wrapped, language)
    page_of = _page_finder(tuple(pages))
    return [Clause(address, start, end, text[start:end], page_of(start), heading)
            for address, start, end, heading in walker.clauses]


def parse_clauses(document: Document, *, wrapped: bool | None = None) -> list[Clause]:
    """Clauses of a document, with ``clause.page`` from its PDF pages when it has them."""
    return parse_text(document.text, document.pages, wrapped=wrapped,
                      language=document.language)


def explain(text: str, *, wrapped: bool | None = None, language: str = "ru") -> list[Step]:
    """Every decision of the parser on ``text``: the debug mode (which rule fired, and why)."""
    return _walk(text, wrapped, language).steps


def _page_finder(pages: tuple[PageSpan, ...]) -> Callable[[int], int | None]:
    """``Document.page_at`` by bisection (spans come in text order)."""
    if not pages:
        return lambda offset: None
    starts = [span.start for span in pages]

    def page_of(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < pages[i].end:
            return pages[i].page
        if offset >= pages[-1].end:
            return pages[-1].page
        return None

    return page_of
