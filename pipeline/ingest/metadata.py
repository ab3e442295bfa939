"""Metadata of an act guessed from its text and path: jurisdiction, language, kind, title,
number, adoption date, issuing body. Every guess is a small pure function; readers call
``build_document`` and pass what their format knows better (an HTML <title>, an Adilet id).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from pipeline.ingest import sha256_of
from pipeline.ingest.cleanup import is_caps_title, is_heading
from pipeline.model import Document, DocumentKind, Jurisdiction, PageSpan

# Mentions are counted in the head of the text: long codes cite foreign law far below.
HEAD_CHARS = 20_000

# --- jurisdiction ------------------------------------------------------------------------------

_JURISDICTION_MARKERS: dict[Jurisdiction, tuple[re.Pattern[str], ...]] = {
    Jurisdiction.KZ: (
        re.compile(r"Республик\w*\s+Казахстан"),
        re.compile(r"\bРК\b"),
        re.compile(r"\bҚР\b"),
    ),
    Jurisdiction.KG: (
        re.compile(r"Кыргызск\w*\s+Республик"),
        re.compile(r"\bКР\b"),
        re.compile(r"Жогорку\s+Кенеш"),
    ),
    Jurisdiction.RU: (
        re.compile(r"Российск\w*\s+Федераци"),
        re.compile(r"\bРФ\b"),
        re.compile(r"Федеральн\w*\s+закон"),
    ),
}
# Tokens of a file path that hint at a country (folders such as «kg-laws-txt», «ZK-RF.txt»).
_PATH_HINTS = {
    "kz": Jurisdiction.KZ, "kaz": Jurisdiction.KZ, "kazakhstan": Jurisdiction.KZ,
    "adilet": Jurisdiction.KZ,
    "kg": Jurisdiction.KG, "kgz": Jurisdiction.KG, "kyrgyz": Jurisdiction.KG,
    "kyrgyzstan": Jurisdiction.KG, "minjust": Jurisdiction.KG,
    "ru": Jurisdiction.RU, "rf": Jurisdiction.RU, "rus": Jurisdiction.RU,
}


def jurisdiction_counts(text: str) -> Counter[Jurisdiction]:
    head = text[:HEAD_CHARS]
    return Counter({country: sum(len(p.findall(head)) for p in patterns)
                    for country, patterns in _JURISDICTION_MARKERS.items()})


def path_jurisdiction(path: str | Path) -> Jurisdiction | None:
    """The country named by the innermost path component that names one."""
    for part in reversed(Path(path).parts):
        for token in re.split(r"[^a-z]+", part.lower()):
            if token in _PATH_HINTS:
                return _PATH_HINTS[token]
    return None


def guess_jurisdiction(text: str, path: str | Path = "") -> Jurisdiction:
    """The country mentioned most in the head of the text; the path breaks ties."""
    counts = jurisdiction_counts(text)
    hint = path_jurisdiction(path) if path else None
    best = max(counts.values(), default=0)
    if best == 0:
        return hint or Jurisdiction.UNKNOWN
    leaders = [country for country, count in counts.items() if count == best]
    if len(leaders) == 1:
        return leaders[0]
    return hint if hint in leaders else Jurisdiction.UNKNOWN


# --- language ----------------------------------------------------------------------------------

_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]{2,}", re.IGNORECASE)
_KAZAKH_ONLY = re.compile(r"[әғқұһі]", re.IGNORECASE)      # absent from Kyrgyz and Russian
_KYRGYZ_KAZAKH = re.compile(r"[ңөү]", re.IGNORECASE)       # shared by Kyrgyz and Kazakh
# Shares of words holding such letters. Measured on Tengrinews 2024-04: Russian articles full
# of Kazakh names stay under 0.05, Kazakh articles are above 0.5. Kyrgyz writes ө, ү in
# front-vowel words only, hence the lower bar.
_KAZAKH_WORDS = 0.25
_KYRGYZ_WORDS = 0.10


def _word_share(words: list[str], letters: re.Pattern[str]) -> float:
    return sum(1 for word in words if letters.search(word)) / len(words)


def guess_language(text: str) -> str:
    """ISO 639-1 code: "kk", "ky" or "ru" (default), from the letters the words use."""
    words = _CYRILLIC_WORD.findall(text[:HEAD_CHARS])
    if not words:
        return "ru"
    if _word_share(words, _KAZAKH_ONLY) >= _KAZAKH_WORDS:
        return "kk"
    if _word_share(words, _KYRGYZ_KAZAKH) >= _KYRGYZ_WORDS:
        return "ky"
    return "ru"


# --- kind --------------------------------------------------------------------------------------

# Acts of a body about its own work: orders, regulations, instructions (seed 001).
_INTERNAL_ACT = re.compile(
    r"\bприказ|\bположени[ея]\s+о\b|\bрегламент|\bинструкци|\bбуйрук|\bбұйрық",
    re.IGNORECASE,
)


def guess_kind(title: str | None, text: str) -> DocumentKind:
    """``internal_act`` when the title (or, without one, the opening words) names an order,
    a regulation or an instruction; otherwise ``act``."""
    probe = title if title else text.lstrip()[:100]
    return DocumentKind.INTERNAL_ACT if _INTERNAL_ACT.search(probe) else DocumentKind.ACT


# --- title -------------------------------------------------------------------------------------

_TITLE_SCAN_LINES = 15
# Parts of file names of known acts (legalacts.ru crawls name files «ZK-RF.txt»).
_FILENAME_WORDS = {
    "zk": "Земельный кодекс",
    "gk": "Гражданский кодекс",
    "gradostroitelnyi kodeks": "Градостроительный кодекс",
    "zemelnyi kodeks": "Земельный кодекс",
    "rf": "Российской Федерации",
    "kg": "Кыргызской Республики",
    "kr": "Кыргызской Республики",
    "rk": "Республики Казахстан",
}
# Article header blocks of the legalacts.ru crawl: «[article_number] 1».
_HEADER_BLOCK = re.compile(r"^\[(?:chapter|article)_(?:number|name)\]", re.MULTILINE)


def _head_lines(text: str, count: int = _TITLE_SCAN_LINES) -> list[str]:
    lines = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == count:
                break
    return lines


# One-word capitals headings that name the type of act: «ПРИКАЗ», «ПОЛОЖЕНИЕ о …».
_ACT_TYPES = frozenset({"ЗАКОН", "КОДЕКС", "УКАЗ", "ПОСТАНОВЛЕНИЕ", "ПРИКАЗ", "РАСПОРЯЖЕНИЕ",
                        "РЕШЕНИЕ", "ПОЛОЖЕНИЕ", "ИНСТРУКЦИЯ", "РЕГЛАМЕНТ", "ПОРЯДОК",
                        "ПРАВИЛА"})
_ABOUT = re.compile(r"^(?:о|об|обо)\s", re.IGNORECASE)


def _opens_title(line: str) -> bool:
    return is_caps_title(line) or line.rstrip(".") in _ACT_TYPES


def title_from_text(text: str) -> str | None:
    """The first capitals heading, with the capitals lines that continue it.

    «ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ»; «ПОЛОЖЕНИЕ» followed by «о Министерстве …»
    takes that line too. Structural headings («РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ») are not titles.
    """
    lines = _head_lines(text)
    for index, line in enumerate(lines):
        if is_heading(line) or line.startswith("["):
            break
        if not _opens_title(line):
            continue
        parts = [line]
        for more in lines[index + 1:]:
            if is_heading(more):
                break
            if is_caps_title(more) or (len(parts) == 1 and line.rstrip(".") in _ACT_TYPES
                                        and _ABOUT.match(more)):
                parts.append(more)
            else:
                break
        return " ".join(parts)
    return None


def title_from_filename(path: str | Path) -> str | None:
    """«ZK-RF.txt» → «Земельный кодекс Российской Федерации»; unknown words are kept."""
    stem = re.sub(r"[-_]+", " ", Path(path).stem).strip().lower()
    if not stem:
        return None
    words = []
    rest = stem
    while rest:
        for key in sorted(_FILENAME_WORDS, key=len, reverse=True):
            if rest == key or rest.startswith(key + " "):
                words.append(_FILENAME_WORDS[key])
                rest = rest[len(key):].strip()
                break
        else:
            word, _, rest = rest.partition(" ")
            words.append(word)
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def guess_title(text: str, path: str | Path = "") -> str | None:
    """A title from the text; for header-block files without one, from the file name."""
    title = title_from_text(text)
    if title is None and path and _HEADER_BLOCK.search(text[:2000]):
        title = title_from_filename(path)
    return title


# --- number and date ---------------------------------------------------------------------------

_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_DATE_WORDS = re.compile(
    r"«?(?P<day>\d{1,2})»?\s+(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_DATE_DIGITS = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")
_DATE = r"(?:«?\d{1,2}»?\s+(?:" + "|".join(_MONTHS) + r")\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
# «№ 45», «N 136-ФЗ», «№ 410-V», «№ 123-р»
_NUMBER = r"(?P<sign>№|\bN)\s*(?P<num>\d+(?:[-/.]\d+)*(?:-?[A-ZА-ЯЁa-zа-яё]{1,4}\b)?)"
_ADOPTION = re.compile(
    r"\bот\s+(?P<date>" + _DATE + r")(?:\s*(?:года|г\.?))?(?:\s*,?\s*" + _NUMBER + r")?",
    re.IGNORECASE,
)
_ADOPTION_NUMBER_FIRST = re.compile(
    _NUMBER + r"\s*,?\s*от\s+(?P<date>" + _DATE + r")", re.IGNORECASE)
# A header line («от 2 июня 1999 года № 45», «Федеральный закон от 25.10.2001 N 136-ФЗ»)
# is short; a sentence citing another act's date is not.
_HEADER_LINE_MAX = 160


def parse_date(text: str) -> dt.date | None:
    """The first date written «2 июня 1999 года» or «02.06.1999» in ``text``."""
    found = []
    if (m := _DATE_WORDS.search(text)) is not None:
        found.append((m.start(), int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"])))
    if (m := _DATE_DIGITS.search(text)) is not None:
        found.append((m.start(), int(m["year"]), int(m["month"]), int(m["day"])))
    for _, year, month, day in sorted(found):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _adoption_match(text: str) -> re.Match[str] | None:
    for line in _head_lines(text):
        if len(line) > _HEADER_LINE_MAX or line.startswith("("):
            continue
        date_first = _ADOPTION.search(line)
        if date_first is not None and date_first["num"] is not None:
            return date_first
        match = _ADOPTION_NUMBER_FIRST.search(line) or date_first
        if match is not None:
            return match
    return None


def guess_date(text: str) -> dt.date | None:
    """Adoption date from the header line: «от 2 июня 1999 года» → 1999-06-02."""
    match = _adoption_match(text)
    return parse_date(match["date"]) if match else None


def guess_number(text: str) -> str | None:
    """Number of the act from the header line: «№ 45», «N 136-ФЗ»."""
    match = _adoption_match(text)
    if match is None or match["num"] is None:
        return None
    return f"{match['sign']} {match['num']}"


# --- issuing body ------------------------------------------------------------------------------

_COUNTRY = r"(?:Российской\s+Федерации|Кыргызской\s+Республики|Республики\s+Казахстан)"
# Bodies in the nominative, as they stand in a header or a preamble; best effort.
_BODIES = (
    re.compile(r"Жогорку\s+Кенеш\b(?:\s+Кыргызской\s+Республики)?"),
    re.compile(r"Правительство\s+" + _COUNTRY),
    re.compile(r"Кабинет\s+Министров\s+" + _COUNTRY),
    re.compile(r"Государственная\s+Дума(?:\s+Федерального\s+Собрания\s+Российской\s+Федерации)?"),
    re.compile(r"Парламент\s+" + _COUNTRY),
    re.compile(r"Министерство\s+(?:[а-яё\-]+\s+){1,8}?" + _COUNTRY),
    re.compile(r"Федеральн(?:ая|ое)\s+(?:служба|агентство)\s+(?:[а-яё\-()]+\s+){1,8}?"
               r"(?=[(.,;\n]|$)"),
    re.compile(r"Президент\s+" + _COUNTRY),
)
_BODY_HEAD_CHARS = 1500


def guess_issuing_body(text: str) -> str | None:
    """The first body named in the head of the act, in the nominative; None if none."""
    head = text[:_BODY_HEAD_CHARS]
    found = [m for pattern in _BODIES if (m := pattern.search(head)) is not None]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return " ".join(first.group(0).split())


# --- the Document ------------------------------------------------------------------------------

def build_document(
    path: str | Path,
    data: bytes,
    text: str,
    *,
    pages: tuple[PageSpan, ...] = (),
    title: str | None = None,
    number: str | None = None,
    date: dt.date | None = None,
    kind: DocumentKind | None = None,
    jurisdiction: Jurisdiction | None = None,
    issuing_body: str | None = None,
) -> Document:
    """A Document with every field the reader did not know guessed from the text and path."""
    title = title or guess_title(text, path)
    return Document(
        source=str(path),
        sha256=sha256_of(data),
        kind=kind or guess_kind(title, text),
        jurisdiction=jurisdiction or guess_jurisdiction(text, path),
        language=guess_language(text),
        text=text,
        title=title,
        number=number or guess_number(text),
        date=date or guess_date(text),
        issuing_body=issuing_body or guess_issuing_body(text),
        pages=pages,
    )
