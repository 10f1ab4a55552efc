#!/usr/bin/env python3
"""Run the pipeline on a labeled dataset with an oracle engine: each question is answered from
the gold (the gold actors the prompt shows, the gold agreements on the offered choices), with no
model. A deterministic and realistic source of answers, to check that a refactor changes no
prediction in seconds (compare two runs with scripts/same_predictions.py). Never a score: the
answers are the gold's.

    python scripts/oracle_run.py seeds|devset OUT.jsonl
"""

import json
import sys
from types import SimpleNamespace

dataset, out_path = sys.argv[1:3]
from extractor.config import get_settings  # noqa: E402
from extractor.eval.evaluation import load_dataset  # noqa: E402
from extractor.pipeline import Extractor  # noqa: E402

examples = load_dataset(dataset)


class Oracle:
    model_name, backend = "oracle", "oracle"

    def count_tokens(self, text):
        return len(text) // 3

    def generate(self, messages, schema, max_new_tokens, deadline=None):
        prompt = messages[-1]["content"]
        props = schema["properties"]
        if "actors" in props:
            ex = max(
                examples,
                key=lambda e: sum(1 for a in e.gold["actors"] if a["name"] in prompt),
            )
            item = props["actors"]["items"]["properties"]
            types = item["type"]["enum"]
            acts = [
                {
                    "name": a["name"],
                    "type": a["type"] if a["type"] in types else types[0],
                }
                for a in ex.gold["actors"]
                if a["name"] in prompt
            ][: props["actors"]["maxItems"]]
            return SimpleNamespace(
                text=json.dumps({"actors": acts}, ensure_ascii=False),
                prompt_tokens=len(prompt) // 3,
                output_tokens=len(acts) * 10,
            )
        item = props["agreements"]["items"]["properties"]
        names = item["parties"].get("items", {}).get("enum", [])
        dates = (item["date"].get("anyOf") or [{}])[0].get("enum", [])
        sents = [line.split("] ", 1)[1] for line in prompt.splitlines() if line.startswith("[") and "] " in line]
        ex = max(examples, key=lambda e: sum(1 for s in sents if s in e.text))
        out = []
        for g in ex.gold["agreements"]:
            idx = next(
                (i + 1 for i, s in enumerate(sents) if g["evidence"][:30] in s or s[:30] in g["evidence"]),
                1,
            )
            out.append(
                {
                    "kind": g["kind"],
                    "status": g["status"],
                    "parties": [p for p in g["parties"] if p in names][:4],
                    "mediators": [m for m in g["mediators"] if m in names][:3],
                    "sentence": min(idx, item["sentence"]["maximum"]),
                    "date": (g["date"]["text"] if g.get("date") and g["date"]["text"] in dates else None)
                    if dates
                    else None,
                }
            )
        out = out[: props["agreements"]["maxItems"]]
        return SimpleNamespace(
            text=json.dumps({"agreements": out}, ensure_ascii=False),
            prompt_tokens=len(prompt) // 3,
            output_tokens=len(out) * 20,
        )


ex = Extractor(Oracle(), get_settings())
with open(out_path, "w", encoding="utf-8") as out:
    for e in examples:
        r = ex.extract(e.text, e.published, e.id)
        out.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
print("ok", len(examples))
