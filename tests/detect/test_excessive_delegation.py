"""excessive_delegation on real clauses of ../shared/data/acts: who receives the delegation
and what is delegated decide."""
from __future__ import annotations

import pytest

from pipeline.model import Address, Clause

FACTOR = "excessive_delegation"

# (clause, expected evidence, where it comes from)
CASES = [
    ("3. Порядок сдачи квалификационных экзаменов и выдачи водительских удостоверений, а также "
     "удостоверений тракториста-машиниста устанавливается Кабинетом Министров Кыргызской "
     "Республики.",
     ["устанавливается Кабинетом Министров Кыргызской Республики"],
     "Закон КР о дорожном движении, ст. 27 — a procedure towards persons"),
    ("1. Права на земельные участки, предусмотренные главами III и IV настоящего Кодекса, "
     "возникают по основаниям, установленным гражданским законодательством, федеральными "
     "законами, и подлежат государственной регистрации в соответствии с Федеральным законом \"О "
     "государственной регистрации недвижимости\".",
     [], "ЗК РФ, ст. 25 — a reference to laws, not to the executive"),
    ("13. Снос самовольной постройки или ее приведение в соответствие с установленными "
     "требованиями осуществляется органом местного самоуправления поселения, муниципального "
     "округа, городского округа по месту нахождения самовольной постройки или в случае, если "
     "самовольная постройка расположена на межселенной территории, органом местного "
     "самоуправления муниципального района в следующих случаях:",
     [], "ГрК РФ, ст. 55.32 — «установленными требованиями» and a body acting: no delegation"),
    ("2) с использованием цифровых топографических карт, цифровых топографических планов, "
     "требования к которым устанавливаются уполномоченным федеральным органом исполнительной "
     "власти.",
     [], "ГрК РФ, ст. 41.1 — technical requirements to maps"),
    # Round 5 (dev): interaction of bodies, state control, one case with a court to appeal to
    ("6. Порядок взаимодействия органов государственного земельного надзора с органами, "
     "осуществляющими муниципальный земельный контроль, устанавливается Правительством "
     "Российской Федерации.", [], "ЗК РФ, ст. 72 п. 6 — interaction of bodies"),
    ("8. Порядок проведения строительного контроля устанавливается Правительством Российской "
     "Федерации.", [], "ГрК РФ, ст. 53 ч. 8 — construction control"),
    ("2. Размер убытков определяется уполномоченным органом, а в случае несогласия собственника "
     "земельного участка или землепользователя - судом.", [], "ЗК КР, ст. 57 ч. 2 — with a court"),
]


@pytest.mark.parametrize(("text", "spans", "source"), CASES, ids=[c[2][:40] for c in CASES])
def test_delegation_to_the_executive(analyzer, text, spans, source):
    found = analyzer.analyze_clauses([Clause(Address(article="1"), 0, len(text), text)])[0]
    assert [f.evidence for f in found if f.factor == FACTOR] == spans, source


def test_lead_in_without_a_delegated_amount_is_not_flagged(analyzer):
    # «… устанавливается:» flags only when a procedure, list or amount is delegated.
    text = ("Публичный сервитут в отношении земельных участков и (или) земель для их использования "
            "в целях, предусмотренных статьей 39.37 настоящего Кодекса (далее также в настоящей "
            "главе - публичный сервитут), устанавливается:")
    found = analyzer.analyze_clauses([Clause(Address(article="39.38"), 0, len(text), text)])[0]
    assert not [f for f in found if f.factor == FACTOR]
