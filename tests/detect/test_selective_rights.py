"""selective_rights on real clauses of ../shared/data/acts: an exception with or without criteria."""
from __future__ import annotations

import pytest

from pipeline.model import Address, Clause

FACTOR = "selective_rights"

CASES = [
    ("Изъятие земель, занятых особо охраняемыми природными территориями и историко-культурными "
     "объектами, для нужд, не соответствующих их целевому назначению, допускается в "
     "исключительных случаях по решению Правительства Кыргызской Республики.",
     ["исключительных случаях"], "ЗК КР, ст. 71 — by a decision of the Government"),
    ("2. Земли общего пользования населенных пунктов не предоставляются в собственность. В "
     "исключительных случаях они могут быть предоставлены уполномоченным органом в срочное "
     "(временное) пользование физическим и юридическим лицам на условиях аренды сроком до пяти "
     "лет за исключением случаев, предусмотренных пунктом 4 настоящей статьи.",
     ["исключительных случаях"], "ЗК КР, ст. 78 ч. 2 — an exception granted by a body"),
    ("Изъятие земельных участков для государственных или муниципальных нужд осуществляется в "
     "исключительных случаях по основаниям, связанным с:", [],
     "ЗК РФ, ст. 49 — the grounds are listed"),
    ("3. В собственность муниципальных образований для обеспечения их развития могут "
     "безвозмездно передаваться земли, находящиеся в собственности субъектов Российской "
     "Федерации, в том числе за пределами границ муниципальных образований.", [],
     "ЗК РФ, ст. 19 ч. 3 — a transfer between public owners"),
]


@pytest.mark.parametrize(("text", "spans", "source"), CASES, ids=[c[2][:40] for c in CASES])
def test_exception_or_not(analyzer, text, spans, source):
    found = analyzer.analyze_clauses([Clause(Address(article="1"), 0, len(text), text)])[0]
    assert [f.evidence for f in found if f.factor == FACTOR] == spans, source
