"""Russian wording of the register's values, shared by every export format."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.catalogue import Catalogue
from pipeline.errors import RuleError
from pipeline.model import DocumentKind, Jurisdiction, RiskCategory, RiskLevel, RiskStatus
from pipeline.register import Register

# Categories and levels as named in the Kyrgyz methodological guide (seed 001).
CATEGORY = {
    RiskCategory.SYSTEMIC: "системный (реальный)",
    RiskCategory.POTENTIAL: "потенциальный",
    RiskCategory.SITUATIONAL: "ситуационный",
}
LEVEL = {RiskLevel.LOW: "низкий", RiskLevel.MEDIUM: "средний", RiskLevel.HIGH: "высокий"}
STATUS = {
    RiskStatus.IDENTIFIED: "выявлен",
    RiskStatus.ASSESSED: "оценен",
    RiskStatus.MEASURE_PLANNED: "мера запланирована",
    RiskStatus.IN_PROGRESS: "исполняется",
    RiskStatus.DONE: "исполнено",
    RiskStatus.MONITORED: "на мониторинге",
    RiskStatus.REJECTED: "отклонен",
}
KIND = {
    DocumentKind.ACT: "нормативный правовой акт",
    DocumentKind.INTERNAL_ACT: "внутренний документ",
    DocumentKind.MEDIA: "публикация в СМИ",
    DocumentKind.COMPLAINT: "обращение",
}
JURISDICTION = {
    Jurisdiction.KZ: "Республика Казахстан",
    Jurisdiction.KG: "Кыргызская Республика",
    Jurisdiction.RU: "Российская Федерация",
    Jurisdiction.UNKNOWN: "не определена",
}
LANGUAGE = {"ru": "русский", "kk": "казахский", "ky": "кыргызский"}


def agency(multi_agency: bool) -> str:
    return "межведомственный" if multi_agency else "ведомственный"


def language(code: str) -> str:
    return LANGUAGE.get(code, code)


def date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def moment(value: dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M UTC") if value else ""


def confidence(value: float) -> str:
    return f"{round(value * 100)} %"


def document_name(title: str | None, source: str) -> str:
    return title or Path(source).name


def deadline(value: dt.date | None, working_days: int | None) -> str:
    if value:
        return date(value)
    if working_days:
        return f"{working_days} раб. дн."
    return ""


def catalogue_or_none(register: Register) -> Catalogue | None:
    """The register's catalogue, or None while rules/factors.yaml is missing or broken.

    An export must not fail for want of titles: factor ids are shown instead.
    """
    try:
        return register.catalogue
    except (RuleError, OSError):
        return None


def factor_title(catalogue: Catalogue | None, factor_id: str | None) -> str:
    if not factor_id:
        return ""
    factor = catalogue.factors.get(factor_id) if catalogue else None
    return factor.title_ru if factor else factor_id


def signal_title(signal_id: str) -> str:
    """Russian title of a complaint signal or a media event type (rules/taxonomy.yaml)."""
    from pipeline.complaints.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    entry = taxonomy.signals.get(signal_id) or taxonomy.media_event_types.get(signal_id)
    return entry.title_ru if entry else signal_id
