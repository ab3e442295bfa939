"""Real excerpts shared by the references tests (a module with a unique name: every test
folder has its own conftest)."""
from __future__ import annotations

from pathlib import Path

ACTS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "acts"
ZK_RF = ACTS / "ru-codes-legalacts-ru" / "ZK-RF.txt"
GRK_RF = ACTS / "ru-codes-legalacts-ru" / "Gradostroitelnyi-Kodeks-RF.txt"


def zk_excerpt(first: str = "39.15", stop: str = "39.18") -> str:
    """Articles ``first`` … before ``stop`` of ZK RF, header blocks included (real text)."""
    text = ZK_RF.read_text(encoding="utf-8")
    start = text.rindex("[chapter_number]", 0, text.index(f"[article_number] {first}"))
    end = text.rindex("[chapter_number]", 0, text.index(f"[article_number] {stop}"))
    return text[start:end]


# ZK RF, art. 39.17 p. 5 gives twenty days; the by-law below (a regulation in the manner of
# the administrative regulations) copies the sentence with thirty days and cites the article.
BYLAW = """I. Общие положения
1. Настоящий Административный регламент определяет порядок предоставления земельных участков в соответствии со статьей 39.17 Земельного кодекса Российской Федерации.
II. Сроки
2. В срок не более чем тридцать дней со дня поступления заявления о предоставлении земельного участка уполномоченный орган рассматривает поступившее заявление, проверяет наличие или отсутствие оснований, предусмотренных статьей 39.16 Земельного кодекса Российской Федерации, и по результатам указанных рассмотрения и проверки совершает одно из следующих действий.
"""


KG_LAND = Path(__file__).resolve().parents[2] / "corpora" / "sample" / "zemelnyi_kodeks_kg.txt"


def kg_land_excerpt(first: str = "93", stop: str = "95") -> str:
    """Articles ``first`` … before ``stop`` of the KG Land Code (bundled sample, real text)."""
    text = KG_LAND.read_text(encoding="utf-8")
    return text[text.index(f"Статья {first}."):text.index(f"Статья {stop}.")]


def zk_article(number: str) -> str:
    """One article of ZK RF with its header block (real text)."""
    text = ZK_RF.read_text(encoding="utf-8")
    at = text.index(f"[article_number] {number}\n")
    start = text.rindex("[chapter_number]", 0, at)
    end = text.index("[chapter_number]", at + 1)
    return text[start:end]


# ЗК КР, ст. 93 п. 2 gives the order of the reserve lands to the Government; this position
# of a ministry (constructed, the wording of the code) gives it to the ministry.
KG_BODY_BYLAW = """Положение о землях запаса
1. Настоящее Положение разработано в соответствии со статьей 93 Земельного кодекса Кыргызской Республики.
2. Порядок формирования и использования земель запаса утверждается Министерством сельского хозяйства Кыргызской Республики.
"""

# ЗК РФ, ст. 39.15 п. 2: what is attached to an application for preliminary approval. The
# regulation copies the list (real wording) and adds a tax certificate (item 4).
EXTRA_BYLAW = """Административный регламент предоставления муниципальной услуги «Предварительное согласование предоставления земельного участка»
I. Общие положения
1. Настоящий Административный регламент определяет порядок предварительного согласования предоставления земельного участка в соответствии со статьей 39.15 Земельного кодекса Российской Федерации.
II. Документы
2. К заявлению о предварительном согласовании предоставления земельного участка прилагаются:
1) документы, подтверждающие право заявителя на приобретение земельного участка без проведения торгов;
2) схема расположения земельного участка в случае, если испрашиваемый земельный участок предстоит образовать и отсутствует проект межевания территории;
3) документ, подтверждающий полномочия представителя заявителя, в случае, если с заявлением о предварительном согласовании предоставления земельного участка обращается представитель заявителя;
4) справка налогового органа об отсутствии задолженности по уплате земельного налога;
5) заверенный перевод на русский язык документов о государственной регистрации юридического лица в соответствии с законодательством иностранного государства в случае, если заявителем является иностранное юридическое лицо.
"""
