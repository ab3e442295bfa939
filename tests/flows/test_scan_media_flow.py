"""scan_media over the bundled media sample, under the session's Prefect server."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

from flows.scan_media import scan_media
from pipeline.model import EvidenceKind
from pipeline.register import Register

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "media" / "sample"


def test_scan_media_finds_signals_and_attaches_them_once(prefect_harness, tmp_path):
    inbox = tmp_path / "media" / "RU"
    inbox.mkdir(parents=True)
    with (SAMPLE / "telegram_posts.jsonl").open(encoding="utf-8") as source, \
            (inbox / "telegram.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, 24))
    (inbox / "broken.json").write_text("[{\"id\": ", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    intake = tmp_path / "intake"

    report = scan_media(tmp_path / "media", db_url=db, intake_dir=intake)
    assert report.documents == 24 and 0 < report.findings <= 24
    assert len(report.errors) == 1 and "broken.json" in report.errors[0]
    results = [json.loads(line) for line in
               (intake / "media").glob("telegram-*.jsonl").__next__().read_text(
                   encoding="utf-8").splitlines()]
    assert len(results) == 24 and {"id", "is_signal", "bodies"} <= results[0].keys()
    evidence = [e for entry in Register(db).entries() for e in entry.evidence]
    attached = int(dict(report.details)["Добавлено в реестр"])
    assert len(evidence) == attached == int(dict(report.details)["Подтверждений для реестра"])
    assert {e.kind for e in evidence} <= {EvidenceKind.MEDIA}

    again = scan_media(tmp_path / "media", db_url=db, intake_dir=intake)
    assert again.documents == 0 and again.skipped == 2 and again.new_risks == 0
