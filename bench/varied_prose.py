"""Per-product prose for the varied benchmark catalog (``generate_catalog.py --varied``).

The default catalog repeats a handful of warnings, directions and claims, so dklint's
per-text memos answer most of its questions from memory. Real catalogs repeat less: each
brand has its own boilerplate and each product its own marketing. ``vary`` rewrites the
prose of one product from pools large enough (hundreds of thousands of combinations per
field) that almost no text repeats, while keeping every fact the planted defects depend on:

* the claim stays a structure/function claim (claim verb before a body function), so a
  product without the disclaimer is still DK301, and no claim names a disease (no DK310);
* the anticoagulant warning always names an anticoagulant, and no other text does, so a
  product with vitamin K and without that warning is still DK110;
* the directions always say to take it with a meal or with fat (no DK140), and a product
  above 100 mcg of vitamin D still advises a clinician (no DK103);
* the ingredient rows keep their nutrients, amounts and units, only their sources vary.

Deterministic: everything comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import random

BRAND_HEADS = ("Northwind", "Bluehill", "Cedar", "Summit", "Harbor", "Meadow", "Silver", "Golden", "Pacific",
               "Prairie", "Aurora", "Willow", "Granite", "Evergreen", "Coastal", "Sunridge", "Oak", "River",
               "Highland", "Juniper", "Maple", "Crescent", "Lake", "Redwood", "Stone", "Clearwater", "Bright",
               "Pure", "True", "Vital", "Nova", "Terra", "Sol", "Luma", "Alpine", "Heritage", "Liberty", "Orchard",
               "Sage", "Wildflower")
BRAND_MIDS = ("", "field", "crest", "view", "gate", "wood", "brook", "mont")
BRAND_TAILS = ("Labs", "Naturals", "Health", "Nutrition", "Wellness", "Botanicals", "Essentials", "Vitamins",
               "Apothecary", "Organics", "Life", "Supply Co.", "Foods", "Science", "Nutraceuticals", "Co.",
               "Brands", "Collective", "Research", "Farms")
LINES = ("Sunshine", "Daily", "Max", "Ultra", "Essential", "Pure", "Advanced", "Complete", "Elite", "Core",
         "Everyday", "Select", "Prime", "Gold", "Active", "Balance", "Origin", "Vital", "Simple", "Classic")

CLAIM_VERBS = ("Supports", "Helps support", "Promotes", "Helps maintain", "Contributes to", "Nourishes",
               "Helps promote", "Supports healthy")
CLAIM_TARGETS = ("bone health", "strong bones", "bones and teeth", "immune function", "the immune system",
                 "cardiovascular health", "arterial flexibility", "calcium absorption", "calcium metabolism",
                 "muscle function", "teeth", "bone density", "skeletal strength", "heart health")
CLAIM_WHO = ("", " in adults", " as you age", " in active adults", " for men and women", " in adults over 50",
             " all year round", " through every season", " as part of a balanced diet", " when taken daily",
             " alongside regular exercise", " for the whole family")
TAIL_ADJECTIVES = ("clean", "gentle", "small-batch", "cold-processed", "carefully sourced", "award-winning",
                   "time-tested", "expert-formulated", "plant-forward", "lab-verified", "signature", "original",
                   "family-recipe", "premium", "traceable", "sustainably made", "handcrafted", "modern",
                   "bioavailable", "synergistic")
TAIL_NOUNS = ("formula", "blend", "recipe", "complex", "matrix", "softgel technology", "delivery system",
              "process", "design", "standard", "method", "approach")
MARKETING = ("Third-party tested for purity and potency", "Made in a GMP-certified facility",
             "Non-GMO and gluten free", "Free of artificial colors and flavors", "Sustainably sourced ingredients",
             "Crafted in small batches", "Trusted by families since {year}", "Formulated in {state}",
             "Independently verified for label accuracy", "No fillers, binders or preservatives",
             "Packaged in recyclable glass", "Batch {batch} released after lab review")

KEEP = ("Keep out of reach of children.", "Keep out of the reach of children.",
        "Keep this product out of reach of children.", "Keep this and all supplements out of reach of children.")
STORE = ("Store in a cool, dry place", "Store at room temperature", "Store tightly closed in a cool, dry place",
         "Store below 25 C", "Keep the bottle tightly closed", "Store in the original container")
STORE_FROM = ("", " away from direct sunlight", " away from heat and moisture", " away from light",
              " and protect from freezing")
SEAL = ("", " Do not use if the safety seal is broken or missing.", " Do not use if the seal under the cap is damaged.",
        " Do not use if the printed inner seal is torn.")
TAKE = ("If you take", "If you are taking", "If you use", "If you are using", "Anyone taking")
DRUG = ("an anticoagulant such as warfarin", "anticoagulant medication such as warfarin",
        "a blood thinner such as warfarin", "blood-thinning medication (for example warfarin)",
        "warfarin (Coumadin) or another anticoagulant", "an anticoagulant")
AFTER_ANTICOAGULANT = ("Vitamin K can change how these medicines work.", "Your INR may need to be checked.",
                      "Do not change your dose on your own.", "Tell your clinic you take vitamin K2.",
                      "Keep your vitamin K intake steady.", "This product contains {n} mcg of vitamin K2 per serving.",
                      "Discuss any change in supplements with your care team.",
                      "Allow {n} days between starting this product and your next INR test.",
                      "Do not start or stop this product within {n} days of surgery.")
AFTER_KEEP = ("Discontinue use if any adverse reaction occurs.", "Not for use by persons under {n}.",
              "Close the cap tightly after each use.", "Do not refrigerate.", "Softgels may stick together above {n} C.",
              "Natural color variation may occur.", "Contains no milk, eggs or peanuts.",
              "Bottle sealed for your protection.", "Use within {n} months of opening.",
              "Lot {n} made in a facility that also handles soy.", "Best before {n} months from manufacture.",
              "Do not use after the date on the bottom.", "Contains {n} servings; count may vary by weight.")
ASK = ("consult your physician", "talk to your doctor", "speak with your healthcare provider",
       "check with your pharmacist", "ask your doctor", "consult your healthcare professional")
WHEN = (" before use.", " before using this product.", " before taking this supplement.", " first.",
        " before you start.")
PREGNANT = ("pregnant or nursing", "pregnant, nursing or taking medication",
            "pregnant, breastfeeding or have a medical condition", "pregnant or planning a pregnancy",
            "nursing, pregnant or under 18")
DIRECT_START = ("Take", "Adults: take", "As a dietary supplement, take", "Adults take", "Take")
HOW_OFTEN = ("daily", "once daily", "each day", "once a day", "per day")
WITH_MEAL = ("with a meal containing fat", "with a meal", "with food", "with breakfast", "with your largest meal",
             "with dinner", "with a fat-containing meal", "with your morning meal", "with healthy fat")
DIRECT_TAIL = ("Swallow with water.", "Or use as directed by your healthcare professional.",
               "Do not take more than one {form} a day.", "Can be taken with other {brand} products.",
               "Store the bottle closed between uses.", "Skip a missed dose; do not double the next one.",
               "Allow {n} weeks for full benefit.", "Take at least {n} hours apart from a fiber supplement.", " Best taken in the morning.", " Best taken in the evening.",
               "For best results, use consistently for {n} days.", "Do not exceed the suggested use.",
               "Each bottle is a {count}-day supply.", "Swallow whole; do not chew.")
OILS = ("extra virgin olive oil", "organic olive oil", "MCT oil (from coconut)", "sunflower oil", "safflower oil",
        "organic coconut oil", "flaxseed oil")
SHELLS = ("gelatin", "bovine gelatin", "vegetable cellulose", "pullulan", "modified corn starch", "carrageenan")
EXTRAS = ("glycerin", "purified water", "rosemary extract", "mixed tocopherols", "sunflower lecithin", "beeswax",
          "rice flour", "silica", "annatto (color)", "carob", "microcrystalline cellulose", "caramel color",
          "vegetable stearate", "citric acid", "ascorbyl palmitate")
D_SOURCES = ("cholecalciferol", "cholecalciferol from lanolin", "cholecalciferol from lichen",
             "vegan cholecalciferol", "cholecalciferol from sheep's wool")
K_SOURCES = ("menaquinone-7", "menaquinone-7 from natto", "menaquinone-7 from chickpea", "all-trans menaquinone-7",
             "natural menaquinone-7")
CITIES = ("Portland", "Austin", "Boulder", "Madison", "Burlington", "Asheville", "Tucson", "Reno", "Boise",
          "Des Moines", "Omaha", "Raleigh", "Tampa", "Spokane", "Albany", "Lansing")
STATES = ("OR", "TX", "CO", "WI", "VT", "NC", "AZ", "NV", "ID", "IA", "NE", "FL", "WA", "NY", "MI", "UT")
STREETS = ("Main St", "Commerce Dr", "Industrial Pkwy", "Harbor Way", "Pine Ave", "Market St", "Park Blvd",
           "Enterprise Ct")
COUNTS = (30, 60, 90, 120, 180, 240, 365)


def brand_name(rng: random.Random) -> str:
    return f"{rng.choice(BRAND_HEADS)}{rng.choice(BRAND_MIDS)} {rng.choice(BRAND_TAILS)}"


def vary(spec: dict, rng: random.Random) -> dict:
    """Rewrite ``spec``'s prose in place (see the module docstring for what is kept) and return it."""
    brand = brand_name(rng)
    form = spec["form"]
    count = rng.choice(COUNTS)
    spec["brand"] = brand
    spec["name"] = f"{brand.split()[0]} {rng.choice(LINES)} {spec['name']}"
    spec["serving"]["servings_per_container"] = count
    for ingredient in spec["ingredients"]:
        ingredient["source"] = rng.choice(D_SOURCES if ingredient["name"].startswith("Vitamin D") else K_SOURCES)
    spec["directions"] = _directions(rng, form, count, brand)
    spec["warnings"] = [_warning(rng, text) for text in spec["warnings"]]
    spec["claims"] = [{"text": _claim(rng, brand), "symbol": "*"}]
    if rng.random() < 0.6:
        text = rng.choice(MARKETING).format(year=rng.randrange(1950, 2020), state=rng.choice(STATES),
                                            batch=f"{rng.randrange(10**5):05d}")
        spec["claims"].append({"text": f"{rng.choice((brand, brand.split()[0]))}: {text}"})
    oil = [rng.choice(OILS)] if form != "tablet" or rng.random() < 0.5 else []
    shell = [rng.choice(SHELLS)] if form != "tablet" else []
    spec["other_ingredients"] = oil + shell + rng.sample(EXTRAS, rng.randrange(0, 4))
    spec["x-distributor"] = (f"Distributed by {brand}, {rng.randrange(10, 9999)} {rng.choice(STREETS)}, "
                             f"{rng.choice(CITIES)}, {rng.choice(STATES)} {rng.randrange(10000, 99999)}.")
    return spec


def _claim(rng: random.Random, brand: str) -> str:
    maker = rng.choice(("our", f"{brand.split()[0]}'s", f"the {brand}"))
    tail = f" with {maker} {rng.choice(TAIL_ADJECTIVES)} {rng.choice(TAIL_NOUNS)}" if rng.random() < 0.8 else ""
    return f"{rng.choice(CLAIM_VERBS)} {rng.choice(CLAIM_TARGETS)}{rng.choice(CLAIM_WHO)}{tail}"


def _sentences(rng: random.Random, pool: tuple[str, ...], most: int, least: int = 0, **slots) -> str:
    """``least`` to ``most`` distinct sentences of ``pool``, each led by a space, ``{n}`` filled with a number."""
    picked = rng.sample(pool, rng.randint(least, most))
    return "".join(" " + text.format(n=rng.randrange(2, 100), **slots) for text in picked)


def _directions(rng: random.Random, form: str, count: int, brand: str) -> str:
    tail = _sentences(rng, DIRECT_TAIL, 2, 1, count=count, form=form, brand=brand)
    return f"{rng.choice(DIRECT_START)} 1 {form} {rng.choice(HOW_OFTEN)} {rng.choice(WITH_MEAL)}.{tail}"


def _warning(rng: random.Random, plain: str) -> str:
    """The varied wording of one of the default catalog's three warnings."""
    if plain.startswith("Keep"):
        return (f"{rng.choice(KEEP)} {rng.choice(STORE)}{rng.choice(STORE_FROM)}.{rng.choice(SEAL)}"
                + _sentences(rng, AFTER_KEEP, 2, 1))
    if "anticoagulant" in plain:
        return (f"{rng.choice(TAKE)} {rng.choice(DRUG)}, {rng.choice(ASK)}{rng.choice(WHEN)}"
                + _sentences(rng, AFTER_ANTICOAGULANT, 2, 1))
    ask = rng.choice(ASK)
    return f"{ask[0].upper()}{ask[1:]} before use if you are {rng.choice(PREGNANT)}." + _sentences(rng, AFTER_KEEP, 1, 1)
