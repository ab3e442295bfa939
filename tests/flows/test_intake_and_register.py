"""intake_complaints and update_register under the session's Prefect server."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flows.intake_complaints import intake_complaints, jurisdiction_of
from flows.signals import from_record, pending_files, read_signals, to_record, write_jsonl
from flows.update_register import attach_pending, update_register
from pipeline.model import EvidenceKind
from pipeline.register import Register
from pipeline.register.external import ExternalSignal


@pytest.mark.parametrize("path, expected", [
    ("inbox/KG/2026/appeals.csv", "KG"),
    ("inbox/kz/appeals.xlsx", "KZ"),
    ("inbox/appeals.jsonl", "RU"),
])
def test_jurisdiction_from_the_folder(path, expected):
    assert jurisdiction_of(Path(path), "RU") == expected


def test_signal_records_round_trip(tmp_path):
    signal = ExternalSignal(EvidenceKind.COMPLAINT, "complaint:2948077",
                            "СПб ГКУ ЖА Невского района", "RU", "public_services",
                            ("inaction",), "Вентиляционные шахты в цоколе прикрыты картонкой",
                            "appeals.jsonl:1", dt.date(2020, 10, 18))
    assert from_record(json.loads(json.dumps(to_record(signal)))) == signal
    path = write_jsonl([to_record(signal)], tmp_path / "pending" / "a.jsonl")
    assert read_signals(path) == [signal]


def test_intake_classifies_attaches_and_skips_what_it_took(prefect_harness, appeals,
                                                           tmp_path):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    intake = tmp_path / "intake"
    report = intake_complaints(appeals, db_url=db, intake_dir=intake, jurisdiction="KZ")
    assert report.documents == 30
    assert 0 < report.findings < 30                      # some appeals carry signals
    assert len(report.errors) == 1 and "broken.xlsx" in report.errors[0]
    results = [json.loads(line) for line in
               Path(report.outputs[0]).read_text(encoding="utf-8").splitlines()]
    assert len(results) == 30 and {"id", "function_area", "signals", "text"} <= results[0].keys()
    assert pending_files(intake) == []                  # attached at once
    entries = Register(db).entries()
    evidence = [e for entry in entries for e in entry.evidence]
    assert len(evidence) == report.findings
    assert {e.kind for e in evidence} == {EvidenceKind.COMPLAINT}
    assert {entry.jurisdiction.value for entry in entries} == {"RU"}   # from the folder name
    assert report.new_risks == len(entries)

    again = intake_complaints(appeals, db_url=db, intake_dir=intake)
    assert (again.documents, again.skipped, again.new_risks) == (0, 1, 0)
    assert len(Register(db).entries()) == len(entries)


def test_update_register_attaches_what_is_pending(prefect_harness, tmp_path):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    intake = tmp_path / "intake"
    signals = [ExternalSignal(EvidenceKind.MEDIA, f"media:tg:{n}", "акимат города Алматы", "KZ",
                              "land", ("bribery",), "Публикация о взятке", f"https://t.me/{n}",
                              dt.date(2024, 5, n)) for n in (1, 2)]
    write_jsonl([to_record(s) for s in signals], intake / "pending" / "media-1.jsonl")
    (intake / "pending" / "media-2.jsonl").write_text("{not json\n", encoding="utf-8")

    report = update_register(db_url=db, intake_dir=intake)
    assert (report.documents, report.new_risks, len(report.errors)) == (2, 1, 1)
    assert [p.name for p in pending_files(intake)] == ["media-2.jsonl"]   # the bad one stays
    assert (intake / "attached" / "media-1.jsonl").is_file()
    assert dict(report.details)["Рисков в реестре"] == "1"

    # A file attached again (a run killed after attaching) changes nothing.
    write_jsonl([to_record(s) for s in signals], intake / "pending" / "media-1.jsonl")
    totals = attach_pending.fn(intake, db)
    assert (totals.received, totals.attached, totals.already) == (2, 0, 2)


def test_update_register_recomputes_every_risk_under_the_rules_in_force(prefect_harness,
                                                                        tmp_path, monkeypatch):
    import dataclasses

    from pipeline.model import RiskLevel
    from pipeline.register import store
    from pipeline.register.scoring import load_scoring

    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    intake = tmp_path / "intake"
    signals = [ExternalSignal(EvidenceKind.COMPLAINT, f"complaint:{n}", "акимат города Алматы",
                              "KZ", "permits", ("inaction",), "Заявка не исполнена",
                              f"file:{n}",
                              dt.date(2026, 5, n)) for n in (1, 2)]
    write_jsonl([to_record(s) for s in signals], intake / "pending" / "c.jsonl")
    first = update_register(db_url=db, intake_dir=intake)
    details = dict(first.details)
    assert (details["Пересчитано рисков"], details["Изменено при пересчёте"]) == ("1", "0")
    [entry] = Register(db).entries()
    assert entry.level is RiskLevel.MEDIUM

    # rules/risk_scoring.yaml edited: every level of impact 2 is now high
    rule = load_scoring()
    stricter = dataclasses.replace(rule, id="scoring.stricter",
                                   matrix={**rule.matrix, 2: (RiskLevel.HIGH,) * 3})
    monkeypatch.setattr(store, "load_scoring", lambda: stricter)
    second = update_register(db_url=db, intake_dir=intake)
    assert (second.documents, dict(second.details)["Изменено при пересчёте"]) == (0, "1")
    [entry] = Register(db).entries()
    assert entry.level is RiskLevel.HIGH and entry.scoring_rule.startswith("scoring.stricter")
    assert dict(second.details)["уровень «высокий»"] == "1"
    third = update_register(db_url=db, intake_dir=intake)
    assert dict(third.details)["Изменено при пересчёте"] == "0"
