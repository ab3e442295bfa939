"""Agreement of a second, independent annotator with the gold corpora: the human ceiling.

``draw`` picks a reproducible sample of TEST items of one corpus and writes what an annotator
needs to read (texts, no labels) to ``.state/agreement/<corpus>/input.jsonl``; the repository
keeps only the drawn ids (``corpora/<corpus>/agreement/ids.txt``), since the complaint and
Tengrinews texts state no licence. A second annotator labels the sample blind, under the same
guidelines, into ``corpora/<corpus>/agreement/second.jsonl`` (ids and labels, the gold
format; complaint and media evidence as offsets into the text, never the words). ``score`` then scores the second annotator against the gold labels exactly as the
system is scored, and, given ``--system`` (the system's labels of the same items in the same
format), the system beside it::

    python corpora/tools/agreement.py draw factors
    python corpora/tools/agreement.py system factors     # the system's labels of the sample
    python corpora/tools/agreement.py score factors [--system .state/agreement/factors/system.jsonl]

Samples (seed 2031): factors — every test clause with a gold label plus random test clauses
without one, 200 in all (negatives are under-sampled, so precision here is higher than on the
whole split for annotator and system alike); complaints — 150 random test appeals; media —
every test signal of Telegram and Tengrinews, 5 + 5 Golunov articles, and random Telegram
(fraud-only included) and Tengrinews negatives, 110 in all.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.scores import Scores  # noqa: E402

SEED = 2031
STATE = REPO / ".state" / "agreement"
FACTOR_SAMPLE = 200
COMPLAINT_SAMPLE = 150
MEDIA_SAMPLE = 110
MEDIA_GOLUNOV = 5          # per class


def folder(corpus: str) -> Path:
    return REPO / "corpora" / corpus / "agreement"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- draws -----------------------------------------------------------------------------------

def draw_factors(rng: random.Random) -> list[dict]:
    gold = [r for r in read_jsonl(REPO / "corpora" / "factors" / "gold.jsonl") if r["split"] == "test"]
    positive = [r for r in gold if r["labels"]]
    negative = [r for r in gold if not r["labels"]]
    rng.shuffle(negative)
    sample = positive + negative[:max(0, FACTOR_SAMPLE - len(positive))]
    rng.shuffle(sample)
    return [{k: r[k] for k in ("id", "source", "article", "number", "text", "checked")} for r in sample]


def draw_complaints(rng: random.Random) -> list[dict]:
    from pipeline.complaints.corpus import read_jsonl as read_appeals, texts_path

    labels = [r for r in read_jsonl(REPO / "corpora" / "complaints" / "labels.jsonl") if r["split"] == "test"]
    ids = sorted(str(r["id"]) for r in labels)
    rng.shuffle(ids)
    chosen = set(ids[:COMPLAINT_SAMPLE])
    keep = ("id", "district", "city_object", "category", "reason", "text")
    records = {str(r["id"]): {k: r.get(k) for k in keep} for r in read_appeals(texts_path())}
    return [records[i] for i in ids if i in chosen]


def draw_media(rng: random.Random) -> list[dict]:
    from pipeline.media.corpus import load_items

    labels = [r for r in read_jsonl(REPO / "corpora" / "media" / "labels.jsonl") if r["split"] == "test"]
    golunov = {flag: [r["id"] for r in labels if r["set"] == "golunov" and r["is_signal"] == flag]
               for flag in (True, False)}
    chosen = [r["id"] for r in labels if r["set"] != "golunov" and r["is_signal"]]
    for flag in (True, False):
        pool = sorted(golunov[flag])
        rng.shuffle(pool)
        chosen += pool[:MEDIA_GOLUNOV]
    negatives = sorted(r["id"] for r in labels if r["set"] != "golunov" and not r["is_signal"])
    rng.shuffle(negatives)
    chosen += negatives[:max(0, MEDIA_SAMPLE - len(chosen))]
    rng.shuffle(chosen)
    items = load_items()
    return [{"id": i, "source": items[i].source, "published": items[i].published,
             "title": items[i].title, "text": items[i].text} for i in chosen]


DRAWS: dict[str, Callable[[random.Random], list[dict]]] = {
    "factors": draw_factors, "complaints": draw_complaints, "media": draw_media}


def draw(corpus: str) -> Path:
    sample = DRAWS[corpus](random.Random(SEED))
    out = STATE / corpus / "input.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), encoding="utf-8")
    folder(corpus).mkdir(parents=True, exist_ok=True)
    (folder(corpus) / "ids.txt").write_text("".join(f"{r['id']}\n" for r in sample), encoding="utf-8")
    return out


# --- the system's labels of the same items ----------------------------------------------------

def system_labels(corpus: str) -> Path:
    """The system's labels of the drawn items, through its stable interfaces, in the gold format
    (``.state/agreement/<corpus>/system.jsonl``)."""
    source = STATE / corpus / "input.jsonl"
    out = STATE / corpus / "system.jsonl"
    records = read_jsonl(source)
    if corpus == "factors":
        from pipeline.analyze import Analyzer
        from pipeline.evaluate import predict_in_context

        found = predict_in_context(records, Analyzer())
        rows = [{"id": r["id"], "labels": [{"factor": f.factor, "evidence": f.evidence} for f in fs
                                           if f.factor in r["checked"]]}
                for r, fs in zip(records, found)]
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return out
    taza = str(Path(sys.executable).with_name("taza"))
    plain = STATE / corpus / "system_input.jsonl"
    keep = (("id", "text", "city_object", "category", "reason") if corpus == "complaints"
            else ("id", "title", "text", "published"))
    plain.write_text("".join(json.dumps({k: str(r[k]) if k == "id" else r[k] for k in keep if r.get(k)},
                                        ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    command = [taza, corpus, "classify" if corpus == "complaints" else "scan", str(plain), "--out", str(out)]
    subprocess.run(command, check=True, cwd=REPO)
    return out


# --- scores ----------------------------------------------------------------------------------

def prf(gold: Sequence[set[str]], other: Sequence[set[str]], label: str) -> Scores:
    tp = sum(label in g and label in o for g, o in zip(gold, other))
    fp = sum(label not in g and label in o for g, o in zip(gold, other))
    fn = sum(label in g and label not in o for g, o in zip(gold, other))
    return Scores(tp, fp, fn)


def kappa(gold: Sequence[str | None], other: Sequence[str | None]) -> float:
    """Cohen's kappa of two single-label annotations."""
    n = len(gold)
    observed = sum(g == o for g, o in zip(gold, other)) / n
    labels = set(gold) | set(other)
    expected = sum((sum(g == x for g in gold) / n) * (sum(o == x for o in other) / n) for x in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def macro_f1(gold: Sequence[str | None], other: Sequence[str | None]) -> float:
    classes = {x for x in gold if x is not None} | {x for x in other if x is not None}
    return sum(prf([{g} for g in gold], [{o} for o in other], c).f1 for c in classes) / len(classes)


def _one(label: str | None) -> set[str]:
    """A single label as a set; an abstention (null, "needs review") is the empty set."""
    return {label} if label else set()


def label_sets(corpus: str, record: dict) -> dict[str, set[str]]:
    """The label sets of one record: task → set of label ids."""
    if corpus == "factors":
        return {"factors": {x["factor"] for x in record["labels"]}}
    if corpus == "complaints":
        return {"function_area": _one(record["function_area"]), "sector": _one(record["sector"]),
                "signals": {s["signal"] if isinstance(s, dict) else s for s in record["signals"]}}
    return {"is_signal": {"signal"} if record["is_signal"] else set(),
            "event_types": set(record["event_types"])}


def compare(corpus: str, gold: list[dict], other: list[dict]) -> dict[str, dict]:
    """Scores of ``other`` against ``gold`` on the same ids (gold order)."""
    tasks: dict[str, dict] = {}
    g_sets = [label_sets(corpus, r) for r in gold]
    o_sets = [label_sets(corpus, r) for r in other]
    for task in g_sets[0]:
        g = [s[task] for s in g_sets]
        o = [s[task] for s in o_sets]
        labels = sorted(set().union(*g, *o))
        per = {x: prf(g, o, x) for x in labels}
        micro = Scores(sum(s.tp for s in per.values()), sum(s.fp for s in per.values()),
                       sum(s.fn for s in per.values()))
        block: dict = {"per_label": {x: s.as_dict() for x, s in per.items()}, "micro": micro.as_dict()}
        if task in ("function_area", "sector"):
            gs = [next(iter(x), None) for x in g]
            os_ = [next(iter(x), None) for x in o]
            block["macro_f1"] = round(macro_f1(gs, os_), 3)
            block["kappa"] = round(kappa(gs, os_), 3)
        else:
            block["macro_f1"] = round(sum(s.f1 for s in per.values()) / len(per), 3) if per else 0.0
        tasks[task] = block
    return tasks


def aligned(path: Path, ids: list[str]) -> list[dict]:
    by_id = {str(r["id"]): r for r in read_jsonl(path)}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise SystemExit(f"{path}: нет разметки для {len(missing)} id, например {missing[:3]}")
    return [by_id[i] for i in ids]


def score(corpus: str, second: Path, system: Path | None) -> dict:
    ids = [line for line in (folder(corpus) / "ids.txt").read_text(encoding="utf-8").splitlines() if line]
    gold_file = {"factors": REPO / "corpora" / "factors" / "gold.jsonl",
                 "complaints": REPO / "corpora" / "complaints" / "labels.jsonl",
                 "media": REPO / "corpora" / "media" / "labels.jsonl"}[corpus]
    labelled = {str(r["id"]) for r in read_jsonl(second)}
    ids = [i for i in ids if i in labelled]          # a partial annotation is scored on its items
    result = _scores(corpus, gold_file, ids, second, system)
    # the guidelines decide some sampled items by id (hard cases recorded while the gold was
    # made): an annotator who follows them agrees by construction, so those are also left out
    named = guideline_ids(corpus, ids)
    rest = [i for i in ids if i not in named]
    result["named_in_guidelines"] = len(named)
    if rest and named:
        result["not_named"] = _scores(corpus, gold_file, rest, second, system)
    return result


def _scores(corpus: str, gold_file: Path, ids: list[str], second: Path, system: Path | None) -> dict:
    gold = aligned(gold_file, ids)
    result = {"corpus": corpus, "items": len(ids), "second_annotator": compare(corpus, gold, aligned(second, ids))}
    if system:
        result["system"] = compare(corpus, gold, aligned(system, ids))
    return result


def guideline_ids(corpus: str, ids: list[str]) -> set[str]:
    """The sampled ids that the corpus's guidelines name (as whole tokens)."""
    path = REPO / "corpora" / ("GUIDELINES.md" if corpus == "factors" else f"{corpus}/GUIDELINES.md")
    tokens = set(re.findall(r"[\w.:-]+", path.read_text(encoding="utf-8")))
    tokens |= {t.rstrip(".:-") for t in tokens}
    return {i for i in ids if i in tokens}


def render(result: dict) -> str:
    lines = [f"Согласие второго аннотатора с эталоном / agreement with gold: {result['corpus']}, "
             f"{result['items']} items (test split)"]
    who = [k for k in ("second_annotator", "system") if k in result]
    names = {"second_annotator": "annotator 2", "system": "system"}
    for task, block in result["second_annotator"].items():
        lines.append(f"\n{task}")
        header = f"{'label':28}" + "".join(f"{names[w]:>24}" for w in who)
        lines.append(header + "\n" + " " * 28 + "".join(f"{'P     R     F1':>24}" for _ in who))
        for label in sorted(set().union(*(result[w][task]["per_label"] for w in who))):
            row = f"{label:28}"
            for w in who:
                s = result[w][task]["per_label"].get(label, {"precision": 0, "recall": 0, "f1": 0})
                row += f"{s['precision']:>12.3f}{s['recall']:>6.3f}{s['f1']:>6.3f}"
            lines.append(row)
        for key in ("micro",):
            row = f"{key:28}"
            for w in who:
                s = result[w][task][key]
                row += f"{s['precision']:>12.3f}{s['recall']:>6.3f}{s['f1']:>6.3f}"
            lines.append(row)
        for key in ("macro_f1", "kappa"):
            if key in block:
                lines.append(f"{key:28}" + "".join(f"{result[w][task][key]:>24.3f}" for w in who))
    if "not_named" in result:
        rest = result["not_named"]
        lines.append(f"\nБез {result['named_in_guidelines']} единиц, названных в инструкции по разметке / without the "
                     f"{result['named_in_guidelines']} items the guidelines name ({rest['items']} items):")
        for task, block in rest["second_annotator"].items():
            row = f"  {task:26}"
            for w in who:
                b = rest[w][task]
                row += f"  {names[w]}: micro F1 {b['micro']['f1']:.3f}, macro F1 {b['macro_f1']:.3f}"
            lines.append(row)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("corpus", choices=sorted(DRAWS))
    y = sub.add_parser("system")
    y.add_argument("corpus", choices=sorted(DRAWS))
    s = sub.add_parser("score")
    s.add_argument("corpus", choices=sorted(DRAWS))
    s.add_argument("--second", type=Path)
    s.add_argument("--system", type=Path)
    s.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.command == "draw":
        print(draw(args.corpus))
        return 0
    if args.command == "system":
        print(system_labels(args.corpus))
        return 0
    result = score(args.corpus, args.second or folder(args.corpus) / "second.jsonl", args.system)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
