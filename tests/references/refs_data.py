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
