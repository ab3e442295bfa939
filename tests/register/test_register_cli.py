"""``taza register list / show / set / summary / export / import`` on a stored act."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export.register_docs import REGISTER_EXPORTS

RUNNER = CliRunner()


@pytest.fixture
def url(register, analysis):
    register.store_analysis(*analysis)
    return register.url


def run(*args: str) -> str:
    result = RUNNER.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def fail(*args: str) -> str:
    result = RUNNER.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    return result.output


def test_list_with_filters(url, register):
    out = run("register", "list", "--db", url)
    assert "Уровень" in out and "Направление" in out and "Всего / total: 2" in out
    assert "Государственная" in out and "высокий" in out and "средний" in out
    assert "Всего / total: 1" in run("register", "list", "--db", url, "--level", "высокий")
    assert "Всего / total: 2" in run("register", "list", "--db", url, "--body", "дума",
                                     "--area", "property_land", "--status", "identified")
    assert "Рисков не найдено" in run("register", "list", "--db", url, "--overdue")
    assert "Рисков не найдено" in run("register", "list", "--db", url, "--body", "акимат")
    result = RUNNER.invoke(app, ["register", "list", "--db", url, "--level", "critical"])
    assert result.exit_code == 2 and "high (высокий)" in result.output


def test_show_set_and_history(url, register):
    entry = register.entries()[0]
    out = run("register", "set", str(entry.id), "status=assessed",
              "responsible=Отдел земельных отношений", "--author", "Осмонова Б.", "--db", url)
    assert "Изменено полей / fields changed: 2" in out
    out = run("register", "show", str(entry.id), "--db", url)
    assert f"Риск № {entry.id}" in out
    assert "Ответственные исполнители: Отдел земельных отношений" in out
    assert "Статус: оценен" in out and "Предлагаемые меры:" in out
    assert "Подтверждения (2 актуальных из 2):" in out
    assert "Осмонова Б.  status: «identified» → «assessed»" in out
    out = fail("register", "set", str(entry.id), "status=monitored", "--db", url)
    assert "[R001]" in out and "«оценен» в «на мониторинге» недопустим" in out
    assert "[R003] риск № 99 не найден" in fail("register", "show", "99", "--db", url)


def test_summary(url):
    out = run("register", "summary", "--db", url)
    assert "Управление государственным имуществом, землей и" in out
    assert "Статус меры" in out and "Просрочено мер / overdue: 0" in out
    total = next(line for line in out.splitlines() if line.startswith("Всего"))
    assert total.split()[1:] == ["1", "1", "0", "2"]


def test_export_then_import(url, register, tmp_path):
    out = run("register", "export", str(tmp_path), "--db", url)
    assert all(str(tmp_path / name) in out for name in REGISTER_EXPORTS.values())
    path = tmp_path / REGISTER_EXPORTS["register_xlsx"]
    workbook = load_workbook(path)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    sheet.cell(2, headers.index("Срок завершения") + 1, dt.datetime(2027, 1, 15))
    workbook.save(path)
    out = run("register", "import", str(path), "--author", "Иманалиев Т.", "--db", url)
    assert "deadline:" in out and "2027-01-15" in out
    assert "Изменено полей / fields changed: 1" in out
    entry = register.entries()[0]
    assert entry.deadline == dt.date(2027, 1, 15)
    assert register.entry_history(entry.id)[-1].actor == "Иманалиев Т."
    assert "файл не найден" in fail("register", "import", str(tmp_path / "нет.xlsx"),
                                    "--db", url)
