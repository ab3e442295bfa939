"""Deadlines and amounts: «в течение двадцати дней» → 20 day, «1 500 000 рублей» → 1.5e6 RUB.

A quantity is a number followed by a unit. The number is digits («30», «1 500 000»,
«0,5»), digits with the words in brackets («30 (тридцати)», the KZ/KG way), or numeral words
(«двадцати пяти», «ста») read through their pymorphy3 normal forms, times a multiplier
(«тысяч», «млн»). Compound adjectives carry both: «десятидневный срок», «трехмесячного».
Units, currencies and the words around a deadline are data of ``rules/references.yaml``.

Dates («1 марта 2015 года», «в 2015 году») and ages («достигших 18 лет») are not deadlines.
``to_days`` brings a deadline to calendar days for comparison (a working day counts 7/5 of
a day, a month 30, a year 365): an approximation that the collision check only uses when
the difference is plain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import Quantity

_WORD = re.compile(r"[А-Яа-яЁё]+\.?|\d")
_DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?(?![\d.])"
                     r"|\d+(?:,\d+)?(?=\.(?:\s|$))")
_BRACKET_WORDS = re.compile(r"\s*\(\s*[а-яё\s]+\)")
_GAP = re.compile(r"\s*")
_DAYS = {"day": 1.0, "calendar_day": 1.0, "working_day": 7 / 5, "month": 30.0,
         "year": 365.0, "hour": 1 / 24}
_UNIT_RU = {"day": "дн.", "calendar_day": "календ. дн.", "working_day": "раб. дн.",
            "month": "мес.", "year": "г.", "hour": "ч.", "percent": "%", "area": "кв. ед."}


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int
    end: int
    words: bool


@lru_cache(maxsize=20_000)
def _forms(word: str) -> tuple[str, ...]:
    from pipeline.nlp.lemma import morph_analyzer

    return tuple(p.normal_form.replace("ё", "е") for p in morph_analyzer().parse(word))


@lru_cache(maxsize=2)
def _stems(lexicon: Lexicon) -> frozenset[str]:
    """First three letters of every numeral form: a cheap gate before the morphology."""
    raw = lexicon.raw
    words = [*raw.numerals, *raw.numeral_forms]
    stems = {w[:3] for w in words}
    # oblique forms keep the first letters of the nominative («тридцати», «двухсот»)
    stems |= {"дву", "тре", "трё", "чет", "сот", "пят", "шес", "сем", "вос", "дев"}
    return frozenset(stems)


def _numeral(word: str, lexicon: Lexicon) -> float | None:
    word = word.lower()
    raw = lexicon.raw
    if word in raw.numeral_forms:
        return raw.numeral_forms[word]
    for form in _forms(word):
        if form in raw.numerals:
            return raw.numerals[form]
    return None


def _multiplier(word: str, lexicon: Lexicon) -> float | None:
    word = word.lower()
    raw = lexicon.raw.multipliers
    if word in raw:
        return raw[word]
    for form in _forms(word.rstrip(".")):
        if form in raw:
            return raw[form]
    return None


def _digits_value(text: str) -> float:
    return float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _words_number(text: str, pos: int, lexicon: Lexicon) -> _Number | None:
    """«двадцати пяти», «ста пятидесяти», «двухсот тысяч» starting at ``pos``."""
    total, current, end, seen = 0.0, 0.0, pos, False
    cursor = pos
    while True:
        gap = _GAP.match(text, cursor).end()
        match = re.compile(r"[А-Яа-яЁё]+\.?").match(text, gap)
        if not match:
            break
        word = match.group(0)
        value = _numeral(word.rstrip("."), lexicon) if not word.endswith(".") else None
        multiplier = _multiplier(word, lexicon) if value is None else None
        if value is not None and (not seen or value < (current or 10**12)):
            current += value
        elif multiplier is not None and seen:
            total += (current or 1) * multiplier
            current = 0.0
        else:
            break
        seen = True
        end = match.end()
        cursor = end
    if not seen:
        return None
    return _Number(total + current, pos, end, True)


def _number_at(text: str, pos: int, lexicon: Lexicon) -> _Number | None:
    match = _DIGITS.match(text, pos)
    if match:
        value = _digits_value(match.group(0))
        end = match.end()
        bracket = _BRACKET_WORDS.match(text, end)
        if bracket:
            end = bracket.end()
        after = _GAP.match(text, end).end()
        word = re.compile(r"[А-Яа-яЁё]+\.?").match(text, after)
        if word and (factor := _multiplier(word.group(0), lexicon)) is not None:
            value, end = value * factor, word.end()
        return _Number(value, pos, end, False)
    return _words_number(text, pos, lexicon)


def _unit_at(text: str, pos: int, lexicon: Lexicon) -> tuple[str, str | None, float, int] | None:
    """(unit, currency, scale, end) of a unit right after a number."""
    at = _GAP.match(text, pos).end()
    if at - pos > 2:
        return None
    more = _OR_MORE.match(text, at)         # «десять или более процентов»
    if more:
        at = more.end()
    for spec, pattern in lexicon.time_units:
        match = pattern.match(text, at)
        if match and not _glued(text, match.end()):
            return spec.unit, None, float(spec.scale), match.end()
    for currency, pattern in lexicon.money_units:
        match = pattern.match(text, at)
        if match:
            return "money", currency, 1.0, match.end()
    for unit, pattern in (("percent", lexicon.percent), ("area", lexicon.area)):
        match = pattern.match(text, at)
        if match and (unit != "percent" or not _glued(text, match.end())):
            scale = _square_metres(match.group(0)) if unit == "area" else 1.0
            return unit, None, scale, match.end()
    return None


# Areas are compared in square metres: «5 га» and «50 000 кв. м» are the same limit.
_AREA_SCALES = (("гектар", 10_000.0), ("га", 10_000.0), ("сот", 100.0), ("км", 1_000_000.0),
                ("километр", 1_000_000.0))


def _square_metres(unit: str) -> float:
    words = unit.lower().replace(".", " ").split()
    for stem, scale in _AREA_SCALES:
        if any(w == stem or (len(stem) > 2 and w.startswith(stem)) for w in words):
            return scale
    return 1.0


_OR_MORE = re.compile(r"(?:или|и)\s+(?:более|менее)\s+", re.IGNORECASE)


def _glued(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalpha())


def _is_date_or_age(text: str, number: _Number, unit: str, end: int, lexicon: Lexicon) -> bool:
    if unit == "year" and number.value >= 1900:
        return True                              # «2015 года»
    before = text[max(0, number.start - 40):number.start]
    after = text[end:end + 25]
    if unit in ("year", "month") and (lexicon.age_context.search(before[-30:])
                                      or re.match(r"\s*(?:возраст|и\s+старше)", after)):
        return True
    months = "|".join(lexicon.raw.months)
    return bool(re.search(rf"\d\s+(?:{months})\s*$", before)) and unit == "year"


def _kind(text: str, start: int, lexicon: Lexicon) -> tuple[str, int]:
    """limit / validity / other, and where the words that say it begin."""
    before = text[max(0, start - 40):start]
    for kind in ("validity", "limit"):
        pattern = dict(lexicon.deadline_kinds)[kind]
        match = pattern.search(before)
        if match:
            return kind, start - (len(before) - match.start())
    return "other", start


_RANGE_TO = re.compile(r"\s*(?:до|[-–—])\s*")


def _unit_of_range(text: str, end: int, lexicon: Lexicon) -> tuple[str, str | None, float, int] | None:
    """The lower end of «от N до M рублей» takes the unit of M; its span stays its own."""
    joint = _RANGE_TO.match(text, end)
    if not joint:
        return None
    upper = _number_at(text, joint.end(), lexicon)
    unit = _unit_at(text, upper.end, lexicon) if upper else None
    return (unit[0], unit[1], unit[2], end) if unit else None


_BARE = re.compile(
    r"(?P<lead>в\s+течение|в\s+срок\s+до|не\s+позднее\s+(?:чем\s+)?через|сроком\s+(?:на|до)"
    r"|на\s+срок\s+(?:до\s+)?|в\s+пределах|по\s+истечении)\s+"
    r"(?P<unit>полугода|месяца|месяц|года|год|суток|недели|неделю|дня|часа)(?![а-яё])",
    re.IGNORECASE)
_BARE_UNITS = {"полугода": (6, "month"), "месяца": (1, "month"), "месяц": (1, "month"),
               "года": (1, "year"), "год": (1, "year"), "суток": (1, "day"),
               "недели": (7, "day"), "неделю": (7, "day"), "дня": (1, "day"),
               "часа": (1, "hour")}


def _bare_units(text: str, lexicon: Lexicon) -> list[Quantity]:
    """«в течение месяца», «сроком на год»: one unit, no number."""
    out = []
    for match in _BARE.finditer(text):
        value, unit = _BARE_UNITS[match.group("unit").lower()]
        lead = match.group("lead").lower()
        kind = "validity" if lead.startswith(("сроком", "на срок")) else "limit"
        out.append(Quantity(match.start(), match.end(), match.group(0), float(value), unit,
                            None, kind, f"quantities.bare.{unit}"))
    return out


def _amount_adjectives(text: str, lexicon: Lexicon) -> list[Quantity]:
    """«стопроцентную» → 100 %; «пятикратному размеру расчетного показателя» → 5 RS."""
    raw = lexicon.raw
    prefixes = "|".join(sorted(raw.numeral_prefixes, key=len, reverse=True))
    stems = "|".join(a.stem for a in raw.amount_adjectives)
    pattern = re.compile(rf"(?<![а-яё])(?P<prefix>{prefixes})(?P<stem>{stems})[а-яё]*",
                         re.IGNORECASE)
    units = {a.stem: a.unit for a in raw.amount_adjectives}
    out = []
    for match in pattern.finditer(text):
        value = raw.numeral_prefixes[match.group("prefix").lower()]
        unit = units[match.group("stem").lower()]
        end, currency = match.end(), None
        if unit == "money":
            size = re.compile(r"\s+размер[а-яё]*\s+").match(text, end)
            if not size:
                continue
            money = next(((c, m) for c, p in lexicon.money_units
                          if (m := p.match(text, size.end()))), None)
            if money is None:
                continue
            currency, end = money[0], money[1].end()
        out.append(Quantity(match.start(), end, text[match.start():end], float(value), unit,
                            currency, "other", f"quantities.adjective.{unit}"))
    return out


def _adjectives(text: str, lexicon: Lexicon) -> list[Quantity]:
    """«десятидневный срок», «30-дневный», «в месячный срок»."""
    raw = lexicon.raw
    prefixes = "|".join(sorted(raw.numeral_prefixes, key=len, reverse=True))
    stems = "|".join(a.stem for a in raw.time_adjectives)
    pattern = re.compile(
        rf"(?<![а-яё])(?:(?P<digits>\d+)\s*-\s*|(?P<prefix>{prefixes}))?(?P<stem>{stems})"
        rf"[а-яё]*(?P<next>\s+(?:срок|период)[а-яё]*)?", re.IGNORECASE)
    units = {a.stem: a for a in raw.time_adjectives}
    out = []
    for match in pattern.finditer(text):
        spec = units[match.group("stem").lower()]
        if match.group("digits"):
            value = float(match.group("digits"))
        elif match.group("prefix"):
            value = raw.numeral_prefixes[match.group("prefix").lower()]
        elif match.group("next") and spec.stem in ("месячн", "годичн", "недельн"):
            value = 1.0
        else:
            continue
        if spec.stem == "месячн" and re.match(r"\s+расчетн", text[match.end():], re.I):
            continue
        kind, begin = _kind(text, match.start(), lexicon)
        out.append(Quantity(begin, match.end(), text[begin:match.end()], value * spec.scale,
                            spec.unit, None, kind, f"quantities.adjective.{spec.unit}"))
    return out


def extract_quantities(text: str, lexicon: Lexicon | None = None) -> list[Quantity]:
    """Every deadline and amount of ``text``, in text order."""
    return list(_extract(text, lexicon or load_lexicon()))


@lru_cache(maxsize=8192)
def _extract(text: str, lexicon: Lexicon) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    taken_until = -1
    for token in _WORD.finditer(text):
        pos = token.start()
        if pos < taken_until or (pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in ".,")):
            continue
        if not token.group(0)[0].isdigit() and token.group(0)[:3].lower() not in _stems(lexicon):
            continue                 # not a numeral: skip the morphology
        number = _number_at(text, pos, lexicon)
        if number is None:
            continue
        unit = _unit_at(text, number.end, lexicon)
        if unit is None:
            unit = _unit_of_range(text, number.end, lexicon)   # «от двух тысяч до пяти тысяч рублей»
        if unit is None:
            continue
        name, currency, scale, end = unit
        if name not in ("money", "percent", "area") and _is_date_or_age(text, number, name,
                                                                         end, lexicon):
            taken_until = end
            continue
        value = number.value * scale
        if name in ("money", "percent", "area"):
            begin, kind = number.start, "other"
            rule = f"quantities.{name}"
        else:
            kind, begin = _kind(text, number.start, lexicon)
            rule = f"quantities.deadline.{name}"
        found.append(Quantity(begin, end, text[begin:end], value, name, currency, kind, rule))
        taken_until = end
    for extra in (_adjectives(text, lexicon), _bare_units(text, lexicon),
                  _amount_adjectives(text, lexicon)):
        found.extend(q for q in extra
                     if not any(q.start < f.end and f.start < q.end for f in found))
    found.sort(key=lambda q: (q.start, q.end))
    return tuple(found)


def to_days(quantity: Quantity) -> float | None:
    """A deadline in (approximate) calendar days; None for amounts."""
    factor = _DAYS.get(quantity.unit)
    return None if factor is None else quantity.value * factor


def render(quantity: Quantity) -> str:
    """«20 дн.», «10 раб. дн.», «1 500 000 RUB», «10 %»."""
    value = f"{quantity.value:,.2f}".rstrip("0").rstrip(".").replace(",", " ")
    if quantity.unit == "money":
        return f"{value} {quantity.currency or ''}".strip()
    return f"{value} {_UNIT_RU.get(quantity.unit, quantity.unit)}"
