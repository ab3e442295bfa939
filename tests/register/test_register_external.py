"""Complaints and media publications as evidence of the register's risks."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import export
from pipeline.export.register_forms import SHEET_SIGNALS
from pipeline.model import EvidenceKind, RiskLevel
from pipeline.register import Register
from pipeline.register.external import REVIEW_NOTE, ExternalSignal

REPO = Path(__file__).resolve().parents[2]
APPEALS = REPO.parent / "shared" / "data" / "complaints" / "spb-appeals-nash-spb" / "appeals_dev.jsonl"


def _complaint(n: int, body: str, area: str, signals=("inaction",), day=dt.date(2021, 2, 1),
               jurisdiction="RU") -> ExternalSignal:
    return ExternalSignal(EvidenceKind.COMPLAINT, f"complaint:{n}", body, jurisdiction, area,
                          tuple(signals), f"Обращение {n}: заявки не исполняются", f"file:{n}",
                          day)


def test_a_complaint_about_a_body_joins_the_risk_found_in_its_act(register, analysis):
    register.store_analysis(*analysis)
    # the oldest act risk of the body in the area takes the signal
    before = register.entries()[0]
    report = register.attach_external([
        _complaint(1, "Государственная  дума", before.function_area)])
    assert (report.attached, report.new_entries) == (1, [])
    after = register.entry(before.id)
    kinds = [e.kind for e in after.evidence]
    assert kinds.count(EvidenceKind.COMPLAINT) == 1
    # another kind of source raises the probability one step (rules/risk_scoring.yaml)
    assert after.probability == before.probability + 1
    assert "иных видов источников: 1" in after.scoring_rule
    assert after.risk.endswith("подтверждается на практике: обращений — 1")
    assert "evidence_added" in [r.action for r in register.entry_history(before.id)]


def test_signals_without_an_act_open_their_own_risk_once(tmp_path):
    with Register(f"sqlite:///{tmp_path}/r.sqlite") as register:
        first = register.attach_external([
            _complaint(1, "Акимат города Алматы", "permits", ("bribe_extortion",),
                       jurisdiction="KZ"),
            _complaint(2, "акимат  города «Алматы»", "permits", jurisdiction="KZ"),
        ])
        assert (first.attached, len(first.new_entries)) == (2, 1)
        entry = register.entries()[0]
        assert entry.merge_key == "KZ|акимат города алматы|signals|permits"
        assert entry.factor is None
        assert entry.risk.startswith("Сигналы о коррупционных проявлениях (обращений — 2)")
        assert "Вымогательство" in entry.risk or "взятк" in entry.risk.lower()
        # a bribe demand is a grave signal: high impact
        assert entry.impact == 3 and entry.level is RiskLevel.HIGH
        assert entry.deadline is not None
        again = register.attach_external([_complaint(1, "Акимат города Алматы", "permits",
                                                     jurisdiction="KZ")])
        assert (again.attached, again.already, again.new_entries) == (0, 1, [])
        assert len(register.entries()) == 1
        assert len(register.entries()[0].evidence) == 2


def test_a_body_with_repeated_signals_is_raised_for_review_once(tmp_path):
    with Register(f"sqlite:///{tmp_path}/r.sqlite") as register:
        threshold = register.scoring.review_after_signals
        items = [_complaint(n, "ГКУ Жилищное агентство", "public_services")
                 for n in range(threshold - 1)]
        assert register.attach_external(items).raised_for_review == []
        media = ExternalSignal(EvidenceKind.MEDIA, "media:tg:x:1", "ГКУ Жилищное агентство",
                               "RU", "procurement_contracts", ("procurement_fraud",),
                               "Подрядчик агентства получил контракт без торгов", "https://t.me/x/1",
                               dt.date(2021, 5, 3))
        report = register.attach_external([media])
        assert len(report.raised_for_review) == 2     # both entries of the body
        for entry in register.entries():
            assert entry.note.startswith(f"{REVIEW_NOTE} об органе ({threshold})")
        more = register.attach_external([_complaint(99, "ГКУ Жилищное агентство",
                                                    "public_services")])
        assert more.raised_for_review == []           # already raised: note updated, no new audit
        actions = [r.action for r in register.audit_log("risk_entry")]
        assert actions.count("raised_for_review") == 2
        groups = register.body_signals()
        services = next(g for g in groups if g.function_area == "public_services")
        assert services.counts == {"complaint": threshold}
        assert services.by_quarter == {"2021-К1": {"complaint": threshold}}
        assert services.under_review


def test_exports_show_complaints_by_body_and_quarter(tmp_path):
    with Register(f"sqlite:///{tmp_path}/r.sqlite") as register:
        register.attach_external([
            _complaint(1, "Мэрия города Бишкек", "property_land", day=dt.date(2025, 1, 10),
                       jurisdiction="KG"),
            _complaint(2, "Мэрия города Бишкек", "property_land", day=dt.date(2025, 4, 2),
                       jurisdiction="KG"),
        ])
        path = export(register, "register_xlsx", tmp_path / "risk_register.xlsx")
    sheet = load_workbook(path)[SHEET_SIGNALS]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]]))
    assert row["Орган"] == "Мэрия города Бишкек"
    assert row["Обращений"] == 2 and row["Публикаций СМИ"] == 0
    assert row["2025-К1 (обр./СМИ)"] == "1/0" and row["2025-К2 (обр./СМИ)"] == "1/0"
    assert "Обращение 2" in row["Примеры"]


@pytest.mark.skipif(not APPEALS.is_file(), reason="../shared/data is not beside the project")
def test_intake_command_classifies_real_appeals_into_the_register(tmp_path):
    rows = [json.loads(line) for line in APPEALS.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if "бездейств" in r["text"].lower()][:6] + rows[:4]
    source = tmp_path / "appeals.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen),
                      encoding="utf-8")
    db = f"sqlite:///{tmp_path}/r.sqlite"
    out = tmp_path / "intake.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["complaints", "intake", str(source), "--jurisdiction", "RU",
                                 "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(chosen)
    with_signals = [r for r in records if r["signals"]]
    assert with_signals, "appeals that blame a body for inaction carry a signal"
    with Register(db) as register:
        evidence = [e for entry in register.entries() for e in entry.evidence]
        assert len(evidence) == len(with_signals)
        assert all(e.kind is EvidenceKind.COMPLAINT for e in evidence)
        bodies = {entry.body for entry in register.entries()}
        assert bodies <= {r["answer_org"] for r in chosen} | {"орган не установлен"}
    rerun = runner.invoke(app, ["complaints", "intake", str(source), "--jurisdiction", "RU",
                                "--db", db])
    assert rerun.exit_code == 0 and "добавлено 0" in rerun.output
    bad = runner.invoke(app, ["complaints", "intake", str(source), "--jurisdiction", "XX",
                              "--db", db])
    assert bad.exit_code != 0
