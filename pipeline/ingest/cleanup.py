"""Text clean-up shared by the readers: normalisation, structure-aware line joining,
de-hyphenation, running headers and the amendment-history preamble of official exports.

Everything here is pure: lists of lines in, lists of lines out. The PDF reader keeps the
page of every line so that page spans can be computed on the final text.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# No-break and narrow no-break spaces, figure space: Word and ministry sites use them freely.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalise_text(text: str) -> str:
    """Newlines to ``\\n``, no-break spaces to spaces, no trailing spaces, no BOM.

    Nothing else changes, so offsets in the result are stable for every later step.
    """
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    return _TRAILING_SPACE.sub("", text)


# --- structure of a line -------------------------------------------------------------------

# Lines that open a structural unit and must stay at the start of a line: the structure
# parser splits on them. «Статья 233-1.», «Глава 2», «РАЗДЕЛ I», «1.», «1-1)», «а)», «§ 3».
# Chapters may be numbered in words: «Глава первая» (Land Code of the Kyrgyz Republic).
_ORDINAL = (r"(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат"
            r"|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат"
            r"|девятнадцат|двадцат|тридцат|сороков)")
_HEADING = re.compile(
    r"^\s*(?:Статья\s+\d|Глава\s+(?:[\dIVXLC]|" + _ORDINAL + r")|ГЛАВА\s"
    r"|Раздел\s+[\dIVXLC]|РАЗДЕЛ\s"
    r"|Подраздел\s+[\dIVXLC]|ПОДРАЗДЕЛ\s|Часть\s+[\dIVXLC]|ЧАСТЬ\s|Параграф\s+\d|§\s*\d)"
)
# A heading that is only a number («Глава 5», «Параграф 3»): its title follows on the next line.
_BARE_HEADING = re.compile(
    r"^\s*(?:Глава|ГЛАВА|Раздел|РАЗДЕЛ|Подраздел|ПОДРАЗДЕЛ|Часть|ЧАСТЬ|Параграф|§)"
    r"\s*(?:[\dIVXLC]+(?:-\d+)?|" + _ORDINAL + r"\w*)\.?\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?:\d+(?:[.-]\d+)*[.)](?!\d)|[а-яё]\))")
_SENTENCE_END = re.compile(r"[.;:!?]$")
_WORD_END = re.compile(r"[^\W\d_],?$")
_LETTER = re.compile(r"[^\W\d_]")


def is_heading(line: str) -> bool:
    """«Статья 5.», «Глава 2», «РАЗДЕЛ I» and the like."""
    return bool(_HEADING.match(line))


def is_structural(line: str) -> bool:
    """A heading or a numbered part, point or subpoint («1.», «1)», «1-1)», «а)»)."""
    return is_heading(line) or bool(_NUMBERED.match(line))


def is_caps_line(line: str, min_letters: int = 6) -> bool:
    """A line written in capitals, such as «ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ»."""
    letters = _LETTER.findall(line)
    if len(letters) < min_letters:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.8


def is_caps_title(line: str) -> bool:
    """A capitals line of two or more words that is not a structural heading («ЧАСТЬ I»)."""
    return (is_caps_line(line) and not is_heading(line)
            and len(line.split()) >= 2)


# --- amendment notes -------------------------------------------------------------------------

# «(В редакции Законов КР от …)», «(Введен в действие Законом КР от …)»: legislative history,
# not norms. Minjust and Adilet exports open the act with them.
_AMENDMENT_OPEN = re.compile(
    r"\(\s*(?:В\s+редакции|Введен[аоы]?\s+в\s+действие|С\s+изменениями"
    r"|Внесены\s+изменения)",
    re.IGNORECASE,
)
# A note longer than this without its closing bracket is not a note we understand.
_MAX_NOTE_CHARS = 20_000


def _closing_bracket(text: str, open_at: int) -> int | None:
    """Offset just after the bracket that closes the one at ``open_at``, if any."""
    depth = 0
    stop = min(len(text), open_at + _MAX_NOTE_CHARS)
    for pos in range(open_at, stop):
        ch = text[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return pos + 1
    return None


def amendment_note_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every bracketed amendment note «(В редакции … )» in ``text``.

    Notes may run over many lines; an unclosed note is left alone.
    """
    spans = []
    pos = 0
    while (match := _AMENDMENT_OPEN.search(text, pos)) is not None:
        end = _closing_bracket(text, match.start())
        if end is None:
            pos = match.end()
            continue
        spans.append((match.start(), end))
        pos = end
    return spans


def leading_amendment_list(text: str, window: int = 3000) -> tuple[int, int] | None:
    """Span of the amendment list that opens an act («(В редакции Законов КР от …)»),
    if one starts within the first ``window`` characters."""
    match = _AMENDMENT_OPEN.search(text, 0, window)
    if match is None:
        return None
    end = _closing_bracket(text, match.start())
    return (match.start(), end) if end is not None else None


# --- lines with their page -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Line:
    """One line of extracted text and the 1-based page it came from (0 when unpaged)."""

    page: int
    text: str


# Notice printed by Minjust before the title: «Изменения, внесенные Законом КР … вступают в силу».
_NOTICE = re.compile(r"изменени|дополнени|вступа\w*\s+в\s+силу|редакци", re.IGNORECASE)
# A notice is a few lines; text far above a capitals line is the document itself.
_NOTICE_LINES = 12
_SEE_ALSO = re.compile(r"^\s*См\.\s+также\b")
# How far into a document a preamble may reach when no structural heading is found.
_HEAD_LINES = 200


def _head_end(lines: Sequence[Line]) -> int:
    """Index of the first structural heading, which closes the preamble."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if is_heading(line.text):
            return index
    return min(len(lines), _HEAD_LINES)


def _drop_notice_before_title(head: list[Line]) -> list[Line]:
    title = next((i for i, line in enumerate(head[:_NOTICE_LINES + 1])
                  if is_caps_title(line.text)), None)
    if not title:
        return head
    before = " ".join(line.text for line in head[:title])
    return head[title:] if _NOTICE.search(before) else head


def _cut_spans(lines: list[Line], spans: Iterable[tuple[int, int]]) -> list[Line]:
    """Remove character spans of ``"\\n".join(lines)``; lines left blank disappear."""
    spans = sorted(spans)
    if not spans:
        return lines
    out = []
    offset = 0
    for line in lines:
        start, end = offset, offset + len(line.text)
        kept = line.text
        for cut_start, cut_end in reversed(spans):
            lo, hi = max(cut_start, start), min(cut_end, end)
            if lo < hi:
                kept = kept[: lo - start] + kept[hi - start:]
        if kept.strip():
            out.append(Line(line.page, kept.strip() if kept != line.text else kept))
        offset = end + 1
    return out


def strip_preamble(lines: Sequence[Line]) -> list[Line]:
    """Drop the amendment-history preamble before the first structural heading.

    Removes a notice printed above the title («Изменения, внесенные Законом КР … вступают в
    силу …»), the bracketed amendment lists («(В редакции Законов КР от …)», «(Введен в
    действие …)») and cross-references («См. также …»). The title and the adoption line
    («от 8 мая 1996 года № 15») stay: they carry the metadata.
    """
    end = _head_end(lines)
    head = _drop_notice_before_title(list(lines[:end]))
    head = [line for line in head if not _SEE_ALSO.match(line.text)]
    head = _cut_spans(head, amendment_note_spans("\n".join(line.text for line in head)))
    return head + list(lines[end:])


# --- running headers, footers and page numbers ------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—]*(?:стр\.?|страница|page)?\s*(\d{1,4})(?:\s*(?:из|of|/)\s*\d{1,4})?[\s\-–—]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
# Lines at the top and at the bottom of a page where headers and footers live.
_EDGE = 2


def _edge_indexes(count: int) -> list[int]:
    return sorted(set(range(min(_EDGE, count))) | set(range(max(0, count - _EDGE), count)))


def _shape(line: str) -> str:
    """A line with its numbers blanked, so «Страница 3 из 10» repeats on every page."""
    return " ".join(_DIGITS.sub("#", line).split()).lower()


def running_shapes(pages: Sequence[Sequence[str]], share: float = 0.5) -> set[str]:
    """Shapes of the lines found at a page edge on at least ``share`` of the pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:  # a heading or a numbered point is never a running line
        counts.update({_shape(page[i]) for i in _edge_indexes(len(page))
                       if page[i].strip() and not is_structural(page[i])})
    needed = max(3, share * len(pages))
    return {shape for shape, count in counts.items() if count >= needed}


def page_number_offset(pages: Sequence[Sequence[str]]) -> int | None:
    """The constant ``printed number - page index`` of bare page numbers, if pages carry them.

    Only numbers that follow the page order count, so a wrapped «№ 66» at the bottom of a
    page is never taken for a page number.
    """
    offsets: Counter[int] = Counter()
    for index, page in enumerate(pages):
        found = {int(m.group(1)) - index for i in _edge_indexes(len(page))
                 if (m := _PAGE_NUMBER.match(page[i]))}
        offsets.update(found)
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, len(pages) // 2) else None


def drop_running_lines(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Pages without their running headers, footers and page numbers."""
    shapes = running_shapes(pages)
    offset = page_number_offset(pages)
    out = []
    for index, page in enumerate(pages):
        edges = set(_edge_indexes(len(page)))
        kept = []
        for i, line in enumerate(page):
            if i in edges:
                if _shape(line) in shapes and not is_structural(line):
                    continue
                number = _PAGE_NUMBER.match(line)
                if number and offset is not None and int(number.group(1)) - index == offset:
                    continue
            kept.append(line)
        out.append(kept)
    return out


# --- de-hyphenation ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"^([^\W\d_]+)")
# First halves of compound adjectives: гражданско-правовой, финансово-кредитный,
# электронно-цифровой, индивидуально-определенный, нормативно-правовой.
_COMPOUND_LEFT = re.compile(r"(?:ско|цко|но|ово|ево|ико)$", re.IGNORECASE)
# Particles always written with a hyphen: кое-что, кто-либо, что-нибудь, из-за, из-под.
_HYPHEN_PARTICLES_RIGHT = frozenset({"то", "либо", "нибудь", "таки", "за", "под"})
_HYPHEN_PARTICLES_LEFT = frozenset({"кое", "кой", "из"})


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased words (hyphenated compounds included) of a document."""
    words: set[str] = set()
    for text in texts:
        words.update(word.lower() for word in _WORD.findall(text))
    return frozenset(words)


def join_hyphenated(left: str, right: str, known: frozenset[str] = frozenset()) -> str:
    """The word written as ``left-`` at a line end and ``right`` on the next line.

    A word the document itself spells whole (or with its hyphen) decides; otherwise
    compound adjectives and particles keep the hyphen and everything else is joined.
    """
    whole, compound = left + right, f"{left}-{right}"
    if compound.lower() in known:
        return compound
    if whole.lower() in known:
        return whole
    if right[:1].isupper() or not left.isalpha() or not right.isalpha():
        return compound
    if (right.lower() in _HYPHEN_PARTICLES_RIGHT or left.lower() in _HYPHEN_PARTICLES_LEFT
            or (len(left) >= 5 and _COMPOUND_LEFT.search(left))):
        return compound
    return whole


# --- joining wrapped lines --------------------------------------------------------------------

def _bracket_depth(text: str, depth: int = 0) -> int:
    """Brackets left open after ``text``; the «)» of a point marker «3)» closes nothing,
    but inside an open bracket «49)» closes it («… года №\n49)»)."""
    if depth == 0:
        text = _NUMBERED.sub("", text, count=1)
    return max(0, depth + text.count("(") - text.count(")"))


def _starts_lower(text: str) -> bool:
    """«гражданских прав», «(интеллектуальная собственность)»: a paragraph goes on."""
    first, second = text[:1], text[1:2]
    return first.islower() or (first == "(" and second.islower())


def separator(prev: str, nxt: str, depth: int = 0, in_heading: bool = False) -> str:
    """What goes between two consecutive lines: ``"\n"`` or ``" "`` (wrapped paragraph).

    ``depth`` counts brackets left open by the paragraph so far: «(статья\n345)» is a
    wrapped reference, not point 345). ``in_heading`` says the paragraph opened with a
    heading, whose title may wrap but is never followed on its line by the first sentence.
    Headings and numbered lines always start a line.
    """
    nxt = nxt.lstrip()
    if not prev.strip() or not nxt or is_heading(nxt):
        return "\n"
    if _SENTENCE_END.search(prev) or is_caps_line(prev):
        return "\n"
    if in_heading:
        return " " if _starts_lower(nxt) else "\n"
    if depth > 0:
        return " "
    if _NUMBERED.match(nxt):
        return "\n"
    if _starts_lower(nxt) or nxt[0].isdigit() or nxt[0] == "№":
        return " "
    # «… настоящего\nКодекса», «… в Кыргызской\nРеспублике»: a sentence without its end.
    if _WORD_END.search(prev) and (nxt[0].isupper() or nxt[0] in "«\""):
        return " "
    return "\n"


@dataclass(frozen=True, slots=True)
class Piece:
    """A line of the final text: what precedes it, its text and its page."""

    sep: str
    text: str
    page: int


def merge_lines(lines: Sequence[Line], known: frozenset[str] = frozenset()) -> list[Piece]:
    """Join wrapped lines of a paragraph and words hyphenated at a line end.

    A hyphenated word is glued back without a separator (its two halves may lie on two
    pages); the hyphen stays only in real compounds (see ``join_hyphenated``).
    """
    pieces: list[Piece] = []
    depth = 0
    in_heading = False
    for line in lines:
        text = line.text
        if not pieces:
            pieces.append(Piece("", text, line.page))
            depth = _bracket_depth(text)
            in_heading = is_heading(text) or is_caps_line(text)
            continue
        prev = pieces[-1]
        hyphen = _LINE_END_HYPHEN.search(prev.text)
        start = _LINE_START_WORD.match(text)
        if hyphen and start and not is_structural(text):
            left, right = hyphen.group(1), start.group(1)
            joined = join_hyphenated(left, right, known)
            if joined == left + right:  # drop the hyphen that only marked the line break
                pieces[-1] = Piece(prev.sep, prev.text[:-1], prev.page)
            pieces.append(Piece("", text, line.page))
            depth = _bracket_depth(text, depth)
            continue
        sep = separator(prev.text, text, depth, in_heading)
        pieces.append(Piece(sep, text, line.page))
        if sep == "\n":
            # the title line under a bare heading is part of the heading
            title_line = bool(_BARE_HEADING.match(pieces[-2].text)) and not is_heading(text)
            depth = 0
            in_heading = is_heading(text) or is_caps_line(text) or title_line
        depth = _bracket_depth(text, depth)
    return pieces
