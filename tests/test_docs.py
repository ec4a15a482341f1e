"""Rule documentation: ``dklint docs`` pages, and the repository's docs/rules/ kept in step with the rule files."""

from __future__ import annotations

from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.rules.docs import index_markdown, markdown_to_text, rule_markdown, write_docs
from tests.conftest import REPO


def test_docs_rules_is_up_to_date(tmp_path, ruleset):
    """Fails when a rule file changed and docs/rules/ was not regenerated: run `dklint docs docs/rules`."""
    write_docs(list(ruleset), tmp_path)
    expected = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    actual = {path.name: path.read_text(encoding="utf-8") for path in (REPO / "docs" / "rules").iterdir()}
    assert sorted(actual) == sorted(expected), "run `dklint docs docs/rules`"
    stale = [name for name in expected if actual[name] != expected[name]]
    assert not stale, f"stale pages {stale}: run `dklint docs docs/rules`"


def test_docs_command_writes_a_page_per_rule_and_an_index(tmp_path, ruleset):
    (tmp_path / "DK999.md").write_text("a rule that is gone")
    (tmp_path / "notes.md").write_text("mine")
    result = CliRunner().invoke(cli, ["docs", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == f"wrote {len(ruleset.rules) + 2} pages to {tmp_path}\n"
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted([f"{code}.md" for code in ruleset.rules] + ["index.md", "condition-language.md", "notes.md"])
    assert (tmp_path / "DK101.md").read_text() == rule_markdown(ruleset.get("DK101"))


def test_index_links_every_page(ruleset):
    index = index_markdown(list(ruleset)).splitlines()
    assert index[3] == "What a rule's `when`, `where`, `let` and `target` may say: [the condition language](condition-language.md)."
    assert index[5] == "| Code | Name | Severity | Pack | Default | Summary |"
    assert index[7].startswith("| [DK001](DK001.md) | unreadable-input | error | input | on | ")
    assert len(index) == 7 + len(ruleset.rules)


def test_the_language_reference_lists_every_function_section_and_list_the_compiler_knows():
    from dklint.facts.phrases import all_lists
    from dklint.rules.docs import condition_language_markdown
    from dklint.rules.functions import FUNCTIONS, SECTIONS

    page = condition_language_markdown()
    for name in [*FUNCTIONS, *SECTIONS, *all_lists()]:
        assert f"| `{name}` |" in page, name
    assert "`for_each` may name: `ingredients`, `claims`, `warnings`, `directions`, `footnotes`." in page
    assert "**Amount**: `value` (float), `unit` (str)," in page


def test_a_rule_page_tells_how_to_configure_and_suppress_the_rule(ruleset):
    page = rule_markdown(ruleset.get("DK121"))
    assert "[params]\nDK121 = { threshold_mcg = 360, unit_error_mcg = 1000 }\n" in page
    assert "`# dklint: ignore[DK121] reason`" in page
    assert page.endswith("Documentation: https://github.com/dklint/dklint/blob/main/docs/rules/DK121.md\n")


def test_markdown_to_text():
    text = markdown_to_text("# T\n\n**Bold** `code`\n\n| a | bb |\n|---|---|\n| ccc | d |\n\n```toml\nx = 1\n\n```\n")
    assert text == "T\n=\n\nBold code\n\n  a    bb\n  ccc  d\n\n    x = 1\n"
