"""A self-contained HTML report: every act in full, its flagged spans highlighted.

Nothing is loaded from outside (no CSS, script or font files), so the report can be mailed
or archived as one file. The text of an act is untrusted and every piece of it goes through
``html.escape``. Findings may overlap: the text is cut at every start and end of a finding
into flat pieces, and each covered piece gets one ``<mark>`` naming all the findings that
cover it, so the markup never has to nest or cross. Notes sit after the line where their
finding ends. The pieces are collected in a list and joined once: linear in the text size.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from pipeline.calibrate import heldout_precision
from pipeline.catalogue import Catalogue
from pipeline.export import exporter, labels, write_atomically
from pipeline.export.register_chart import register_section
from pipeline.register import Register, StoredDocument, StoredFinding

REPORT_TITLE = "Антикоррупционная экспертиза: выявленные коррупциогенные факторы"
DISCLAIMER = ("Выделенные фрагменты — признаки коррупциогенных факторов, найденные "
              "автоматически. Это подсказка для эксперта, а не вывод: каждый признак "
              "подлежит проверке по существу.")

_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")
# C0 controls other than tab and newlines are not allowed in an HTML document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: str, quote: bool = True) -> str:
    """Escaped text with the characters HTML forbids removed: the only way text gets out."""
    return escape(_CONTROL.sub("", value), quote=quote)

_CSS = """
body{font-family:"PT Serif","Times New Roman",serif;margin:0 auto;max-width:60rem;
padding:1rem 2rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-top:2px solid #445;padding-top:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #99a;padding:.2rem .5rem;vertical-align:top;text-align:left}
th{background:#dde4ee}td.num{text-align:right}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}
dl.meta dt{font-weight:bold}dl.meta dd{margin:0;overflow-wrap:anywhere}
.act{white-space:pre-wrap;font-family:"PT Sans",Arial,sans-serif;font-size:.95rem;
border:1px solid #ccd;padding:1rem;background:#fcfcfd}
mark{background:#ffe08a;padding:0 .05em}mark.overlap{box-shadow:inset 0 -3px 0 #c0392b}
sup.ref a{text-decoration:none;font-weight:bold;color:#8a1c10}
aside.note{white-space:normal;display:block;margin:.3rem 0 .8rem 1.5rem;padding:.4rem .8rem;
border-left:4px solid #c0392b;background:#fff6f3;font-size:.9rem}
aside.note p{margin:.15rem 0}.swatch{display:inline-block;width:.9em;height:.9em;
vertical-align:middle;border:1px solid #888;background:#ffe08a}
.disclaimer{background:#eef3f8;padding:.5rem 1rem;border-left:4px solid #445}
code{font-size:.85em}
"""


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters ``[start, end)`` of the text and the indices of the spans covering them."""

    start: int
    end: int
    covering: tuple[int, ...]


def split_spans(length: int, spans: Sequence[tuple[int, int]],
                cuts: Sequence[int] = ()) -> list[Piece]:
    """Cut ``[0, length)`` at every span boundary (and at ``cuts``) into flat pieces.

    Spans are clipped to the text; empty spans cover nothing.
    """
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    points = {0, length}
    for index, (start, end) in enumerate(spans):
        start, end = max(0, min(start, length)), max(0, min(end, length))
        points.update((start, end))
        if start < end:
            starts[start].append(index)
            ends[end].append(index)
    points.update(c for c in cuts if 0 < c < length)
    ordered = sorted(points)
    active: dict[int, None] = {}  # insertion-ordered set
    pieces = []
    for start, end in zip(ordered, ordered[1:]):
        for index in ends.get(start, ()):
            del active[index]
        for index in starts.get(start, ()):
            active[index] = None
        pieces.append(Piece(start, end, tuple(active)))
    return pieces


def css_class(factor: str) -> str:
    return "f-" + _CLASS_UNSAFE.sub("-", factor.lower())


def _palette(factors: Sequence[str]) -> str:
    """One background colour per factor, spread over the hue circle."""
    rules = []
    for number, factor in enumerate(sorted(set(factors))):
        hue = (number * 137) % 360  # golden-angle steps keep neighbours apart
        rules.append(f".{css_class(factor)}{{background:hsl({hue},80%,82%)}}")
    return "".join(rules)


class _Report:
    """Builds the page as a list of strings; ``html()`` joins them once."""

    def __init__(self, register: Register) -> None:
        self.catalogue: Catalogue | None = labels.catalogue_or_none(register)
        self.documents = register.documents()
        by_version: dict[int, list[StoredFinding]] = defaultdict(list)
        for stored in register.findings():
            by_version[stored.version_id].append(stored)
        self.findings = {v: sorted(fs, key=lambda s: (s.finding.start, s.finding.end))
                         for v, fs in by_version.items()}
        self.out: list[str] = []
        self.register = register
        self.heldout = heldout_precision()

    def title(self, factor: str) -> str:
        return labels.factor_title(self.catalogue, factor)

    def html(self) -> str:
        factors = [s.finding.factor for fs in self.findings.values() for s in fs]
        w = self.out.append
        w('<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
          '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
          f"<title>{esc(REPORT_TITLE)}</title>\n"
          f"<style>{_CSS}{_palette(factors)}</style>\n</head>\n<body>\n")
        w(f"<h1>{esc(REPORT_TITLE)}</h1>\n")
        generated = labels.moment(dt.datetime.now(dt.UTC))
        w(f'<p>Сформирован: {esc(generated)}</p>\n'
          f'<p class="disclaimer">{esc(DISCLAIMER)}</p>\n')
        self.summary(factors)
        w(register_section(self.register))
        for number, document in enumerate(self.documents, start=1):
            self.document(number, document)
        self.expert_checks()
        w(_collisions_section(self.register))
        w("</body>\n</html>\n")
        return "".join(self.out)

    # -- summary --

    def summary(self, factors: list[str]) -> None:
        w = self.out.append
        w('<section id="summary">\n<h2>Сводка</h2>\n<table class="documents">\n'
          "<thead><tr><th>№</th><th>Документ</th><th>Вид</th><th>Юрисдикция</th>"
          "<th>Номер</th><th>Дата принятия</th><th>Выявлено факторов</th></tr></thead>\n"
          "<tbody>\n")
        for number, d in enumerate(self.documents, start=1):
            count = len(self.findings.get(d.version_id, ()))
            w(f'<tr><td class="num">{number}</td>'
              f'<td><a href="#doc-{number}">{esc(d.name)}</a></td>'
              f"<td>{esc(labels.KIND[d.kind])}</td>"
              f"<td>{esc(labels.JURISDICTION[d.jurisdiction])}</td>"
              f"<td>{esc(d.number or '')}</td><td>{esc(labels.date(d.date))}</td>"
              f'<td class="num">{count}</td></tr>\n')
        w("</tbody>\n</table>\n")
        per_factor = Counter(factors)
        documents_per_factor = Counter(
            factor for fs in self.findings.values() for factor in {s.finding.factor for s in fs})
        measured = (self.heldout or {}).get("factors", {})
        w('<table class="factors">\n<thead><tr><th>Фактор</th><th>Код</th>'
          "<th>Выявлений</th><th>Документов</th>"
          + ("<th>Подтверждено на новых текстах*</th>" if self.heldout else "")
          + "</tr></thead>\n<tbody>\n")
        for factor, count in per_factor.most_common():
            w(f'<tr><td><span class="swatch {css_class(factor)}"></span> '
              f"{esc(self.title(factor))}</td><td><code>{esc(factor)}</code></td>"
              f'<td class="num">{count}</td>'
              f'<td class="num">{documents_per_factor[factor]}</td>'
              + (f'<td class="num">{esc(_confirmed(measured.get(factor)))}</td>' if self.heldout else "")
              + "</tr>\n")
        w(f'<tr><th colspan="2">Всего</th><th class="num">{sum(per_factor.values())}</th>'
          f'<th class="num">{len(self.findings)}</th>'
          + (f'<th class="num">{esc(_confirmed(self.heldout["micro"]))}</th>' if self.heldout else "")
          + "</tr>\n</tbody>\n</table>\n")
        if self.heldout:
            w(f'<p class="footnote">* Доля находок, которые эксперт подтвердил при проверке '
              f'{self.heldout["clauses"]} норм, не использованных при написании правил '
              f'(замер {esc(labels.date(dt.date.fromisoformat(self.heldout["measured"])))}). '
              "Уверенность отдельной находки откалибрована на других нормах и для новых "
              "текстов завышена: каждую находку проверяет эксперт."
              + _found_share(self.heldout["micro"]) + "</p>\n")
        w('<p><a href="#expert">Для проверки экспертом</a></p>\n</section>\n')

    # -- one document --

    def document(self, number: int, d: StoredDocument) -> None:
        w = self.out.append
        findings = self.findings.get(d.version_id, [])
        w(f'<section class="document" id="doc-{number}">\n'
          f"<h2>{number}. {esc(d.name)}</h2>\n<dl class=\"meta\">\n")
        meta = [("Вид", labels.KIND[d.kind]), ("Юрисдикция", labels.JURISDICTION[d.jurisdiction]),
                ("Язык", labels.language(d.language)), ("Номер", d.number or ""),
                ("Дата принятия", labels.date(d.date)),
                ("Орган, принявший акт", d.issuing_body or ""), ("Источник", d.source),
                ("SHA-256", d.sha256), ("Загружен", labels.moment(d.ingested_at)),
                ("Выявлено факторов", str(len(findings)))]
        for term, value in meta:
            if value:
                w(f"<dt>{esc(term)}</dt><dd>{esc(value)}</dd>\n")
        w('</dl>\n<div class="act">')
        self.text(f"d{number}", d.text, findings)
        w("</div>\n</section>\n")

    def text(self, prefix: str, text: str, findings: list[StoredFinding]) -> None:
        """The act with its marks; notes after the line where each finding ends."""
        w = self.out.append
        length = len(text)
        spans = [(s.finding.start, s.finding.end) for s in findings]
        starts: dict[int, list[int]] = defaultdict(list)
        ends: dict[int, list[int]] = defaultdict(list)
        notes: dict[int, list[int]] = defaultdict(list)
        for index, (start, end) in enumerate(spans):
            start = max(0, min(start, length))
            end = max(start, min(end, length))
            starts[start].append(index)
            ends[end].append(index)
            notes[_line_end(text, end)].append(index)
        titles = [esc(f"{self.title(s.finding.factor)} ({s.finding.rule_id})", quote=True)
                  for s in findings]
        for piece in split_spans(length, spans, cuts=list(notes)):
            self._boundary(prefix, piece.start, starts, ends, notes, findings)
            chunk = esc(text[piece.start:piece.end], quote=False)
            if not piece.covering:
                w(chunk)
                continue
            classes = " ".join(dict.fromkeys(css_class(findings[i].finding.factor)
                                             for i in piece.covering))
            if len(piece.covering) > 1:
                classes += " overlap"
            ids = " ".join(f"{prefix}-f{i + 1}" for i in piece.covering)
            tip = "; ".join(titles[i] for i in piece.covering)
            w(f'<mark class="{classes}" data-findings="{ids}" title="{tip}">{chunk}</mark>')
        self._boundary(prefix, length, starts, ends, notes, findings)

    def _boundary(self, prefix: str, at: int, starts: dict[int, list[int]],
                  ends: dict[int, list[int]], notes: dict[int, list[int]],
                  findings: list[StoredFinding]) -> None:
        """What stands between two pieces: references, notes, anchors (never inside a mark)."""
        w = self.out.append
        for i in ends.get(at, ()):
            w(f'<sup class="ref"><a href="#{prefix}-n{i + 1}">[{i + 1}]</a></sup>')
        for i in notes.get(at, ()):
            self.note(prefix, i, findings[i])
        for i in starts.get(at, ()):
            w(f'<a class="anchor" id="{prefix}-f{i + 1}"></a>')

    def note(self, prefix: str, index: int, stored: StoredFinding) -> None:
        f = stored.finding
        lines = [
            f'<a href="#{prefix}-f{index + 1}">[{index + 1}]</a> '
            f'<span class="swatch {css_class(f.factor)}"></span> '
            f"<b>{esc(self.title(f.factor))}</b> <code>{esc(f.factor)}</code>"
            + (f" — {esc(stored.address)}" if stored.address else ""),
            f"Правило: <code>{esc(f.rule_id)}</code>; "
            f"уверенность: {esc(labels.confidence(f.confidence))}",
            f"Пояснение: {esc(f.explanation)}",
            f"Рекомендация: {esc(f.recommendation)}",
        ]
        if f.related:
            lines.append(f"Связанные нормы: {esc(', '.join(f.related))}")
        body = "".join(f"<p>{line}</p>" for line in lines)
        self.out.append(f'<aside class="note" id="{prefix}-n{index + 1}">{body}</aside>')

    # -- substantive factors --

    def expert_checks(self) -> None:
        w = self.out.append
        w('<section id="expert">\n<h2>Для проверки экспертом</h2>\n'
          "<p>Эти коррупциогенные факторы редко проявляются в формулировках и проверяются "
          "по существу акта. Для каждого документа эксперт отвечает на вопросы ниже.</p>\n")
        substantive = self.catalogue.substantive() if self.catalogue else []
        if not substantive:
            w("<p>Каталог коррупциогенных факторов не загружен: перечень вопросов "
              "недоступен.</p>\n</section>\n")
            return
        for number, d in enumerate(self.documents, start=1):
            found = Counter(s.finding.factor for s in self.findings.get(d.version_id, ()))
            w(f'<h3><a href="#doc-{number}">{number}. {esc(d.name)}</a></h3>\n'
              "<table>\n<thead><tr><th>Фактор</th><th>Код</th><th>Вопрос эксперту</th>"
              "<th>Выявлено автоматически</th></tr></thead>\n<tbody>\n")
            for factor in substantive:
                w(f"<tr><td>{esc(factor.title_ru)}</td><td><code>{esc(factor.id)}"
                  f"</code></td><td>{esc(factor.question)}</td>"
                  f'<td class="num">{found[factor.id]}</td></tr>\n')
            w("</tbody>\n</table>\n")
        w("</section>\n")


def _found_share(micro: dict) -> str:
    """The estimated recall on the same fresh text, as a warning that a clean report is not a
    clean act; empty when the measurement has no recall."""
    recall = micro.get("recall_estimated")
    if recall is None:
        return ""
    interval = micro.get("recall_estimated_95")
    bounds = f" (от {_percent(interval[0])} до {_percent(interval[1])})" if interval else ""
    return (f" По той же выборке анализатор находит около {_percent(recall)}{bounds} факторов, "
            "которые видит эксперт: отсутствие находок не означает отсутствия факторов.")


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"


def _confirmed(figures: dict | None) -> str:
    """«38 % (13 из 34)»: the share of a factor's findings an expert confirmed on fresh text."""
    if not figures:
        return "—"
    found = figures["tp"] + figures["fp"]
    # a later analyzer's counts are weighted estimates (factor_heldout.py --current): whole
    # findings are what an expert reads
    return f"{_percent(figures['tp'] / found)} ({round(figures['tp'])} из {round(found)})" \
        if found else "—"


def _line_end(text: str, end: int) -> int:
    """Where the note of a finding ending at ``end`` goes: after the end of its line."""
    newline = text.find("\n", max(end - 1, 0)) if end > 0 else text.find("\n")
    return len(text) if newline == -1 else newline + 1


def _collisions_section(register: Register) -> str:
    """Collisions of norms side by side (``taza refs index``), after the expert checks."""
    from pipeline.references.report import register_collisions_html

    return register_collisions_html(register)


def render_report(register: Register) -> str:
    return _Report(register).html()


@exporter("html")
def export_html(register: Register, path: Path) -> Path:
    html = render_report(register)
    return write_atomically(path, lambda target: target.write_text(html, encoding="utf-8"))

