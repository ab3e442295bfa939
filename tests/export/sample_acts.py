"""Acts for the export tests: a real article of ZK RF and a hostile order."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.model import Address, Clause, Document, DocumentKind, Finding, Jurisdiction

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ZK_RF = SHARED / "data" / "acts" / "ru-codes-legalacts-ru" / "ZK-RF.txt"

HOSTILE_TEXT = (
    "Приказ <script>alert(1)</script> о порядке\n"
    "1. Орган вправе отказать в иных случаях по своему усмотрению.\n"
    "2. =HYPERLINK(\"http://evil.example\",\"жми\") и \x07звонок\x1b.\n"
)


def zk_article(number: str) -> str:
    """Body of a ZK RF article as printed: the lines after its header block."""
    lines = ZK_RF.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"[article_number] {number}") + 3
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("["))
    return "\n".join(lines[start:end]).strip() + "\n"


def document(text: str, source: str, **fields) -> Document:
    return Document(source=source, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    kind=DocumentKind.ACT, jurisdiction=Jurisdiction.RU, language="ru",
                    text=text, **fields)


def finding(text: str, clauses: list[Clause], phrase: str, factor: str,
            **fields) -> Finding:
    """A finding on the first ``phrase`` inside a clause, addressed by that clause."""
    clause, start = next((c, c.start + c.text.index(phrase)) for c in clauses
                         if phrase in c.text)
    values = {"rule_id": f"{factor}.test", "factor": factor, "address": clause.address,
              "start": start, "end": start + len(phrase), "evidence": phrase,
              "explanation": f"Маркер «{phrase}»", "confidence": 0.8,
              "recommendation": "Заменить «вправе» на обязанность с критериями."}
    return Finding(**(values | fields))


def lines_as_clauses(text: str, article: str) -> list[Clause]:
    """Each non-empty line but the article heading is a part, numbered from 1."""
    clauses: list[Clause] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not line.startswith("Статья"):
            address = Address(article=article, part=str(len(clauses) + 1))
            clauses.append(Clause(address, offset, offset + len(line), line))
        offset += len(line) + 1
    return clauses
