"""Cross-references and collisions of norms (issue 8).

    refs = extract_references(clause.text)           # mentions with their rule ids
    corpus = Corpus([Act.of(doc) for doc in documents])
    citations = cite(corpus.acts[0], corpus)         # resolved: resolved/repealed/missing/…
    collisions = all_collisions(corpus.acts, citations, corpus)

Modules: ``lexicon`` (rules/references.yaml), ``extract`` (mentions), ``outline`` (units of
an act, repealed ones, its «часть»/«пункт» convention), ``resolve`` (the citation graph),
``quantities`` (deadlines, amounts), ``subjects`` (procedure verb + object), ``collisions``,
``index`` (the register: migration 0004, search), ``report`` (side-by-side views),
``evaluate`` (``taza eval refs``), ``cli``.
"""
from pipeline.references.extract import extract_references
from pipeline.references.model import Citation, Quantity, Reference, Status, Target
from pipeline.references.quantities import extract_quantities
from pipeline.references.resolve import Act, Corpus, cite

__all__ = ["Act", "Citation", "Corpus", "Quantity", "Reference", "Status", "Target", "cite",
           "extract_quantities", "extract_references"]
