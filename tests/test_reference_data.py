"""The reference data in rules/data/ checked entry by entry against tables typed in here.

The tables below were written from the project's domain notes (21 CFR 101.9(c)(8)(iv) as
amended in 2016 for current Daily Values, the pre-2016 values for legacy-label detection,
IOM/NASEM adult upper limits as published by NIH ODS, the 101.36(b)(2)(i)(B) order and the
2019 FDA unit-conversion guidance). A typo in nutrients.yaml or units.yaml makes one of
these tests fail and names the entry.
"""

from __future__ import annotations

import pytest
import yaml

from dklint.base.resources import data_dir
from dklint.facts.nutrients import registry
from dklint.facts.units import canonical_unit, convert_all, iu_factors, unit_table

# id: (current DV, legacy DV, unit 101.36 prescribes, position in the 101.36 order)
DAILY_VALUES = {
    "vitamin_a": ((900, "mcg"), (5000, "IU"), "mcg", 1),
    "vitamin_c": ((90, "mg"), (60, "mg"), "mg", 2),
    "vitamin_d": ((20, "mcg"), (400, "IU"), "mcg", 3),
    "vitamin_e": ((15, "mg"), (30, "IU"), "mg", 4),
    "vitamin_k": ((120, "mcg"), (80, "mcg"), "mcg", 5),
    "vitamin_k1": ((120, "mcg"), (80, "mcg"), "mcg", 5),
    "vitamin_k2": ((120, "mcg"), (80, "mcg"), "mcg", 5),
    "thiamin": ((1.2, "mg"), (1.5, "mg"), "mg", 6),
    "riboflavin": ((1.3, "mg"), (1.7, "mg"), "mg", 7),
    "niacin": ((16, "mg"), (20, "mg"), "mg", 8),
    "vitamin_b6": ((1.7, "mg"), (2, "mg"), "mg", 9),
    "folate": ((400, "mcg"), (400, "mcg"), "mcg", 10),
    "vitamin_b12": ((2.4, "mcg"), (6, "mcg"), "mcg", 11),
    "biotin": ((30, "mcg"), (300, "mcg"), "mcg", 12),
    "pantothenic_acid": ((5, "mg"), (10, "mg"), "mg", 13),
    "choline": ((550, "mg"), None, "mg", 14),
    "calcium": ((1300, "mg"), (1000, "mg"), "mg", 15),
    "iron": ((18, "mg"), (18, "mg"), "mg", 16),
    "phosphorus": ((1250, "mg"), (1000, "mg"), "mg", 17),
    "iodine": ((150, "mcg"), (150, "mcg"), "mcg", 18),
    "magnesium": ((420, "mg"), (400, "mg"), "mg", 19),
    "zinc": ((11, "mg"), (15, "mg"), "mg", 20),
    "selenium": ((55, "mcg"), (70, "mcg"), "mcg", 21),
    "copper": ((0.9, "mg"), (2, "mg"), "mg", 22),
    "manganese": ((2.3, "mg"), (2, "mg"), "mg", 23),
    "chromium": ((35, "mcg"), (120, "mcg"), "mcg", 24),
    "molybdenum": ((45, "mcg"), (75, "mcg"), "mcg", 25),
    "chloride": ((2300, "mg"), (3400, "mg"), "mg", 26),
    "potassium": ((4700, "mg"), (3500, "mg"), "mg", 27),
    # Sodium sits in the macronutrient block of real panels: no vitamin/mineral position.
    "sodium": ((2300, "mg"), (2400, "mg"), "mg", None),
    # Boron, nickel, vanadium and fluoride have no Daily Value (they need the "Daily Value not established" mark).
    "boron": (None, None, "mg", None),
    "nickel": (None, None, "mcg", None),
    "vanadium": (None, None, "mcg", None),
    "fluoride": (None, None, "mg", None),
    # Macronutrients: the Daily Reference Values of 101.9(c)(9) (current, pre-2016); no vitamin/mineral position.
    "calories": (None, None, "kcal", None),
    "total_fat": ((78, "g"), (65, "g"), "g", None),
    "saturated_fat": ((20, "g"), (20, "g"), "g", None),
    "trans_fat": (None, None, "g", None),
    "cholesterol": ((300, "mg"), (300, "mg"), "mg", None),
    "total_carbohydrate": ((275, "g"), (300, "g"), "g", None),
    "dietary_fiber": ((28, "g"), (25, "g"), "g", None),
    "total_sugars": (None, None, "g", None),
    "added_sugars": ((50, "g"), None, "g", None),
    "protein": ((50, "g"), (50, "g"), "g", None),
}

# Rows that never take a %DV (no symbol either), and the one whose %DV may be left out.
PERCENT = {"calories": "never", "trans_fat": "never", "total_sugars": "never", "protein": "optional"}

# id: adult upper limit per day; nutrients absent from this table have none in the data.
# Typed from the adult column of the IOM/NASEM tables (domain.md section 3).
UPPER_LIMITS = {
    "vitamin_a": (3000, "mcg"),  # preformed vitamin A only
    "vitamin_c": (2000, "mg"),
    "vitamin_d": (100, "mcg"),
    "vitamin_e": (1000, "mg"),
    "niacin": (35, "mg"),  # supplements and fortified foods
    "vitamin_b6": (100, "mg"),
    "folate": (1000, "mcg"),  # folic acid only
    "choline": (3500, "mg"),
    "calcium": (2500, "mg"),  # 19-50 y
    "iron": (45, "mg"),
    "phosphorus": (4000, "mg"),
    "iodine": (1100, "mcg"),
    "magnesium": (350, "mg"),  # from supplements only
    "zinc": (40, "mg"),
    "selenium": (400, "mcg"),
    "copper": (10, "mg"),
    "manganese": (11, "mg"),
    "molybdenum": (2000, "mcg"),
    "chloride": (3600, "mg"),
    "boron": (20, "mg"),
    "nickel": (1, "mg"),
    "vanadium": (1.8, "mg"),
    "fluoride": (10, "mg"),
}

# nutrient: (unit of the factor, default factors, {form: factors}) - amount of the unit per IU
IU_FACTORS = {
    "vitamin_d": ("mcg", (0.025,), {}),
    "vitamin_a": ("mcg", (0.3, 0.15), {"retinol": (0.3,), "beta-carotene": (0.3, 0.15)}),
    "vitamin_e": ("mg", (0.67, 0.45), {"natural": (0.67,), "synthetic": (0.45,)}),
}


def _quantity(pair):
    return None if pair is None else (float(pair[0]), pair[1])


@pytest.mark.parametrize("nutrient_id", sorted(DAILY_VALUES))
def test_daily_values_order_and_unit(nutrient_id):
    dv, legacy, unit, order = DAILY_VALUES[nutrient_id]
    entry = registry().nutrients[nutrient_id]
    assert entry.dv == _quantity(dv), "current Daily Value"
    assert entry.legacy_dv == _quantity(legacy), "pre-2016 Daily Value"
    assert entry.unit == unit, "prescribed unit"
    assert entry.order == order, "101.36 position"
    assert entry.citation, "every entry cites its source"


def test_every_registry_nutrient_is_in_the_table():
    assert set(registry().nutrients) == set(DAILY_VALUES)


@pytest.mark.parametrize("nutrient_id", sorted(DAILY_VALUES))
def test_which_rows_need_a_percent_daily_value(nutrient_id):
    assert registry().nutrients[nutrient_id].percent == PERCENT.get(nutrient_id, "required")


@pytest.mark.parametrize("nutrient_id", sorted(DAILY_VALUES))
def test_upper_limits(nutrient_id):
    entry = registry().nutrients[nutrient_id]
    assert entry.ul == _quantity(UPPER_LIMITS.get(nutrient_id))


UPPER_LIMIT_NOTES = {
    "vitamin_a": "preformed vitamin A (retinol) only; beta-carotene is not counted",
    "vitamin_d": "adults 19+ and pregnancy; 4,000 IU",
    "vitamin_e": "alpha-tocopherol from supplements",
    "calcium": "adults 19-50; 2,000 mg from age 51",
    "phosphorus": "adults 19-70; 3,000 mg from age 71",
    "magnesium": "from supplements and medications only",
    "vitamin_c": "adults 19-70",
    "niacin": "from supplements and fortified foods (nicotinic acid and nicotinamide)",
    "folate": "folic acid from supplements and fortified foods (1,667 mcg DFE); food folate is not counted",
    "nickel": "soluble nickel salts",
    "vanadium": "from supplements",
}


@pytest.mark.parametrize("nutrient_id", sorted(UPPER_LIMITS))
def test_upper_limit_notes_are_whole(nutrient_id):
    # An unquoted comma inside a YAML flow mapping ({note: 2,000 mg}) silently cuts the note.
    assert registry().nutrients[nutrient_id].ul_note == UPPER_LIMIT_NOTES.get(nutrient_id)


def test_reference_value_mappings_have_only_known_keys():
    raw = yaml.safe_load((data_dir() / "nutrients.yaml").read_text(encoding="utf-8"))["nutrients"]
    for nutrient_id, entry in raw.items():
        for field in ("dv", "legacy_dv"):
            assert set(entry.get(field) or {}) <= {"amount", "unit", "note"}, (nutrient_id, field)
        assert set(entry.get("ul") or {}) <= {"amount", "unit", "note", "counts", "name"}, nutrient_id
        # the forms that count toward a limit are forms the nutrient has
        assert set((entry.get("ul") or {}).get("counts", ())) <= set(entry.get("forms") or {}), nutrient_id


def test_only_preformed_vitamin_a_counts_toward_its_upper_limit():
    vitamin_a = registry().nutrients["vitamin_a"]
    assert (vitamin_a.ul_counts, vitamin_a.ul_name) == (("retinol",), "preformed vitamin A")
    assert registry().forms_named("vitamin_a", "Vitamin A", "retinyl acetate and 50% as beta-carotene") == {
        "retinol", "beta-carotene"}


def test_order_follows_101_36_sequence():
    names = [
        "vitamin_a", "vitamin_c", "vitamin_d", "vitamin_e", "vitamin_k", "thiamin", "riboflavin", "niacin",
        "vitamin_b6", "folate", "vitamin_b12", "biotin", "pantothenic_acid", "choline", "calcium", "iron",
        "phosphorus", "iodine", "magnesium", "zinc", "selenium", "copper", "manganese", "chromium", "molybdenum",
        "chloride", "potassium",
    ]
    orders = [registry().nutrients[n].order for n in names]
    assert orders == list(range(1, len(names) + 1))


@pytest.mark.parametrize("nutrient_id", sorted(IU_FACTORS))
def test_iu_factors(nutrient_id):
    unit, default, forms = IU_FACTORS[nutrient_id]
    entry = unit_table().iu[nutrient_id]
    assert entry["unit"] == unit
    assert tuple(float(f) for f in entry["default"]) == default
    assert {k: tuple(float(f) for f in v) for k, v in (entry.get("forms") or {}).items()} == forms
    assert entry["citation"]
    for form, factors in forms.items():
        assert iu_factors(nutrient_id, form) == (unit, factors)


def test_only_vitamins_a_d_e_have_iu_factors():
    assert set(unit_table().iu) == set(IU_FACTORS)


@pytest.mark.parametrize(
    ("value", "unit", "target", "nutrient", "form", "expected"),
    [
        (25, "mcg", "IU", "vitamin_d", "D3", 1000),
        (5000, "IU", "mcg", "vitamin_d", None, 125),
        (10000, "IU", "mcg", "vitamin_a", "retinol", 3000),
        (20, "IU", "mg", "vitamin_e", "natural", 13.4),
        (400, "IU", "mg", "vitamin_e", "synthetic", 180),
        (1, "g", "mg", "calcium", None, 1000),
        (1, "mg", "mcg", "vitamin_k", None, 1000),
    ],
)
def test_conversions(value, unit, target, nutrient, form, expected):
    assert convert_all(value, unit, target, nutrient, form)[0] == pytest.approx(expected)


def test_no_iu_for_minerals():
    assert convert_all(500, "IU", "mg", "calcium") == ()


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [("mcg", "mcg"), ("µg", "mcg"), ("μg", "mcg"), ("ug", "mcg"), ("mcg RAE", "mcg"), ("mcg DFE", "mcg"),
     ("µg DFE", "mcg"), ("mg", "mg"), ("IU", "IU"), ("I.U.", "IU"), ("UI", "IU"), ("g", "g")],
)
def test_unit_spellings(spelling, unit):
    assert canonical_unit(spelling) == unit


def test_mass_factors():
    assert unit_table().mass_in_mcg == {"mcg": 1.0, "mg": 1000.0, "g": 1_000_000.0, "kg": 1_000_000_000.0}
