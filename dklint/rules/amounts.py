"""What an ingredient's amounts say about its nutrient.

Most rows state the nutrient's own weight: "Calcium (as calcium carbonate) 500 mg".
A row or sentence that names a mineral's compound instead weighs the compound:
"1,000 mg of calcium citrate" holds about 210 mg of calcium, "magnesium glycinate
500 mg" far less than 500 mg of magnesium. When such a row also states the mineral's
own weight ("calcium carbonate 1,250 mg (500 mg calcium)"), that smaller amount is the
nutrient's; when it states only the compound's, the nutrient's amount is unknown and
the rules that compare amounts with a Daily Value or a limit pass over it.
"""

from __future__ import annotations

from dklint.facts.nutrients import registry
from dklint.facts.units import unit_table
from dklint.model import Amount, Ingredient


def nutrient_amounts(ingredient: Ingredient) -> list[Amount]:
    """The row's amounts that weigh its nutrient (known units only)."""
    known = [amount for amount in ingredient.amounts if amount.known]
    if not known or not registry().compound_named(ingredient.name):
        return known
    mass = unit_table().mass_in_mcg
    weights = [amount for amount in known if amount.unit in mass]
    others = [amount for amount in known if amount.unit not in mass]
    if len(weights) < 2:
        return others  # only the compound's weight: the nutrient's own is not stated
    return [min(weights, key=lambda amount: amount.value * mass[amount.unit]), *others]
