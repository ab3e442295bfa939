"""Coded errors: every failure names the file and the reason, in Russian and English."""
from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    E001_NOT_FOUND = "E001"
    E002_UNSUPPORTED_TYPE = "E002"
    E003_EMPTY = "E003"
    E004_CORRUPT = "E004"
    E005_ENCRYPTED = "E005"
    E006_ENCODING = "E006"
    E007_TOO_LARGE = "E007"
    E008_NO_TEXT = "E008"
    E009_MALFORMED = "E009"
    E010_RULES = "E010"


_MESSAGES = {
    ErrorCode.E001_NOT_FOUND: "файл не найден / file not found",
    ErrorCode.E002_UNSUPPORTED_TYPE: "неподдерживаемый тип файла / unsupported file type",
    ErrorCode.E003_EMPTY: "пустой файл / empty file",
    ErrorCode.E004_CORRUPT: "файл повреждён / corrupt file",
    ErrorCode.E005_ENCRYPTED: "файл зашифрован или защищён паролем / encrypted or password-protected file",
    ErrorCode.E006_ENCODING: "не удалось определить кодировку / unreadable text encoding",
    ErrorCode.E007_TOO_LARGE: "файл слишком большой / file too large",
    ErrorCode.E008_NO_TEXT: "в файле нет текстового слоя / no text layer (scanned?)",
    ErrorCode.E009_MALFORMED: "неверная структура данных / malformed data",
    ErrorCode.E010_RULES: "ошибка в файле правил / invalid rule file",
}


class TazaError(Exception):
    """Base error; ``str()`` gives «[E004] path: файл повреждён / corrupt file (detail)»."""

    def __init__(self, code: ErrorCode, path: str, detail: str = "") -> None:
        self.code = code
        self.path = str(path)
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        tail = f" ({self.detail})" if self.detail else ""
        return f"[{self.code.value}] {self.path}: {_MESSAGES[self.code]}{tail}"


class IngestError(TazaError):
    """A file could not be read; the batch goes on without it."""


class RuleError(TazaError):
    """A rule file in rules/ breaks the schema."""
