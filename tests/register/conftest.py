"""Fixtures of the register tests: a small catalogue and an analysed act of ZK RF."""
from __future__ import annotations

import itertools
import os

import pytest
from pg_server import PostgresNotFound, PostgresServer
from zk_rf import build_act, find, make_document

from pipeline.catalogue import Catalogue, Factor
from pipeline.model import Clause
from pipeline.register import Register

SKIP_ENV = "TAZA_SKIP_POSTGRES"
SERVER_TIMEZONE = "Asia/Almaty"  # UTC+5: a timestamp that is not converted shows it
_databases = itertools.count()


def _factor(fid: str, title: str, severity: str, substantive: bool = False) -> Factor:
    return Factor(fid, title, None, None, f"Определение: {title}", {"RU": "п. 3 Методики"},
                  severity, substantive, f"Есть ли в акте «{title}»?",
                  f"Устранить фактор «{title}».", ("Внести изменения в акт",))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    factors = [
        _factor("no_competition", "Отсутствие или неполнота конкурсных процедур", "high"),
        _factor("broad_discretion", "Широта дискреционных полномочий", "medium"),
        _factor("missing_deadline", "Отсутствие сроков административных процедур", "low"),
        _factor("legal_gap", "Правовой пробел", "high", substantive=True),
        _factor("collision", "Коллизия норм", "medium", substantive=True),
    ]
    return Catalogue(1, {f.id: f for f in factors})


@pytest.fixture(scope="session")
def act() -> tuple[str, list[Clause]]:
    return build_act()


@pytest.fixture
def analysis(act, tmp_path):
    """(document, clauses, findings) of articles 39.16-39.17 ZK RF."""
    text, clauses = act
    document = make_document(text, str(tmp_path / "zk-rf-39.txt"),
                             title="Земельный кодекс Российской Федерации",
                             number="N 136-ФЗ", issuing_body="Государственная Дума")
    findings = [
        find(text, clauses, "без проведения торгов", "no_competition", "no_competition.torgi"),
        find(text, clauses, "совершает одно из следующих действий", "broad_discretion",
             "broad_discretion.one_of"),
        find(text, clauses, "без проведения торгов", "no_competition", "no_competition.torgi",
             occurrence=2),
    ]
    return document, clauses, findings


@pytest.fixture(scope="session")
def pg_server():
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the PostgreSQL tests of the register are skipped")
    try:
        server = PostgresServer.start({"timezone": SERVER_TIMEZONE})
    except PostgresNotFound as error:
        missing = str(error)
    else:
        missing = None
    if missing:
        pytest.fail(f"no PostgreSQL server to test the register on: {missing}", pytrace=False)
    with server:
        yield server


@pytest.fixture
def pg_url(pg_server):
    """URL of a new, empty database on the session's server."""
    name = f"register_{next(_databases)}"
    yield pg_server.create_database(name)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request, tmp_path, catalogue):
    """The same register scenarios on SQLite and on a real PostgreSQL server.

    Without PostgreSQL binaries the postgresql cases fail, naming the install script;
    TAZA_SKIP_POSTGRES=1 skips them on purpose.
    """
    url = (f"sqlite:///{tmp_path}/r.sqlite" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    with Register(url, catalogue=catalogue) as reg:
        yield reg
