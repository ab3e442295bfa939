"""Real acts from ../shared and hand-made PDFs for the ingestion tests.

A plain module (not conftest) so that test files can import it by a name no other test
folder uses.
"""
from __future__ import annotations

import hashlib
import struct
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ACTS = SHARED / "data" / "acts"
CIVIL_CODE_PDF = ACTS / "kg-civil-code-minjust" / "civil_code_part1.pdf"
LAND_CODE_KG = ACTS / "kg-laws-txt" / "zemelnyi_kodeks_kg.txt"
ROAD_LAW_KG = ACTS / "kg-laws-txt" / "zakon_o_dorozhnom_dvizhenii_kg.txt"
LAND_CODE_RF = ACTS / "ru-codes-legalacts-ru" / "ZK-RF.txt"
URBAN_CODE_RF = ACTS / "ru-codes-legalacts-ru" / "Gradostroitelnyi-Kodeks-RF.txt"
ADILET_JSONL = ACTS / "kz-adilet-anticorruption-law" / "ocorrupt_articles_1-8.jsonl"
RU_GOV = ACTS / "ru-gov-texts-plainrussian"


def land_code_clause(number: int = 1) -> str:
    """Text of «Статья N.» of the Kyrgyz Land Code up to the next article."""
    text = LAND_CODE_KG.read_text(encoding="utf-8")
    start = text.index(f"Статья {number}.")
    end = text.index(f"Статья {number + 1}.", start)
    return text[start:end].strip()


# --- hand-made PDFs ---------------------------------------------------------------------------
# Tiny PDFs written byte by byte, so that each broken case is exactly the one under test.

def pdf_bytes(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, trailer_extra, xref))
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def one_page_pdf(content: bytes, encrypt: bytes = b"", extra_objects=()) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    return pdf_bytes(objects, encrypt)


def no_text_pdf() -> bytes:
    """One page with a drawn rectangle and no text: a scan without OCR looks the same."""
    return one_page_pdf(b"0 0 1 RG 4 w 100 500 300 200 re S")


def zero_page_pdf() -> bytes:
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [] /Count 0 >>"])


def text_pdf(text: str = "Article 1. Scope") -> bytes:
    return one_page_pdf(b"BT /F1 14 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1"))


# Standard security handler, revision 2 (RC4, 40 bits): PDF 1.7 (ISO 32000-1) 7.6.3.
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: str, owner_password: str = "owner",
                  text: str = "Secret clause") -> bytes:
    """A one-page PDF encrypted with RC4-40; opening it needs ``user_password``."""
    def padded(password: str) -> bytes:
        return (password.encode("latin-1") + _PAD)[:32]

    file_id = hashlib.md5(b"taza-test").digest()
    permissions = -44
    owner = _rc4(hashlib.md5(padded(owner_password)).digest()[:5], padded(user_password))
    key = hashlib.md5(padded(user_password) + owner + struct.pack("<i", permissions)
                      + file_id).digest()[:5]
    user = _rc4(key, _PAD)
    content = b"BT /F1 14 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\x00\x00").digest()[:10]
    objects_content = _rc4(object_key, content)
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <"
               + user.hex().encode() + b"> /P %d >>" % permissions)
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode())
    return one_page_pdf(objects_content, trailer, extra_objects=[encrypt])
