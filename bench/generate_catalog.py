"""Generate a deterministic synthetic catalog for benchmarks.

    python bench/generate_catalog.py N OUT_DIR [--seed 7] [--defects 0.3] [--only specs,jsonl,labels] [--varied]

writes, for N products (the same products in every shape):

* ``OUT_DIR/specs/<shard>/P000001.json``: one product spec per file (1,000 per shard folder);
* ``OUT_DIR/catalog.jsonl``: the same specs, one per line;
* ``OUT_DIR/labels/<shard>/P000001.txt``: the same products as label text;
* ``OUT_DIR/expected.json``: how many products carry each planted defect.

About ``--defects`` of the products carry one planted defect, spread evenly over
DK101 (vitamin D above 2,000 IU a day without K2), DK110 (vitamin K without an
anticoagulant warning), DK120 (MK-7 at 1 mg or more: mg written for mcg) and
DK301 (a structure/function claim without the DSHEA disclaimer). The same seed
always gives the same files.

``--varied`` gives the same products and planted defects with per-product prose
(brand, name, claims, warnings, directions, other ingredients, sources, a
distributor line; ``bench/varied_prose.py``), so that almost no text repeats;
``OUT_DIR/expected.json`` then also counts the distinct texts of each field.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from varied_prose import vary

DEFECTS = ("DK101", "DK110", "DK120", "DK301")
D_DOSES = ((10, 400), (25, 1000), (50, 2000))  # mcg, IU: at or below 2,000 IU a day
D_HIGH = ((62.5, 2500), (125, 5000), (250, 10000))
FORMS = ("softgel", "capsule", "tablet")
CLAIMS = ("Supports bone health", "Supports healthy immune function", "Helps maintain strong bones",
          "Supports cardiovascular health")
DISCLAIMER = ("These statements have not been evaluated by the Food and Drug Administration. This product is "
              "not intended to diagnose, treat, cure, or prevent any disease.")
ANTICOAGULANT = "If you take anticoagulant medication such as warfarin, consult your physician before use."
KEEP = "Keep out of reach of children."


def product(index: int, rng: random.Random, defect: str | None) -> dict:
    """One product spec; ``defect`` is the one planted problem, or None."""
    form = rng.choice(FORMS)
    high_d = defect == "DK101" or rng.random() < 0.5
    mcg, iu = rng.choice(D_HIGH if high_d else D_DOSES)
    ingredients = [{"name": "Vitamin D3", "source": "cholecalciferol", "amount": mcg, "unit": "mcg",
                    "alt_amounts": [{"amount": iu, "unit": "IU"}], "dv_percent": round(mcg / 20 * 100)}]
    with_k2 = defect in ("DK110", "DK120") or (defect != "DK101" and (high_d or rng.random() < 0.4))
    if with_k2:
        amount, unit = (rng.choice((1, 2, 5)), "mg") if defect == "DK120" else (rng.choice((45, 90, 100, 120, 180)), "mcg")
        ingredients.append({"name": "Vitamin K2", "source": "menaquinone-7", "form": "MK-7", "amount": amount,
                            "unit": unit, "dv_percent": round(amount * (1 if unit == "mcg" else 1000) / 120 * 100)})
    warnings = [KEEP] if defect == "DK110" or not with_k2 else [ANTICOAGULANT, KEEP]
    if mcg >= 100:  # above the upper limit: the label advises a clinician (no DK103 noise)
        warnings.append("Consult your healthcare provider before use if you are pregnant or nursing.")
    spec = {
        "spec_version": "1", "id": f"P{index:06d}", "name": f"Vitamin D3 {iu} IU{' + K2' if with_k2 else ''}",
        "brand": rng.choice(("Example Labs", "Northwind", "Contoso Health")), "market": "US", "form": form,
        "serving": {"size": 1, "unit": form, "servings_per_container": 60, "servings_per_day": 1},
        "ingredients": ingredients, "other_ingredients": ["extra virgin olive oil", "gelatin"],
        "directions": f"Take 1 {form} daily with a meal containing fat.", "warnings": warnings,
        "claims": [{"text": rng.choice(CLAIMS), "symbol": "*"}],
    }
    if defect != "DK301":
        spec["disclaimer"] = {"text": DISCLAIMER, "symbol": "*"}
    return spec


def label_text(spec: dict) -> str:
    """The product as a person would paste it from the package."""
    serving = spec["serving"]
    lines = [f"{spec['brand']}", spec["name"]] if "x-distributor" in spec else []
    lines += ["Supplement Facts", f"Serving Size: {serving['size']} {serving['unit'].title()}",
             f"Servings Per Container: {serving['servings_per_container']}", "Amount Per Serving   % Daily Value"]
    for ing in spec["ingredients"]:
        alt = "".join(f" ({a['amount']:,} {a['unit']})" for a in ing.get("alt_amounts", ()))
        source = f" (as {ing['source']})" if ing.get("source") else ""
        form = f" {ing['form']}" if ing.get("form") and ing["form"] not in ing["name"] else ""
        lines.append(f"{ing['name']}{source}{form} {ing['amount']:g} {ing['unit']}{alt} {ing['dv_percent']}%")
    lines.append("Other ingredients: " + ", ".join(spec["other_ingredients"]) + ".")
    lines.append("Directions: " + spec["directions"])
    lines.extend("Warning: " + w for w in spec["warnings"])
    lines.extend(c["text"] + "." + c.get("symbol", "") for c in spec["claims"])
    if "disclaimer" in spec:
        lines.append("*" + spec["disclaimer"]["text"])
    if "x-distributor" in spec:
        lines.append(spec["x-distributor"])
    return "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 7, defects: float = 0.3, shapes=("specs", "jsonl", "labels"),
             varied: bool = False) -> dict:
    """Write the catalog; return the count of each planted defect."""
    rng = random.Random(seed)
    # A second generator for the prose: the varied catalog has the same products and defects as the default one
    prose_rng = random.Random(f"prose-{seed}")
    distinct: dict[str, set] = {}
    totals: dict[str, int] = {}
    planted = {code: 0 for code in DEFECTS}
    out.mkdir(parents=True, exist_ok=True)
    jsonl = open(out / "catalog.jsonl", "w", encoding="utf-8") if "jsonl" in shapes else None
    for index in range(1, count + 1):
        defect = DEFECTS[index % len(DEFECTS)] if rng.random() < defects else None
        if defect:
            planted[defect] += 1
        spec = product(index, rng, defect)
        if varied:
            vary(spec, prose_rng)
        _count_texts(spec, distinct, totals)
        shard = f"{(index - 1) // 1000:04d}"
        if "specs" in shapes:
            _write(out / "specs" / shard / f"P{index:06d}.json", json.dumps(spec, indent=2, ensure_ascii=False) + "\n")
        if "labels" in shapes:
            _write(out / "labels" / shard / f"P{index:06d}.txt", label_text(spec))
        if jsonl:
            jsonl.write(json.dumps(spec, ensure_ascii=False) + "\n")
    if jsonl:
        jsonl.close()
    texts = {field: f"{len(values)} of {totals[field]}" for field, values in distinct.items()}
    summary = {"products": count, "varied": varied, "planted": planted, "distinct_texts": texts}
    (out / "expected.json").write_text(json.dumps(summary, indent=2) + "\n")
    return planted


def _count_texts(spec: dict, distinct: dict[str, set], totals: dict[str, int]) -> None:
    """Note each prose field's texts, to report how much the catalog repeats itself."""
    fields = {"name": [spec["name"]], "brand": [spec["brand"]], "directions": [spec["directions"]],
              "warnings": spec["warnings"], "claims": [c["text"] for c in spec["claims"]],
              "other_ingredients": [", ".join(spec["other_ingredients"])],
              "ingredient rows": [json.dumps(i, sort_keys=True) for i in spec["ingredients"]]}
    for field, values in fields.items():
        distinct.setdefault(field, set()).update(values)
        totals[field] = totals.get(field, 0) + len(values)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--defects", type=float, default=0.3)
    parser.add_argument("--only", default="specs,jsonl,labels", help="comma-separated shapes to write")
    parser.add_argument("--varied", action="store_true", help="per-product prose: almost no text repeats")
    args = parser.parse_args()
    planted = generate(args.count, args.out, args.seed, args.defects, tuple(args.only.split(",")), args.varied)
    texts = json.loads((args.out / "expected.json").read_text())["distinct_texts"]
    print(f"{args.count} products in {args.out}; planted defects: {planted}; distinct texts: {texts}")


if __name__ == "__main__":
    main()
