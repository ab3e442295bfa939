"""The reviewed act as DOCX: its text with the flagged clauses and words highlighted and a
Word comment on every finding (factor, rule, explanation, recommendation).

One file per current document of the register. The clause that holds a finding is shaded
grey, the words that triggered it yellow; the comment is anchored on those words. Offsets
are those of the stored text, split into paragraphs at line breaks; characters that XML
cannot hold are dropped inside each piece, after the offsets are taken.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pipeline.catalogue import Catalogue
from pipeline.export import exporter, labels, write_atomically
from pipeline.export.xlsx import clean_text
from pipeline.register import Register, StoredDocument, StoredFinding

AUTHOR = "Taza"
INITIALS = "TZ"
EVIDENCE_COLOR = WD_COLOR_INDEX.YELLOW
CLAUSE_COLOR = WD_COLOR_INDEX.GRAY_25
LEGEND = ("Жёлтым выделены слова, по которым выявлен коррупциогенный фактор, серым — норма, "
          "в которой он найден. К каждой находке — примечание (комментарий Word): фактор, "
          "правило, пояснение и рекомендация. Находка — подсказка, а не вывод: решение "
          "принимает эксперт.")


def _text(value: str) -> str:
    """Drop what XML forbids; no length cut (a paragraph of an act may be long)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", value)


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding placed on the text: its words, and the clause around them."""

    finding: StoredFinding
    start: int
    end: int
    clause_start: int
    clause_end: int


def locate(text: str, finding: StoredFinding) -> Mark | None:
    """The finding's span in ``text`` and its clause; None if the span is outside the text."""
    start, end = finding.finding.start, finding.finding.end
    if not 0 <= start < end <= len(text):
        return None
    clause = finding.clause_text
    clause_start, clause_end = start, end
    if clause:
        at = text.find(clause, max(0, end - len(clause)))
        if at != -1 and at <= start and at + len(clause) >= end:
            clause_start, clause_end = at, at + len(clause)
    return Mark(finding, start, end, clause_start, clause_end)


def comment_lines(finding: StoredFinding, catalogue: Catalogue | None) -> list[str]:
    f = finding.finding
    lines = [f"Фактор: {labels.factor_title(catalogue, f.factor)}",
             f"Норма: {finding.address or '—'}; правило {f.rule_id}; "
             f"уверенность {labels.confidence(f.confidence)}",
             f"Пояснение: {f.explanation}",
             f"Рекомендация: {f.recommendation}"]
    if f.related:
        lines.append("Связанные нормы: " + "; ".join(f.related))
    return [_text(line) for line in lines]


def _metadata(document: Docx, stored: StoredDocument, marks: Sequence[Mark]) -> None:
    rows = [
        ("Наименование", stored.name),
        ("Номер", stored.number or ""),
        ("Дата принятия", labels.date(stored.date)),
        ("Орган, принявший акт", stored.issuing_body or ""),
        ("Вид документа", labels.KIND.get(stored.kind, str(stored.kind))),
        ("Страна", labels.JURISDICTION.get(stored.jurisdiction, str(stored.jurisdiction))),
        ("Язык", labels.language(stored.language)),
        ("Файл", stored.source),
        ("Контрольная сумма SHA-256", stored.sha256),
        ("Загружен в реестр", labels.moment(stored.ingested_at)),
        ("Находок", str(len(marks))),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = _text(value)


def _findings_table(document: Docx, marks: Sequence[Mark], catalogue: Catalogue | None) -> None:
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, ("№", "Норма", "Фактор", "Фрагмент")):
        cell.paragraphs[0].add_run(header).bold = True
    for number, mark in enumerate(marks, start=1):
        f = mark.finding
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = _text(f.address or "—")
        cells[2].text = _text(labels.factor_title(catalogue, f.finding.factor))
        cells[3].text = _text(f.finding.evidence)


def _paragraph_runs(paragraph: Paragraph, text: str, offset: int,
                    marks: Sequence[Mark]) -> list[tuple[int, int, Run]]:
    """Runs of one line ``text`` that starts at ``offset``, cut at every mark boundary."""
    end = offset + len(text)
    cuts = {offset, end}
    for mark in marks:
        for point in (mark.start, mark.end, mark.clause_start, mark.clause_end):
            if offset < point < end:
                cuts.add(point)
    runs = []
    points = sorted(cuts)
    for left, right in zip(points, points[1:]):
        run = paragraph.add_run(_text(text[left - offset:right - offset]))
        if any(m.start < right and left < m.end for m in marks):
            run.font.highlight_color = EVIDENCE_COLOR
        elif any(m.clause_start < right and left < m.clause_end for m in marks):
            run.font.highlight_color = CLAUSE_COLOR
        runs.append((left, right, run))
    return runs


def build_act(stored: StoredDocument, findings: Sequence[StoredFinding],
              catalogue: Catalogue | None) -> Docx:
    """The DOCX of one act with its findings."""
    text = stored.text
    marks = [m for f in findings if (m := locate(text, f)) is not None]
    document = new_docx()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    document.add_heading(_text(f"Антикоррупционная экспертиза: {stored.name}"), level=1)
    _metadata(document, stored, marks)
    document.add_paragraph(LEGEND)
    if marks:
        document.add_heading("Перечень находок", level=2)
        _findings_table(document, marks, catalogue)
    else:
        document.add_paragraph("Коррупциогенные факторы по словесным признакам не выявлены.")
    document.add_heading("Текст акта", level=2)

    all_runs: list[tuple[int, int, Run]] = []
    offset = 0
    for line in text.split("\n"):
        paragraph = document.add_paragraph()
        inside = [m for m in marks if m.clause_start < offset + len(line)
                  and offset < m.clause_end]
        if inside:
            all_runs.extend(_paragraph_runs(paragraph, line, offset, inside))
        elif line:
            paragraph.add_run(_text(line))
        offset += len(line) + 1

    for mark in marks:
        covered = [run for left, right, run in all_runs if mark.start <= left and right <= mark.end]
        if not covered:
            continue
        lines = comment_lines(mark.finding, catalogue)
        comment = document.add_comment(covered, text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
    return document


def file_name(stored: StoredDocument, taken: set[str]) -> str:
    """«ZK-RF.docx»; the same stem from another folder gets its hash: «ZK-RF_1a2b3c4d.docx»."""
    stem = re.sub(r"[^\w.-]+", "_", Path(stored.source).stem).strip("._") or "document"
    name = f"{stem[:80]}.docx"
    if name in taken:
        name = f"{stem[:80]}_{stored.sha256[:8]}.docx"
    taken.add(name)
    return name


def write_acts(register: Register, folder: Path) -> list[Path]:
    """One reviewed-act DOCX per current document of the register, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = labels.catalogue_or_none(register)
    taken: set[str] = set()
    written = []
    from pipeline.references.index import stored_collisions
    from pipeline.references.report import add_collisions_docx

    collisions = stored_collisions(register)
    for stored in register.documents():
        findings = register.findings(version_id=stored.version_id)
        docx = build_act(stored, findings, catalogue)
        add_collisions_docx(docx, [c for c in collisions if c.version_id == stored.version_id])
        path = folder / file_name(stored, taken)
        written.append(write_atomically(path, lambda tmp, d=docx: d.save(str(tmp))))
    return written


@exporter("docx_act")
def export_docx_acts(register: Register, path: Path) -> Path:
    """The reviewed acts as DOCX, one per document, in the folder ``path``."""
    write_acts(register, path)
    return path
