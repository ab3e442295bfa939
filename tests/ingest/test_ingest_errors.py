"""Every failure is an IngestError with its code and the file; a batch survives bad files."""
from __future__ import annotations

import docx
import pytest
from ingest_samples import ADILET_JSONL, encrypted_pdf, land_code_clause, no_text_pdf

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document, read_many, supported_suffixes
from pipeline.model import Document


def test_every_reader_is_registered():
    assert supported_suffixes() == (".docx", ".htm", ".html", ".jsonl", ".pdf", ".txt")


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html", ".jsonl"])
def test_empty_file_of_every_type(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.touch()
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E003_EMPTY
    assert str(err.value).startswith(f"[E003] {path}: ")


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(IngestError) as err:
        read_document(tmp_path / "absent.pdf")
    assert err.value.code is ErrorCode.E001_NOT_FOUND
    (tmp_path / "act.rtf").write_text("{\\rtf1 Статья 1.}")
    with pytest.raises(IngestError) as err:
        read_document(tmp_path / "act.rtf")
    assert err.value.code is ErrorCode.E002_UNSUPPORTED_TYPE


def _batch(folder):
    """Good and bad files side by side, named so that the sorted order mixes them."""
    clause = land_code_clause(6)
    (folder / "a_clause_cp1251.txt").write_bytes(clause.encode("cp1251"))
    (folder / "b_locked.pdf").write_bytes(encrypted_pdf(user_password="taza-secret"))
    document = docx.Document()
    for paragraph in clause.split("\n"):
        document.add_paragraph(paragraph)
    document.save(folder / "c_clause.docx")
    (folder / "d_garbage.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "e_law.jsonl").write_bytes(ADILET_JSONL.read_bytes())
    (folder / "f_scan.pdf").write_bytes(no_text_pdf())
    (folder / "g_broken.jsonl").write_text('{"article": "1", "text": "x"}\n{oops\n')
    (folder / "h_corrupt.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "notes.md").write_text("not an act")  # unsupported types are not collected
    return clause


def test_batch_keeps_going(tmp_path):
    clause = _batch(tmp_path)
    results = list(read_many([tmp_path]))
    names = [r.source if isinstance(r, Document) else r.path for r in results]
    assert [name.rsplit("/", 1)[1] for name in names] == [
        "a_clause_cp1251.txt", "b_locked.pdf", "c_clause.docx", "d_garbage.txt",
        "e_law.jsonl", "f_scan.pdf", "g_broken.jsonl", "h_corrupt.docx"]
    codes = [r.code if isinstance(r, IngestError) else None for r in results]
    assert codes == [None, ErrorCode.E005_ENCRYPTED, None, ErrorCode.E006_ENCODING, None,
                     ErrorCode.E008_NO_TEXT, ErrorCode.E009_MALFORMED, ErrorCode.E004_CORRUPT]
    good = [r for r in results if isinstance(r, Document)]
    assert good[0].text == clause.replace("\u00a0", " ").replace(" \n", "\n")
    assert good[1].text.startswith("Статья 6. Право на земельный участок")
    assert good[2].title == "О противодействии коррупции"


def test_batch_reports_a_missing_file_and_goes_on(tmp_path):
    _batch(tmp_path)
    results = list(read_many([tmp_path / "missing.txt", tmp_path / "a_clause_cp1251.txt"]))
    assert isinstance(results[0], IngestError)
    assert results[0].code is ErrorCode.E001_NOT_FOUND
    assert isinstance(results[1], Document)
