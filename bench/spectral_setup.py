"""Spectral 6 with a ruleset equivalent to DK101, DK110, DK120 and DK301, for the benchmark.

``install(folder)`` runs ``npm install @stoplight/spectral-cli@6`` into a
folder of its own (nothing global) and writes the ruleset there:

* DK120 (MK-7 at 1 mg or more per serving) is a JSONPath filter with the core
  ``falsy`` function;
* DK101 (vitamin D above 2,000 IU a day without K2), DK110 (vitamin K without
  an anticoagulant warning) and DK301 (a claim without the disclaimer) relate
  several fields, so each is a small custom function (``functions/*.js``).
  DK301 as the core ``schema`` function with a JSON Schema ``if``/``then`` was
  measured too: Spectral took 6.5 times as long, so the faster form is used.

The rules read spec JSON only (Spectral cannot read label text) and know the
units the generated catalog uses (mcg, mg, IU); dklint's rules do more
(unit aliases, names, forms, phrase folding), so Spectral's task is the easier one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

RULESET = """\
functions: [dk101, dk110, dk301]
rules:
  dk101-vitamin-d-without-k2:
    description: Vitamin D above 2,000 IU a day with no vitamin K2 in the product.
    severity: warn
    given: "$"
    then: {function: dk101}
  dk110-vitamin-k-without-anticoagulant-warning:
    description: Vitamin K and no warning about anticoagulants.
    severity: error
    given: "$"
    then: {function: dk110}
  dk120-mk7-dose-unit-error:
    description: MK-7 at 1 mg or more per serving.
    message: MK-7 at 1 mg or more per serving (mg written for mcg?)
    severity: error
    given: "$.ingredients[?(@.form == 'MK-7' && ((@.unit == 'mg' && @.amount >= 1) || (@.unit == 'mcg' && @.amount >= 1000)))]"
    then: {function: falsy}
  dk301-disclaimer-missing:
    description: A structure/function claim without the DSHEA disclaimer.
    message: claims without the disclaimer
    severity: error
    given: "$"
    then: {function: dk301}
"""

DK101 = """\
const IU_PER_MCG = 40;
function isD(i) { return /vitamin d|cholecalciferol|ergocalciferol/i.test(i.name + ' ' + (i.source || '')); }
function isK2(i) { return /k2|menaquinone|mk-?[47]/i.test(i.name + ' ' + (i.source || '') + ' ' + (i.form || '')); }
function iu(i) {
  const all = [{amount: i.amount, unit: i.unit}].concat(i.alt_amounts || []);
  for (const a of all) {
    if (a.unit === 'IU') return a.amount;
    if (a.unit === 'mcg') return a.amount * IU_PER_MCG;
    if (a.unit === 'mg') return a.amount * 1000 * IU_PER_MCG;
  }
  return 0;
}
export default (spec) => {
  const ingredients = (spec && spec.ingredients) || [];
  const perDay = (spec.serving && spec.serving.servings_per_day) || 1;
  const daily = ingredients.filter(isD).reduce((sum, i) => sum + iu(i), 0) * perDay;
  if (daily > 2000 && !ingredients.some(isK2)) {
    const at = ingredients.findIndex(isD);
    return [{message: `vitamin D is ${daily} IU a day, above 2000 IU, with no vitamin K2`, path: ['ingredients', at]}];
  }
};
"""

DK110 = """\
function isK(i) { return /vitamin k|phylloquinone|menaquinone|mk-?[47]/i.test(i.name + ' ' + (i.source || '') + ' ' + (i.form || '')); }
export default (spec) => {
  const ingredients = (spec && spec.ingredients) || [];
  const at = ingredients.findIndex(isK);
  const warned = (spec.warnings || []).some((w) => /anticoagulant|blood thinner|warfarin|coumadin/i.test(w));
  if (at >= 0 && !warned) {
    return [{message: 'vitamin K without an anticoagulant warning', path: ['ingredients', at]}];
  }
};
"""

DK301 = """\
export default (spec) => {
  if (spec && Array.isArray(spec.claims) && spec.claims.length > 0 && !spec.disclaimer) {
    return [{message: 'structure/function claims without the DSHEA disclaimer', path: ['claims', 0]}];
  }
};
"""


def install(folder: Path) -> Path:
    """Install Spectral 6 into ``folder`` (once) and write the ruleset; return the ``spectral`` executable."""
    folder.mkdir(parents=True, exist_ok=True)
    executable = folder / "node_modules" / ".bin" / "spectral"
    if not executable.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is not installed: Spectral cannot be measured")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder),
                        "@stoplight/spectral-cli@6"], check=True, stdout=subprocess.DEVNULL)
    (folder / "functions").mkdir(exist_ok=True)
    (folder / "ruleset.yaml").write_text(RULESET, encoding="utf-8")
    (folder / "functions" / "dk101.js").write_text(DK101, encoding="utf-8")
    (folder / "functions" / "dk110.js").write_text(DK110, encoding="utf-8")
    (folder / "functions" / "dk301.js").write_text(DK301, encoding="utf-8")
    return executable


def command(folder: Path, specs: Path, report: Path) -> list[str]:
    """The Spectral command that lints every spec below ``specs`` into a JSON report."""
    return [str(folder / "node_modules" / ".bin" / "spectral"), "lint", f"{specs}/**/*.json",
            "--ruleset", str(folder / "ruleset.yaml"), "--format", "json", "--output", str(report),
            "--fail-severity", "error", "--quiet"]
