"""SARIF's ``primaryLocationLineHash``: computed as github/codeql-action's ``src/fingerprints.ts`` computes it.

Without it, each SARIF upload through GitHub's API (which, unlike codeql-action's upload, adds nothing)
made every finding a new alert. The expected values below are of two kinds: the ones codeql-action's own
tests (``src/fingerprints.test.ts``) expect for their inputs, and ones worked out here from the algorithm
itself (a base-37 polynomial over the first 100 UTF-16 code units of the line, spaces and tabs left out,
modulo 2**64; then ``:`` and how many earlier lines had that hash).
"""

from __future__ import annotations

import json
import os
import random

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.report.line_hash import LineHashes, hash_lines
from tests.conftest import shared_path

# (input, expected hash of each line): github/codeql-action src/fingerprints.test.ts, test "hash".
CODEQL_CASES = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1",
      "e6ceba753e1a442:1"]),
    *[(text, ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
              "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"])
      for text in (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
                   " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
                   " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
                   " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")],
    ("Lorem ipsum dolor sit amet.\n" * 10,
     [*(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)), "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
    ("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
     ["e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1",
      "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize(("text", "expected"), CODEQL_CASES)
def test_codeql_actions_own_expected_hashes(text, expected):
    assert list(hash_lines([text])) == expected


def by_hand(units: list[int]) -> str:
    """The hash of a window, from the definition: sum of unit * 37**(99 - k), modulo 2**64, in hex."""
    window = (units + [0] * 100)[:100]
    return format(sum(unit * 37 ** (99 - k) for k, unit in enumerate(window)) % 2 ** 64, "x")


def test_hashes_worked_out_from_the_algorithm():
    end = 65535  # the end of the file
    assert by_hand([end]) == "c129715d7a2bc9a3"  # the line after a final LF: codeql-action's value above
    assert list(hash_lines(["ab"])) == [by_hand([97, 98, end]) + ":1"] == ["952bb1cc6d22bdaa:1"]
    # a line's window runs on into the next lines; spaces and tabs are not counted, CR LF is one LF
    assert list(hash_lines(["a b\r\n\tc"])) == [by_hand([97, 98, 10, 99, end]) + ":1", by_hand([99, end]) + ":1"]
    # a character outside the BMP is two UTF-16 code units, as JavaScript sees it
    assert list(hash_lines(["\U0001F600"])) == [by_hand([0xD83D, 0xDE00, end]) + ":1"]
    # only the first 100 code units count, so two lines alike in them share a hash and are numbered
    long = "v" * 150
    assert list(hash_lines([f"{long}\n{long}"]))[:2] == [by_hand([118] * 100) + ":1", by_hand([118] * 100) + ":2"]


def test_chunks_may_split_the_text_anywhere():
    generator = random.Random(13)
    for _ in range(300):
        text = "".join(generator.choice(" \t\r\nab€\U0001F600") for _ in range(generator.randint(0, 300)))
        cuts = sorted(generator.sample(range(len(text) + 1), min(len(text) + 1, generator.randint(0, 6))))
        chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
        assert list(hash_lines(chunks)) == list(hash_lines([text])), repr(text)


def test_line_hashes_of_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfone\r\ntwo \xff\nthree\n")
    hashes = LineHashes(str(tmp_path))
    # the BOM is a character of line 1 and an undecodable byte is U+FFFD, as Node's UTF-8 decoder reads them
    expected = list(hash_lines(["\ufeffone\ntwo \ufffd\nthree\n"]))
    assert [hashes.at("a.txt", line) for line in (1, 2, 2, 3, 1, 4)] == [expected[0], expected[1], expected[1],
                                                                         expected[2], expected[0], expected[3]]
    assert hashes.at("a.txt", 9) is None  # past the end
    assert hashes.at("gone.txt", 1) is None
    assert hashes.at(".", 1) is None  # a folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert LineHashes(str(tmp_path)).at("pipe.txt", 1) is None  # and does not wait for a writer


LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 125 mcg (5,000 IU) 625%\n"


@pytest.fixture
def sarif_run(tmp_path, monkeypatch):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "d3.txt").write_text(LABEL, encoding="utf-8")
    record = {"id": "SKU-1", "label_text": LABEL}
    (tmp_path / "catalog.jsonl").write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK101", "--format", "sarif", "labels",
                                      "catalog.jsonl"])
    assert result.exit_code == 0, result.output
    return tmp_path, json.loads(result.stdout)


def test_sarif_results_carry_the_line_hash_of_their_start_line(sarif_run):
    folder, log = sarif_run
    results = log["runs"][0]["results"]
    found = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"],
              r["partialFingerprints"]["primaryLocationLineHash"]) for r in results]
    label = list(hash_lines([LABEL]))
    catalog = list(hash_lines([(folder / "catalog.jsonl").read_text(encoding="utf-8")]))
    assert found == [("labels/d3.txt", 3, label[2]), ("catalog.jsonl", 2, catalog[1])]
    assert label[2] == by_hand([ord(c) for c in "VitaminD3125mcg(5,000IU)625%\n"] + [65535]) + ":1"


def test_sarif_with_line_hashes_is_valid_against_the_schema(sarif_run):
    import jsonschema

    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(sarif_run[1])] == []


def test_input_from_stdin_has_no_line_hash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK101", "--format", "sarif", "-",
                                      "--stdin-filename", "d3.txt"], input=LABEL)
    [found] = json.loads(result.stdout)["runs"][0]["results"]
    assert list(found["partialFingerprints"]) == ["dklintFindingHash/v1"]
