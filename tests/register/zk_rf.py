"""Real clauses of the Land Code of the Russian Federation, and findings placed on them."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.model import Address, Clause, Document, DocumentKind, Finding, Jurisdiction

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ZK_RF = SHARED / "data" / "acts" / "ru-codes-legalacts-ru" / "ZK-RF.txt"

_PART = re.compile(r"^(\d+(?:\.\d+)?)\.\s")
_POINT = re.compile(r"^(\d+(?:\.\d+)?)\)\s")


def read_article(number: str) -> tuple[str, str]:
    """(name, body) of an article of ZK-RF: the lines after its header block."""
    lines = ZK_RF.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"[article_number] {number}")
    name = lines[start + 1].removeprefix("[article_name] ")
    body: list[str] = []
    for line in lines[start + 3:]:
        if line.startswith("[chapter_number]") or line.startswith("[article_number]"):
            break
        body.append(line)
    return name, "\n".join(body).strip()


def build_act(articles: tuple[str, ...] = ("39.16", "39.17")) -> tuple[str, list[Clause]]:
    """Text «Статья N. Name» + body for each article, and its clauses (parts and points)."""
    text = ""
    clauses: list[Clause] = []
    for number in articles:
        name, body = read_article(number)
        text += f"Статья {number}. {name}\n\n"
        part = None
        for line in body.split("\n"):
            offset = len(text)
            text += line + "\n"
            if not line.strip():
                continue
            if m := _PART.match(line):
                part, address = m[1], Address(article=number, part=m[1])
            elif m := _POINT.match(line):
                address = Address(article=number, part=part, point=m[1])
            else:
                address = Address(article=number, part=part)
            clauses.append(Clause(address, offset, offset + len(line), line, heading=name))
        text += "\n"
    return text, clauses


def make_document(text: str, source: str, **fields) -> Document:
    return Document(source=source, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    kind=DocumentKind.ACT, jurisdiction=Jurisdiction.RU, language="ru",
                    text=text, **fields)


def find(text: str, clauses: list[Clause], phrase: str, factor: str, rule_id: str,
         occurrence: int = 0, confidence: float = 0.7) -> Finding:
    """A finding on the ``occurrence``-th appearance of ``phrase`` in a clause."""
    hits = [(c, c.start + m.start()) for c in clauses
            for m in re.finditer(re.escape(phrase), c.text)]
    clause, start = hits[occurrence]
    return Finding(rule_id=rule_id, factor=factor, address=clause.address, start=start,
                   end=start + len(phrase), evidence=phrase,
                   explanation=f"Маркер «{phrase}»", confidence=confidence,
                   recommendation="Установить исчерпывающий перечень оснований и срок.")
