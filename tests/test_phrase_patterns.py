"""The pattern form of phrase lists: each construct, the word forms it relies on, and the load errors."""

from __future__ import annotations

import pytest

from dklint.facts import phrases
from dklint.facts.phrase_patterns import MAX_EXPANSION, PatternError, compile_pattern
from dklint.facts.word_forms import plural_forms, verb_forms

SLOTS = ("clinician", "consult-verb")


def words(pattern: str, slots=SLOTS) -> list[str]:
    return [" ".join(key) for key in compile_pattern(pattern, slots).phrases]


# constructs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("warfarin", ["warfarin"]),
        ("Blood Thinner", ["blood thinner"]),
        ("(caution|warning)", ["caution", "warning"]),
        ("if you [are] (taking|take) warfarin",
         ["if you are taking warfarin", "if you are take warfarin", "if you taking warfarin", "if you take warfarin"]),
        ("ingredient[s]", ["ingredients", "ingredient"]),
        ("[natural|herbal] laxative", ["natural laxative", "herbal laxative", "laxative"]),
        ("(with [a] meal|at mealtime)", ["with a meal", "with meal", "at mealtime"]),
        ("blood-thinner", ["bloodthinner", "blood thinner"]),
        ("anti-(viral|bacterial)", ["antiviral", "anti viral", "antibacterial", "anti bacterial"]),
        ("prevent+", ["prevent", "prevents", "preventing"]),
        ("reduce+ risk", ["reduce risk", "reduces risk", "reducing risk"]),
        ("stop+", ["stop", "stops", "stopping"]),
        ("doctor's advice", ["doctor advice"]),
        ("[u-s] food", ["us food", "u s food", "food"]),
        ("vitamin k 2", ["vitamin k2"]),
        ("{consult-verb} [your] {clinician}", ["{consult-verb} your {clinician}", "{consult-verb} {clinician}"]),
        ("{clinician}'s supervision", ["{clinician} supervision"]),
    ],
)
def test_each_construct_stands_for_its_phrases(pattern, expected):
    assert words(pattern) == expected


def test_a_word_written_with_an_equals_sign_keeps_no_plural():
    compiled = compile_pattern("stool =softener")
    assert compiled.phrases == [("stool", "softener")]
    assert compiled.exact == frozenset({"softener"})
    assert compile_pattern("=anti-viral").exact == frozenset({"antiviral", "anti", "viral"})


def test_the_same_phrase_written_twice_counts_once():
    assert words("(a|a) dose") == ["a dose"]


@pytest.mark.parametrize(
    ("word", "plurals"),
    [("bone", ("bones",)), ("virus", ("viruses",)), ("artery", ("arteries",)), ("day", ("days",)),
     ("tomato", ("tomatoes",)), ("do", ()), ("d3", ())],
)
def test_regular_plurals(word, plurals):
    assert plural_forms(word) == plurals


@pytest.mark.parametrize(
    ("word", "forms"),
    [("help", ("help", "helps", "helping")), ("reduce", ("reduce", "reduces", "reducing")),
     ("see", ("see", "sees", "seeing")), ("die", ("die", "dies", "dying")), ("fix", ("fix", "fixes", "fixing")),
     ("supply", ("supply", "supplies", "supplying")), ("combat", ("combat", "combats", "combating")),
     ("rid", ("rid", "rids", "ridding")), ("do", ("do",))],
)
def test_regular_verb_forms(word, forms):
    assert verb_forms(word) == forms


# mistakes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a||b)", "empty alternative in (...) at character 1"),
        ("x ()", "empty alternative in (...) at character 3"),
        ("[a|]", "empty alternative in [...] at character 1"),
        ("(blood thinner", "unbalanced '(' at character 1"),
        ("blood thinner)", "unbalanced ')' at character 14"),
        ("[blood thinner", "unbalanced '[' at character 1"),
        ("(a] b", "']' at character 3 closes '(' at character 1"),
        ("{clinician", "unbalanced '{' at character 1"),
        ("{} x", "empty slot name at character 1"),
        ("a|b", "'|' at character 2 is outside (...) or [...]"),
        ("{doctors} x", "unknown slot {doctors} (known: clinician, consult-verb)"),
        ("x{clinician}", "a slot stands as a word of its own, not inside 'x{clinician}'"),
        ("+", "'+' must follow a word"),
        ("help+ful", "'+' must follow a word"),
        ("anti=viral", "'=' must open a word"),
        ("[the]", "can match an empty phrase"),
        ("(--|%)", "can match an empty phrase"),
    ],
)
def test_pattern_mistakes_say_what_is_wrong(pattern, message):
    with pytest.raises(PatternError) as caught:
        compile_pattern(pattern, SLOTS)
    assert str(caught.value) == message


def test_expansion_is_bounded():
    eleven_optional_words = " ".join(f"[w{i}]" for i in range(11)) + " end"  # 2**11 = 2048 phrases
    assert len(compile_pattern(eleven_optional_words).phrases) == MAX_EXPANSION
    with pytest.raises(PatternError, match=f"stands for more than {MAX_EXPANSION} phrases"):
        compile_pattern(eleven_optional_words + " [w11]")
    with pytest.raises(PatternError, match=f"stands for more than {MAX_EXPANSION} phrases"):
        compile_pattern(" ".join(f"a-b-c-{i}" for i in range(6)))  # hyphen joins multiply too: 4**6


# load errors name the file, the line and the entry ------------------------------------------------


@pytest.fixture
def phrase_files(tmp_path, monkeypatch):
    """Point the phrase lists at a folder of the test's own files (the caches are emptied before and after)."""

    def clear():
        for cached in (phrases._files, phrases.shared_slots, phrases.phrase_list):
            cached.cache_clear()

    def write(**files: str):
        for name, text in files.items():
            (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
        clear()
        return tmp_path

    monkeypatch.setattr(phrases, "data_dir", lambda: tmp_path)
    clear()
    yield write
    monkeypatch.undo()
    clear()


GOOD_LIST = """\
slots:
  clinician: [doctor, physician]
lists:
  advice:
    description: Advice to ask a clinician.
    citation: a test
    phrases:
      - ask your {clinician}
"""


def test_good_lists_compile_and_match(phrase_files):
    phrase_files(phrases=GOOD_LIST)
    assert phrases.check_phrase_lists() == []
    assert phrases.has_phrase("Ask your Physician's advice.", "advice")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD_LIST.replace("ask your {clinician}", "ask your {clinican}"),
         "phrases.yaml:8: phrase list 'advice', entry 'ask your {clinican}': unknown slot {clinican} (known: clinician)"),
        (GOOD_LIST.replace("ask your {clinician}", "ask (your|) {clinician}"),
         "phrases.yaml:8: phrase list 'advice', entry 'ask (your|) {clinician}': empty alternative in (...) at character 5"),
        (GOOD_LIST.replace("ask your {clinician}", "'ask [your {clinician}'"),
         "phrases.yaml:8: phrase list 'advice', entry 'ask [your {clinician}': unbalanced '[' at character 5"),
        (GOOD_LIST.replace("[doctor, physician]", "[doctor, (physician]"),
         "phrases.yaml:2: slot 'clinician', entry '(physician': unbalanced '(' at character 1"),
        (GOOD_LIST.replace("[doctor, physician]", "[doctor, '{clinician} assistant']"),
         "phrases.yaml:2: slot 'clinician', entry '{clinician} assistant': slot {clinician} uses a slot: slots do not nest"),
        (GOOD_LIST.replace("    citation: a test\n", ""),
         "phrases.yaml:4: phrase list 'advice' has no 'citation'"),
        (GOOD_LIST.replace("    citation: a test\n", "    citation: a test\n    source: x\n"),
         "phrases.yaml:4: phrase list 'advice' has unknown field 'source'"),
    ],
)
def test_a_mistake_names_the_file_line_and_entry(phrase_files, text, problem):
    folder = phrase_files(phrases=text)
    assert phrases.check_phrase_lists() == [f"{folder}/{problem}"]


def test_a_list_defined_in_two_files_is_a_mistake(phrase_files):
    folder = phrase_files(phrases=GOOD_LIST, **{"phrases-more": GOOD_LIST.split("lists:\n")[0]})
    assert phrases.check_phrase_lists() == [f"{folder}/phrases.yaml:2: slot 'clinician' is also defined in phrases-more.yaml"]


def test_a_phrase_list_mistake_stops_the_rules_loading(phrase_files):
    from dklint.rules.loader import RuleLoadError, load_rules

    from dklint.base.resources import data_dir

    # The bundled lists stay (the bundled rules name them), beside a file of the test's own.
    bundled = {path.stem: path.read_text(encoding="utf-8") for path in data_dir().glob("phrases*.yaml")}
    broken = GOOD_LIST.replace("ask your {clinician}", "ask (your").replace("clinician", "carer")
    folder = phrase_files(**bundled, **{"phrases-zz-test": broken})
    with pytest.raises(RuleLoadError) as caught:
        load_rules()
    assert caught.value.problems == [
        f"{folder}/phrases-zz-test.yaml:8: phrase list 'advice', entry 'ask (your': unbalanced '(' at character 5"]
