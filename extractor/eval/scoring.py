"""Score predictions against gold: one-to-one matching per field, P/R/F1, optional items neutral.

Beside the fields, what an analyst reads in a record: the agreement–actor links (parties,
mediators) through the actor matching, whole records right, and actors per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..text.arabic import CLITICS, fold

MATCH_THRESHOLD = 0.5


def _strip_clitic(word: str) -> str:
    for c in ["لل", *sorted(CLITICS, key=len, reverse=True)]:
        if word.startswith(c) and len(word) - len(c) >= 3:
            rest = word[len(c) :]
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
    if any(long_[i : i + n] == short for i in range(len(long_) - n + 1)) and len("".join(short)) >= 3:
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

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: Accuracy) -> None:
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
    return [(r, c) for r, c in zip(rows, cols, strict=False) if m[r, c] >= MATCH_THRESHOLD]


def _count(preds: list, golds: list, pairs: list[tuple[int, int]]) -> Counts:
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    c = Counts()
    for _, g in pairs:
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
    party_links: Counts = field(default_factory=Counts)
    mediator_links: Counts = field(default_factory=Counts)
    actors_by_type: dict[str, Counts] = field(default_factory=dict)
    whole_record: Accuracy = field(default_factory=Accuracy)
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
    dpairs = match(
        p_dates,
        gold["dates"],
        lambda p, g: 1.0
        if fold(p["text"]) == fold(g["text"])
        else 0.6 * (fold(g["text"]) in fold(p["text"]) or fold(p["text"]) in fold(g["text"])),
    )
    apairs = match(pred.get("agreements", []), gold["agreements"], _agreement_sim(gold_of_pred_actor))
    return Alignment(pairs, dpairs, apairs, p_dates, gold_of_pred_actor)


def score_article(pred: dict, gold: dict, article: str) -> ArticleScore:
    s = ArticleScore(gold["id"])
    al = align(pred, gold)
    p_actors, g_actors = pred.get("actors", []), gold["actors"]
    pairs = al.actors
    s.actors = _count(p_actors, g_actors, pairs)
    s.actors_by_type = _count_by_type(p_actors, g_actors, pairs)
    gold_of_pred_actor = al.gold_of_pred_actor
    actor_required = {a["name"]: a.get("required", True) for a in g_actors}
    for p, g in pairs:
        s.actor_type.add(p_actors[p]["type"] == g_actors[g]["type"])

    dates_by_id = {d["id"]: d for d in pred.get("dates", [])}
    p_dates, g_dates = al.p_dates, gold["dates"]
    s.dates = _count(p_dates, g_dates, al.dates)
    for p, g in al.dates:
        s.date_value.add(p_dates[p].get("value") == g_dates[g]["value"])

    p_agr, g_agr = pred.get("agreements", []), gold["agreements"]
    apairs = al.agreements
    s.agreements = _count(p_agr, g_agr, apairs)
    for p, g in apairs:
        pa, ga = p_agr[p], g_agr[g]
        s.agreement_kind.add(pa["kind"] == ga["kind"])
        s.agreement_status.add(pa["status"] == ga["status"])
        s.agreement_parties.add(_same_actors(pa["parties"], ga["parties"], gold_of_pred_actor, actor_required))
        pd = dates_by_id.get(pa.get("date") or "", {}).get("value") if pa.get("date") else None
        gd = ga["date"]["value"] if ga.get("date") else None
        s.agreement_date.add(pd == gd)
    for role, counts in (("parties", s.party_links), ("mediators", s.mediator_links)):
        counts.add(_count_links(role, p_agr, g_agr, apairs, gold_of_pred_actor, actor_required))
    pred_of_gold = {g: p_agr[p] for p, g in apairs}
    for g, ga in enumerate(g_agr):
        if ga.get("required", True):
            pa = pred_of_gold.get(g)
            s.whole_record.add(
                pa is not None
                and pa["kind"] == ga["kind"]
                and pa["status"] == ga["status"]
                and _same_actors(pa["parties"], ga["parties"], gold_of_pred_actor, actor_required)
            )
    s.ungrounded = _ungrounded(pred, article)
    return s


def _count_by_type(preds: list, golds: list, pairs: list[tuple[int, int]]) -> dict[str, Counts]:
    """Actor counts per type: a match counts under its gold type, an extra prediction under its own type."""
    by_type: dict[str, Counts] = {}

    def of(kind: str) -> Counts:
        return by_type.setdefault(kind, Counts())

    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    for _, g in pairs:
        if golds[g].get("required", True):
            of(golds[g]["type"]).tp += 1
    for i, p in enumerate(preds):
        if i not in matched_p:
            of(p.get("type") or "unknown").fp += 1
    for i, g in enumerate(golds):
        if g.get("required", True) and i not in matched_g:
            of(g["type"]).fn += 1
    return by_type


def _same_actors(pred_ids: list, gold_names: list, gold_of: dict, required: dict) -> bool:
    """The predicted actors are the gold ones, through the actor matching.

    A predicted actor not matched to gold, or matched to one outside the gold list, makes it wrong;
    a gold actor that is itself optional may be there or not (neutral, as everywhere else).
    """
    got = {gold_of.get(x, ("unmatched", x)) for x in pred_ids}
    need = {n for n in gold_names if required.get(n, True)}
    return need <= got <= set(gold_names)


def _count_links(
    role: str, p_agr: list, g_agr: list, apairs: list[tuple[int, int]], gold_of: dict, required: dict
) -> Counts:
    """Agreement–actor links of one role (parties or mediators), each counted once.

    A predicted link is right when its agreement is matched to a gold agreement and its actor is
    matched to a gold actor of that role there. Links of an agreement matched to an optional gold
    agreement are neutral, and so is a gold link to an optional actor; links of a predicted
    agreement that matches no gold one are wrong, and links of a missed gold agreement are missed.
    """
    c = Counts()
    gold_of_pred = dict(apairs)
    found: dict[int, set] = {}
    for p, pa in enumerate(p_agr):
        g = gold_of_pred.get(p)
        if g is not None and not g_agr[g].get("required", True):
            continue
        gold_names = set(g_agr[g][role]) if g is not None else set()
        for x in dict.fromkeys(pa[role]):  # an actor listed twice is one link
            name = gold_of.get(x)
            if name in gold_names:
                if required.get(name, True):  # a link to an optional gold actor is neutral
                    c.tp += 1
                found.setdefault(g, set()).add(name)
            else:
                c.fp += 1
    for g, ga in enumerate(g_agr):
        if ga.get("required", True):
            c.fn += sum(1 for n in set(ga[role]) if required.get(n, True) and n not in found.get(g, set()))
    return c


def _ungrounded(pred: dict, article: str) -> int:
    bad = 0
    for a in pred.get("actors", []):
        bad += a["name"] not in article
        bad += sum(article[m["start"] : m["end"]] != m["text"] for m in a.get("mentions", []))
    for g in pred.get("agreements", []):
        e = g["evidence"]
        bad += article[e["start"] : e["end"]] != e["text"]
    for d in pred.get("dates", []):
        bad += article[d["start"] : d["end"]] != d["text"]
    return bad


FIELDS = ("actors", "agreements", "dates")
ACCURACIES = ("actor_type", "agreement_kind", "agreement_status", "agreement_parties", "agreement_date", "date_value")


LINKS = ("party_links", "mediator_links")


def summarize(scores: list[ArticleScore]) -> dict:
    total: dict = {f: Counts() for f in (*FIELDS, *LINKS)}
    acc: dict = {a: Accuracy() for a in ACCURACIES}
    by_type: dict[str, Counts] = {}
    whole = Accuracy()
    for s in scores:
        for f in (*FIELDS, *LINKS):
            total[f].add(getattr(s, f))
        for a in ACCURACIES:
            acc[a].merge(getattr(s, a))
        for kind, c in s.actors_by_type.items():
            by_type.setdefault(kind, Counts()).add(c)
        whole.merge(s.whole_record)
    return {
        **{f: total[f].prf() for f in FIELDS},
        # required gold agreements found with kind, status and parties all right
        "whole_record": {"right": whole.right, "total": whole.total, "recall": whole.value()},
        **{f: total[f].prf() for f in LINKS},
        "accuracy": {a: acc[a].value() for a in ACCURACIES},
        "actors_by_type": {k: by_type[k].prf() for k in sorted(by_type)},
        "ungrounded": sum(s.ungrounded for s in scores),
    }
