"""The phrase matcher on the spellings labels use: variants, slots, positions and its linear scan."""

from __future__ import annotations

import time

import pytest

from dklint.facts.phrase_tokens import match_tokens
from dklint.facts.phrases import PhraseList, has_phrase, phrase_list, starts_with_phrase


def found(list_: PhraseList, text: str) -> list[str]:
    """What the list matched, quoted from the text."""
    return [text[m.start : m.end] for m in list_.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["Ask your doctor if you take a blood thinner.", "Not for people on blood-thinners.", "BLOODTHINNER users",
     "Taking anticoagulants?", "anti-coagulant therapy", "Anti Coagulation clinic", "if you take Coumadin(R)",
     "Warfarin\u00ae or Jantoven\u2122", "drugs that thin the blood", "it thins your blood"],
)
def test_anticoagulant_spellings(text):
    assert has_phrase(text, "anticoagulant")


@pytest.mark.parametrize("text", ["Supports healthy blood clotting.", "coagulation factors", "thinning hair"])
def test_anticoagulant_needs_the_word(text):
    assert not has_phrase(text, "anticoagulant")


@pytest.mark.parametrize(
    "text",
    ["Consult your doctor before use.", "Talk to your health care provider.", "talk with a healthcare provider",
     "Speak with your pharmacist.", "Check with your physician first.", "Ask a health-care professional.",
     "consulting your doctor", "Consult healthcare practitioner if taking blood-thinning medications.",
     "Use under a doctor's supervision.", "as directed by the doctor", "under the care of your physician",
     "Consult your Doctor\u2019s office."],
)
def test_medical_supervision_through_slots(text):
    assert has_phrase(text, "medical_supervision")


@pytest.mark.parametrize("text", ["Doctor formulated.", "Ask for our catalog.", "See your results in weeks."])
def test_medical_supervision_needs_a_clinician(text):
    assert not has_phrase(text, "medical_supervision")


def test_slot_phrases_that_are_prefixes_of_one_another():
    # "health care" is a prefix of "health care provider": the slot's every ending is tried.
    advice = PhraseList("advice", ["ask your {clinician} [today]", "{clinician}'s note"])
    text = "Ask your health care provider today; your physician's note"
    assert found(advice, text) == ["Ask your health care provider today", "physician's note"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Not been evaluated by the U.S. Food and Drug Administration.",
         "Not been evaluated by the U.S. Food and Drug Administration"),
        ("...not been evaluated by the US Food and Drug Administration", "not been evaluated by the US Food and Drug Administration"),
        ("not been evaluated by the U. S. FDA", "not been evaluated by the U. S. FDA"),
    ],
)
def test_us_before_the_agency(text, phrase):
    assert found(phrase_list("disclaimer_anchor"), text) == [phrase]
    assert found(phrase_list("fda_approval"), "Approved by the U.S. FDA.") == ["Approved by the U.S. FDA"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Take with meals.", ["with meals"]),
        ("Take with a fat-containing meal.", ["with a fat-containing meal"]),
        ("best taken with your largest meal", ["with your largest meal"]),
        ("Take 1 softgel after eating, with food.", ["with food"]),
        ("during the evening meal", ["during the evening meal"]),
    ],
)
def test_with_food_wordings(text, expected):
    assert found(phrase_list("with_food"), text) == expected


def test_plurals_and_verb_forms_match_and_exact_words_do_not():
    implied = phrase_list("implied_disease_claims")
    assert found(implied, "A natural vaccine, unlike vaccines.") == ["natural vaccine"]
    classes = phrase_list("drug_classes")
    assert found(classes, "A natural laxative. Avoid laxatives and loop diuretics.") == ["laxative", "laxatives", "diuretics"]
    assert found(implied, "Lowers cholesterol and helps clear arteries") == ["Lowers cholesterol", "clear arteries"]
    assert found(phrase_list("diseases"), "kidney stones, UTIs, heart attacks") == ["kidney stones", "UTIs", "heart attacks"]
    assert found(phrase_list("sf_claim_verbs"), "Supporting, supports, supported") == ["Supporting", "supports"]


def test_matches_are_leftmost_and_longest():
    diseases = phrase_list("diseases")
    assert found(diseases, "vitamin D deficiency and osteoporosis") == ["vitamin D deficiency", "osteoporosis"]
    assert found(diseases, "Vitamin-D3 deficiency") == ["Vitamin-D3 deficiency"]


def test_match_tokens_drop_possessives_and_marks_and_join_abbreviations():
    text = "Doctor's U.S.A. Coumadin(R) Brand (TM) e.g. it's"
    assert [t.word for t in match_tokens(text)] == ["doctor", "usa", "coumadin", "brand", "eg", "it"]
    assert [text[t.start : t.end] for t in match_tokens(text)] == ["Doctor", "U.S.A", "Coumadin", "Brand", "e.g", "it"]


def test_starts_with_phrase_reads_only_the_opening_words():
    assert starts_with_phrase("If you are taking blood thinners, consult a doctor.", "warning_openers")
    assert starts_with_phrase("Side effects: mild stomach upset.", "warning_openers")
    assert not starts_with_phrase("Helps bones. Do not exceed the dose.", "warning_openers")
    openers = phrase_list("warning_openers")
    text = "Helps bones. Do not exceed the dose."
    assert openers.starts(text, text.index("Do")) and not openers.starts(text, 0)


def test_the_scan_is_linear_in_the_text():
    # Every word starts a phrase and almost completes one: a backtracking matcher would take
    # quadratic time here; the trie walk stops at the longest phrase's length.
    text = "consult your health care " * 20_000
    started = time.perf_counter()
    assert not has_phrase(text, "medical_supervision")
    assert list(phrase_list("claim_negations").finditer(text))
    assert time.perf_counter() - started < 10


def _walked_tokens(text: str) -> tuple:
    """match_tokens' general walk, without the fast path for plain text (its reference)."""
    from dklint.facts import phrase_tokens

    saved, phrase_tokens._plain = phrase_tokens._plain, lambda _text: None
    try:
        return phrase_tokens.match_tokens.__wrapped__(text)
    finally:
        phrase_tokens._plain = saved


@pytest.mark.parametrize("text", ["U.S. made", "e.g. this", "the doctor's advice", "Coumadin(R)", "Vitamin D 3",
                                  "MK-7 as a b c", "K 2 and d-3", "vitamin d 3 and b 12", "A.B", "x.y.z", "a meal"])
def test_plain_text_fast_path_reads_as_the_walk(text):
    from dklint.facts.phrase_tokens import match_words, tokenize

    assert match_tokens(text) == _walked_tokens(text)
    assert match_words(text)[0] == tuple(token.word for token in _walked_tokens(text))
    assert tuple(token.word for token in tokenize(text)) == tuple(token.word for token in tokenize.__wrapped__(text))


def test_plain_text_fast_path_reads_as_the_walk_on_any_text():
    """The fast paths (ASCII text with no code, apostrophe, parenthesis or dotted letters) give what the walk gives."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dklint.facts.phrase_tokens import match_words

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet="ab dkmsrtu.'(),-3127 ABDKMS\u2019\u00ae\uff24", max_size=30))
    def agree(text):
        assert match_tokens.__wrapped__(text) == _walked_tokens(text)
        assert match_words.__wrapped__(text)[0] == tuple(token.word for token in _walked_tokens(text))

    agree()


def test_word_bounds_are_the_tokens_offsets_in_text_order_and_out_of_it():
    """A match's offsets come from WordBounds, which builds no Token for plain text: the same offsets as the walk's."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dklint.facts.phrase_tokens import WordBounds

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ab dkmsrtu.'(),-3127 ABDKMS\u2019\u00ae\uff24", max_size=40), st.data())
    def agree(text, data):
        tokens = _walked_tokens(text)
        if not tokens:
            return
        pairs = data.draw(st.lists(st.tuples(st.integers(0, len(tokens) - 1), st.integers(0, 3)), max_size=6))
        bounds = WordBounds(text)
        for first, extra in pairs:  # any order: a scan asks in text order, and out of order still answers
            last = min(first + extra, len(tokens) - 1)
            assert bounds.span(first, last) == (tokens[first].start, tokens[last].end)

    agree()


def test_a_long_text_full_of_matches_is_still_read_once():
    text = "consult your doctor. " * 20_000
    started = time.perf_counter()
    matches = list(phrase_list("medical_supervision").finditer(text))
    assert len(matches) == 20_000 and text[matches[-1].start:matches[-1].end] == "consult your doctor"
    assert time.perf_counter() - started < 10  # each match's offsets found by stepping on, not from the start


def test_ascii_words_are_the_regular_expressions_words_and_clean_leaves_ascii_alone():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dklint.base.textnorm import ascii_words, clean

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
    def agree(text):
        assert ascii_words(text) == re.findall(r"[a-z0-9]+", text)
        assert ascii_words(text.lower()) == re.findall(r"[a-z0-9]+", text.lower())
        assert clean(text) == text

    agree()
    assert clean("Vitamin\u00a0D\u200b3 \uff24") == "Vitamin D3 D"  # beyond ASCII it still folds


def test_long_texts_are_remembered_a_few_at_a_time():
    """Answers that hold every word of a text are kept for 512 short texts but only the last few long ones:
    200 product claims of 400 KB each held 1.1 GB before (a catalog's worth of recent texts), 156 MB now."""
    import gc
    import tracemalloc

    from dklint.base.textmemo import LONG_ENTRIES, MAX_CHARS
    from dklint.facts.phrase_tokens import match_tokens, match_words, tokenize

    words = "consult your doctor before use supports healthy bones with vitamin d3 daily".split()
    texts = [" ".join(words[(index + n) % len(words)] for n in range(8000)) + f" {index}" for index in range(40)]
    assert all(len(text) > MAX_CHARS for text in texts)
    gc.collect()
    tracemalloc.start()
    try:
        for text in texts:
            assert list(phrase_list("medical_supervision").finditer(text))  # words, tokens and offsets of each
            match_tokens(text), tokenize(text), match_words(text)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    one_text = len(texts[0]) * 40  # a generous allowance for one text's words, tokens and offsets
    assert held < (LONG_ENTRIES + 2) * one_text, f"{held:,} bytes held for {len(texts)} long texts"
