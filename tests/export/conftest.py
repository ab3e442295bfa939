"""A register holding a real article of ZK RF and a hostile document, for the exports."""
from __future__ import annotations

import pytest
from sample_acts import HOSTILE_TEXT, document, finding, lines_as_clauses, zk_article

from pipeline.catalogue import Catalogue, Factor
from pipeline.register import Register


def _factor(fid: str, title: str, severity: str, substantive: bool = False) -> Factor:
    return Factor(fid, title, None, None, title, {"RU": "п. 3"}, severity, substantive,
                  f"Проверьте: {title.lower()}?", f"Устранить: {title.lower()}.",
                  ("Внести изменения",))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    factors = [
        _factor("optional_power", "Установление права вместо обязанности", "high"),
        _factor("open_grounds", "Отсутствие исчерпывающих оснований", "medium"),
        _factor("broad_discretion", "Широта дискреционных полномочий", "medium"),
        _factor("no_competition", "Отсутствие конкурсных процедур", "high"),
        _factor("legal_gap", "Правовой пробел", "high", substantive=True),
        _factor("ultra_vires", "Принятие акта за пределами компетенции", "high",
                substantive=True),
    ]
    return Catalogue(1, {f.id: f for f in factors})


@pytest.fixture
def filled(tmp_path, catalogue) -> Register:
    """Two acts: article 39.16 ZK RF, and a hostile order with overlapping findings."""
    register = Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue)
    zk_text = "Статья 39.16\n" + zk_article("39.16")
    zk = document(zk_text, str(tmp_path / "zk.txt"), title="Земельный кодекс РФ",
                  number="N 136-ФЗ")
    zk_clauses = lines_as_clauses(zk_text, "39.16")
    register.store_analysis(zk, zk_clauses, [
        finding(zk_text, zk_clauses, "без проведения торгов", "no_competition"),
        finding(zk_text, zk_clauses, "не допускается", "broad_discretion", confidence=0.4),
    ])

    hostile = document(HOSTILE_TEXT, str(tmp_path / "order.txt"),
                       title="Приказ <b>№ 1</b>", issuing_body="Министерство & Ко")
    clauses = lines_as_clauses(HOSTILE_TEXT, "1")
    register.store_analysis(hostile, clauses, [
        finding(HOSTILE_TEXT, clauses, "вправе отказать", "optional_power"),
        finding(HOSTILE_TEXT, clauses, "отказать в иных случаях", "open_grounds"),
        finding(HOSTILE_TEXT, clauses, "по своему усмотрению", "broad_discretion",
                explanation="=HYPERLINK(\"http://evil.example\",\"жми\")",
                evidence="@SUM(A1:A9)\x00"),
        finding(HOSTILE_TEXT, clauses, "=HYPERLINK", "legal_gap", evidence="-2+3",
                recommendation="+7 (727) 000-00-00"),
    ])
    yield register
    register.close()
