"""Score predictions against gold: one-to-one matching per field, P/R/F1, optional items neutral."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from .arabic import CLITICS, fold

MATCH_THRESHOLD = 0.5


def _strip_clitic(word: str) -> str:
    for c in ["لل", *sorted(CLITICS, key=len, reverse=True)]:
        if word.startswith(c) and len(word) - len(c) >= 3:
            rest = word[len(c):]
            return ("ال" + rest) if c == "لل" else rest  # ل + ال is written لل
    return word


def name_key(text: str) -> str:
    return " ".join(_strip_clitic(w) if i == 0 else w for i, w in enumerate(fold(text).split()))


def name_similarity(a: str, b: str) -> float:
    """1.0 same name (Arabic variants, clitics); 0.8 a short form of the other; else 0."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    wa, wb = ka.split(), kb.split()
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    n = len(short)
    if any(long_[i:i + n] == short for i in range(len(long_) - n + 1)) and len("".join(short)) >= 3:
        return 0.8
    return 0.0


def _tokens(text: str) -> set[str]:
    return set(name_key(text).split())


def overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / max(1, min(len(ta), len(tb)))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: "Accuracy") -> None:
        self.right += other.right
        self.total += other.total

    def value(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


def match(preds: list, golds: list, sim) -> list[tuple[int, int]]:
    """Hungarian one-to-one matching on similarity; pairs under the threshold are dropped.

    A prediction that fits a required and an optional gold item goes to the required one:
    optional items only absorb what is left (otherwise a right answer could be made neutral).
    """
    if not preds or not golds:
        return []
    m = np.array([[sim(p, g) for g in golds] for p in preds])
    bonus = np.array([1.0 if g.get("required", True) else 0.0 for g in golds])
    rows, cols = linear_sum_assignment(-(m + (m >= MATCH_THRESHOLD) * bonus))
    return [(r, c) for r, c in zip(rows, cols) if m[r, c] >= MATCH_THRESHOLD]


def _count(preds: list, golds: list, pairs: list[tuple[int, int]]) -> Counts:
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    c = Counts()
    for p, g in pairs:
        if golds[g]["required"]:
            c.tp += 1  # a match to an optional item is neutral
    c.fp = len(preds) - len(matched_p)
    c.fn = sum(1 for i, g in enumerate(golds) if g["required"] and i not in matched_g)
    return c


@dataclass
class ArticleScore:
    id: str
    actors: Counts = field(default_factory=Counts)
    agreements: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    actor_type: Accuracy = field(default_factory=Accuracy)
    agreement_kind: Accuracy = field(default_factory=Accuracy)
    agreement_status: Accuracy = field(default_factory=Accuracy)
    agreement_parties: Accuracy = field(default_factory=Accuracy)
    agreement_date: Accuracy = field(default_factory=Accuracy)
    date_value: Accuracy = field(default_factory=Accuracy)
    ungrounded: int = 0


def _actor_sim(pred: dict, gold: dict) -> float:
    forms = [gold["name"], *gold.get("aliases", [])]
    return max(name_similarity(pred["name"], f) for f in forms)


@dataclass
class Alignment:
    """Which predicted item matched which gold item, per field (indices into the lists)."""

    actors: list[tuple[int, int]]
    dates: list[tuple[int, int]]
    agreements: list[tuple[int, int]]
    p_dates: list[dict]  # the predicted dates, one per distinct (text, value): what the dates pairs index
    gold_of_pred_actor: dict[str, str]  # predicted actor id -> gold actor name


def _agreement_sim(gold_of_pred_actor: dict[str, str]):
    def sim(p: dict, g: dict) -> float:
        ev = overlap(p["evidence"]["text"], g["evidence"])
        parties = {gold_of_pred_actor.get(x) for x in p["parties"]} - {None}
        jacc = len(parties & set(g["parties"])) / max(1, len(parties | set(g["parties"])))
        return 0.6 * ev + 0.25 * (p["kind"] == g["kind"]) + 0.15 * jacc

    return sim


def align(pred: dict, gold: dict) -> Alignment:
    p_actors, g_actors = pred.get("actors", []), gold["actors"]
    pairs = match(p_actors, g_actors, _actor_sim)
    gold_of_pred_actor = {p_actors[p]["id"]: g_actors[g]["name"] for p, g in pairs}
    # the gold lists each distinct date text once; repeated mentions of it count once
    p_dates = list({(fold(d["text"]), d.get("value")): d for d in reversed(pred.get("dates", []))}.values())[::-1]
    dpairs = match(p_dates, gold["dates"], lambda p, g: 1.0 if fold(p["text"]) == fold(g["text"])
                   else 0.6 * (fold(g["text"]) in fold(p["text"]) or fold(p["text"]) in fold(g["text"])))
    apairs = match(pred.get("agreements", []), gold["agreements"], _agreement_sim(gold_of_pred_actor))
    return Alignment(pairs, dpairs, apairs, p_dates, gold_of_pred_actor)


def score_article(pred: dict, gold: dict, article: str) -> ArticleScore:
    s = ArticleScore(gold["id"])
    al = align(pred, gold)
    p_actors, g_actors = pred.get("actors", []), gold["actors"]
    s.actors = _count(p_actors, g_actors, al.actors)
    gold_of_pred_actor = al.gold_of_pred_actor
    for p, g in al.actors:
        s.actor_type.add(p_actors[p]["type"] == g_actors[g]["type"])

    dates_by_id = {d["id"]: d for d in pred.get("dates", [])}
    p_dates, g_dates = al.p_dates, gold["dates"]
    s.dates = _count(p_dates, g_dates, al.dates)
    for p, g in al.dates:
        s.date_value.add(p_dates[p].get("value") == g_dates[g]["value"])

    p_agr, g_agr = pred.get("agreements", []), gold["agreements"]
    s.agreements = _count(p_agr, g_agr, al.agreements)
    for p, g in al.agreements:
        pa, ga = p_agr[p], g_agr[g]
        s.agreement_kind.add(pa["kind"] == ga["kind"])
        s.agreement_status.add(pa["status"] == ga["status"])
        s.agreement_parties.add({gold_of_pred_actor.get(x) for x in pa["parties"]} == set(ga["parties"]))
        pd = dates_by_id.get(pa.get("date") or "", {}).get("value") if pa.get("date") else None
        gd = ga["date"]["value"] if ga.get("date") else None
        s.agreement_date.add(pd == gd)
    s.ungrounded = _ungrounded(pred, article)
    return s


def _ungrounded(pred: dict, article: str) -> int:
    bad = 0
    for a in pred.get("actors", []):
        bad += a["name"] not in article
        bad += sum(article[m["start"]:m["end"]] != m["text"] for m in a.get("mentions", []))
    for g in pred.get("agreements", []):
        e = g["evidence"]
        bad += article[e["start"]:e["end"]] != e["text"]
    for d in pred.get("dates", []):
        bad += article[d["start"]:d["end"]] != d["text"]
    return bad


FIELDS = ("actors", "agreements", "dates")
ACCURACIES = ("actor_type", "agreement_kind", "agreement_status", "agreement_parties", "agreement_date", "date_value")


def summarize(scores: list[ArticleScore]) -> dict:
    total: dict = {f: Counts() for f in FIELDS}
    acc: dict = {a: Accuracy() for a in ACCURACIES}
    for s in scores:
        for f in FIELDS:
            total[f].add(getattr(s, f))
        for a in ACCURACIES:
            acc[a].merge(getattr(s, a))
    return {
        **{f: total[f].prf() for f in FIELDS},
        "accuracy": {a: acc[a].value() for a in ACCURACIES},
        "ungrounded": sum(s.ungrounded for s in scores),
    }
