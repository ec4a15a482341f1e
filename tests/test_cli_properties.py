"""Property test: whatever bytes a file holds, `dklint check` exits 0, 1 or 2 and never raises."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dklint.cli.main import cli

FRAGMENTS = [
    "Supplement Facts\n", "Serving Size: 1 Softgel\n", "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n",
    "Vitamin K2 (as MK-7) 100 mcg\n", "Calcium 600 mg 46%\n", "† Daily Value not established.\n", "<1%", "|", "\t",
    "Other ingredients: olive oil.\n", "Warning: consult your physician if you take warfarin.\n", "\u200b", "\u202e",
    "These statements have not been evaluated by the Food and Drug Administration.\n", "{", "}", "[", "]", '"', ",",
    "1e400", "NaN", "\ufeff", "\r\n", "Drug Facts\n", "%NRV", "# dklint: ignore[DK101]\n", "\x00",
]
labelish = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=30).map("".join)
jsonish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["spec_version", "name", "serving", "ingredients", "amount", "unit", "x-dklint-ignore", "claims"]), inner, max_size=5),
    max_leaves=20,
).map(json.dumps)
contents = st.one_of(labelish.map(lambda s: s.encode("utf-8", "surrogatepass")), jsonish.map(str.encode), st.binary(max_size=300))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=contents, suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv"]),
       output_format=st.sampled_from(["text", "json", "sarif", "github"]))
def test_check_never_raises_and_exits_0_1_or_2(tmp_path_factory, data, suffix, output_format):
    folder = tmp_path_factory.mktemp("prop")
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["check", "--isolated", "-f", output_format, str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 2:
        assert "input" in result.output or path.name in result.output
