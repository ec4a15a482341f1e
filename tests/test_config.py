"""Config files: discovery, extend, validation with file:line, CLI overrides, per-file-ignores."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.config.files import ConfigError, find_config, load_layers, merge
from dklint.config.settings import CliOverrides, resolve
from dklint.config.toml_lines import TomlError, key_lines, load_toml

LABEL = ("Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving    % Daily Value\n"
         "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(config: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        resolve(config.parent, CliOverrides(config=config))
    return raised.value.problems


def run(args, cwd: Path, monkeypatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_key_lines_cover_tables_dotted_and_inline_keys_and_array_items():
    lines = key_lines(textwrap.dedent('''
        [tool.dklint]
        select = ["DK1",
          "DK20",  # comment
        ]
        severity = { DK101 = "error", "DK102" = 'info' }
        params.DK121 = { threshold_mcg = 300 }
        note = """a "quoted"
        line"""
        [tool.dklint.per-file-ignores]
        "labels/*.txt" = ["DK150"]
        [[tool.dklint.items]]
        a = 1
        [[tool.dklint.items]]
        a = 2
    '''))
    assert lines[("tool", "dklint")] == 2
    assert lines[("tool", "dklint", "select", 1)] == 4
    assert lines[("tool", "dklint", "severity", "DK102")] == 6
    assert lines[("tool", "dklint", "params", "DK121", "threshold_mcg")] == 7
    assert lines[("tool", "dklint", "per-file-ignores", "labels/*.txt", 0)] == 11
    assert lines[("tool", "dklint", "items", 1, "a")] == 15


def test_toml_syntax_errors_give_the_line(tmp_path):
    with pytest.raises(TomlError) as raised:
        load_toml(write(tmp_path / "dklint.toml", 'select = ["DK1",\nfail-on = "error"\n'))
    assert (raised.value.line, raised.value.message) == (2, "invalid TOML: invalid value (column 1)")
    with pytest.raises(TomlError) as raised:
        load_toml(write(tmp_path / "dklint.toml", 'fail-on = "error"\nselect = ["DK1"\n'))
    assert (raised.value.line, raised.value.message) == (2, "invalid TOML: unclosed array (at the end of the file)")


def test_the_closest_config_wins_and_pyproject_without_dklint_is_skipped(tmp_path):
    write(tmp_path / "dklint.toml", "select = ['DK1']\n")
    write(tmp_path / "team" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "team" / "sub" / "pyproject.toml", "[tool.dklint]\nignore = ['DK150']\n")
    write(tmp_path / "broken" / "pyproject.toml", "[project\n")  # broken, but says nothing about dklint
    assert find_config(tmp_path / "team" / "a.txt") == (tmp_path / "dklint.toml").resolve()
    assert find_config(tmp_path / "team" / "sub" / "deep") == (tmp_path / "team" / "sub" / "pyproject.toml").resolve()
    assert find_config(tmp_path / "broken") == (tmp_path / "dklint.toml").resolve()


def test_dklint_toml_beats_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.dklint]\nselect = ['DK1']\n")
    write(tmp_path / "dklint.toml", "select = ['DK2']\n")
    assert find_config(tmp_path) == (tmp_path / "dklint.toml").resolve()


def test_extend_merges_tables_replaces_lists_and_adds_rule_folders(tmp_path):
    (tmp_path / "shared" / "packs").mkdir(parents=True)
    (tmp_path / "packs").mkdir()
    write(tmp_path / "shared" / "base.toml", '''
        select = ["DK1"]
        ignore = ["DK150"]
        extend-rules = ["packs"]
        [severity]
        DK101 = "error"
        DK103 = "info"
        [params]
        DK121 = { threshold_mcg = 300, unit_error_mcg = 900 }
    ''')
    config = write(tmp_path / "dklint.toml", '''
        extend = "shared/base.toml"
        ignore = ["DK130"]
        extend-rules = ["packs"]
        [severity]
        DK103 = "warning"
        [params]
        DK121 = { threshold_mcg = 250 }
    ''')
    values = merge(load_layers(config))
    assert values["select"] == ["DK1"] and values["ignore"] == ["DK130"]
    assert values["severity"] == {"DK101": "error", "DK103": "warning"}
    assert values["params"] == {"DK121": {"threshold_mcg": 250, "unit_error_mcg": 900}}
    assert values["extend-rules"] == [str((tmp_path / "shared" / "packs").resolve()), str((tmp_path / "packs").resolve())]


def test_extend_cycles_and_missing_files_are_reported_at_the_extend_line(tmp_path):
    a = write(tmp_path / "a.toml", 'select = ["DK1"]\nextend = "b.toml"\n')
    b = write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    assert problems(a) == [f"{b.resolve()}:1: extend makes a cycle: {a.resolve()} -> {b.resolve()} -> {a.resolve()}"]
    c = write(tmp_path / "c.toml", '# team config\nextend = "nope.toml"\n')
    assert problems(c) == [f"{c.resolve()}:2: extend: no such file: {(tmp_path / 'nope.toml').resolve()}"]


def test_every_shape_mistake_is_reported_with_its_line(tmp_path):
    config = write(tmp_path / "dklint.toml", '''
        selct = ["DK1"]
        fail-on = "warnin"
        jobs = 0
        include = "labels"
        [limits]
        max-file-bytes = 0
        max-line-lenght = 200
        max-json-depth = true
        [severity]
        DK101 = "fatal"
    ''')
    path = config.resolve()
    assert problems(config) == [
        f'{path}:1: unknown key "selct" in dklint.toml (did you mean "select"?)',
        f'{path}:2: fail-on: "warnin" is not one of error, warning, info, never (did you mean "warning"?)',
        f"{path}:3: jobs: must be an integer greater than 0, not 0",
        f"{path}:4: include: must be an array of strings, not a string",
        f"{path}:6: limits.max-file-bytes: must be an integer greater than 0, not 0",
        f'{path}:7: limits.max-line-lenght: unknown limit (did you mean "max-line-length"?) (known: max-file-bytes, '
        "max-line-length, max-json-depth, max-ingredients, max-list-items, max-record-bytes)",
        f"{path}:8: limits.max-json-depth: must be an integer greater than 0, not a boolean",
        f'{path}:10: severity.DK101: "fatal" is not one of error, warning, info',
    ]


def test_unknown_codes_and_params_are_reported_with_their_line(tmp_path):
    config = write(tmp_path / "pyproject.toml", '''
        [project]
        name = "labels"

        [tool.dklint]
        extend-select = ["DK11O"]
        [tool.dklint.per-file-ignores]
        "*.json" = ["DK1", "DX1"]
        [tool.dklint.params]
        DK121 = { max_mcg = 300 }
        DK103 = { megadose_iu = "10000" }
        QQ999 = { x = 1 }
    ''')
    path = config.resolve()
    assert problems(config) == [
        f'{path}:5: extend-select[0]: unknown rule code or prefix "DK11O" (did you mean "DK110"?)',
        f'{path}:7: per-file-ignores."*.json"[1]: unknown rule code or prefix "DX1"',
        f'{path}:9: DK121 has no param "max_mcg" (its params: threshold_mcg, unit_error_mcg)',
        f"{path}:10: DK103.megadose_iu must be an integer like its default 10000, not a string",
        f'{path}:11: params: unknown rule code "QQ999"',
    ]


def test_an_int_is_accepted_for_a_float_param_but_not_a_bool_for_an_int(tmp_path):
    config = write(tmp_path / "dklint.toml", "[params]\nDK121 = { threshold_mcg = true }\n")
    assert problems(config) == [f"{config.resolve()}:2: DK121.threshold_mcg must be an integer like its default 360, "
                                "not a boolean"]


def test_settings_combine_config_and_command_line(tmp_path):
    config = write(tmp_path / "dklint.toml", '''
        select = ["DK1"]
        extend-select = ["DK007"]
        ignore = ["DK150"]
        fail-on = "warning"
        include = ["*.label"]
        exclude = ["drafts"]
        cache-dir = "cache"
        jobs = 4
        [severity]
        DK1 = "info"
        DK101 = "error"
        [limits]
        max-file-bytes = 1000
    ''')
    settings = resolve(tmp_path, CliOverrides(config=config, ignore=("DK130",), fail_on="error"))
    recipe = settings.recipe
    assert (recipe.select, recipe.ignore, recipe.extend_select) == (("DK1",), ("DK150", "DK130"), ("DK007",))
    assert dict(recipe.severities)["DK101"] == "error" and dict(recipe.severities)["DK103"] == "info"
    assert settings.fail_on == "error" and settings.jobs == 4 and settings.max_file_bytes == 1000
    assert (settings.filters.include, settings.filters.exclude) == (("*.label",), ("drafts",))
    assert settings.cache_dir == str((tmp_path / "cache").resolve())
    replaced = resolve(tmp_path, CliOverrides(config=config, select=("DK110",))).recipe
    assert (replaced.select, replaced.extend_select) == (("DK110",), ())


def test_check_uses_the_config_and_per_file_ignores_relative_to_the_config(tmp_path, monkeypatch):
    write(tmp_path / "dklint.toml", '''
        select = ["DK101", "DK103"]
        [per-file-ignores]
        "labels/legacy/*.txt" = ["DK103"]
        "c.txt" = ["DK1"]
    ''')
    write(tmp_path / "labels" / "a.txt", LABEL)
    write(tmp_path / "labels" / "legacy" / "b.txt", LABEL)
    write(tmp_path / "labels" / "legacy" / "c.txt", LABEL)
    result = run(["check", ".", "-f", "json"], tmp_path / "labels", monkeypatch)
    found = [(f["path"], f["code"]) for f in json.loads(result.output)["findings"]]
    assert found == [("a.txt", "DK101"), ("a.txt", "DK103"), ("legacy/b.txt", "DK101")]
    assert result.exit_code == 0  # both are warnings


def test_per_file_ignores_keep_the_findings_that_say_an_input_was_not_checked(tmp_path, monkeypatch):
    write(tmp_path / "dklint.toml", '[per-file-ignores]\n"*.json" = ["DK0"]\n')
    write(tmp_path / "broken.json", "{")
    result = run(["check", "broken.json", "-f", "json"], tmp_path, monkeypatch)
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["DK002"]
    assert result.exit_code == 1


def test_a_config_mistake_is_exit_2_with_file_and_line(tmp_path, monkeypatch):
    config = write(tmp_path / "dklint.toml", 'select = ["DK1"]\nignore = ["DK15O"]\n')
    write(tmp_path / "a.txt", LABEL)
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.output == (f'{config.resolve()}:2: ignore[0]: unknown rule code or prefix "DK15O" '
                             '(did you mean "DK150"?)\n')


def test_isolated_ignores_the_config_and_config_picks_one(tmp_path, monkeypatch):
    write(tmp_path / "dklint.toml", 'select = ["DK1O1"]\n')
    other = write(tmp_path / "other" / "strict.toml", 'select = ["DK101"]\nfail-on = "warning"\n')
    write(tmp_path / "a.txt", LABEL)
    assert run(["check", "a.txt"], tmp_path, monkeypatch).exit_code == 2
    assert run(["check", "--isolated", "a.txt", "--select", "DK101"], tmp_path, monkeypatch).exit_code == 0
    assert run(["check", "--config", str(other), "a.txt"], tmp_path, monkeypatch).exit_code == 1
    both = run(["check", "--config", str(other), "--isolated", "a.txt"], tmp_path, monkeypatch)
    assert (both.exit_code, both.output) == (2, "dklint: --config and --isolated cannot be used together\n")


def test_each_path_uses_its_closest_config(tmp_path, monkeypatch):
    write(tmp_path / "dklint.toml", 'select = ["DK101"]\n')
    write(tmp_path / "strict" / "dklint.toml", 'select = ["DK101"]\nfail-on = "warning"\n')
    write(tmp_path / "a.txt", LABEL)
    write(tmp_path / "strict" / "b.txt", LABEL)
    assert run(["check", "a.txt"], tmp_path, monkeypatch).exit_code == 0
    assert run(["check", "a.txt", "strict/b.txt"], tmp_path, monkeypatch).exit_code == 1


def test_show_settings_prints_every_key_and_the_config_files(tmp_path, monkeypatch):
    base = write(tmp_path / "base.toml", '[params]\nDK121 = { threshold_mcg = 300 }\n')
    config = write(tmp_path / "dklint.toml", '''
        extend = "base.toml"
        select = ["DK12"]
        [per-file-ignores]
        "old/*.txt" = ["DK121"]
        [limits]
        max-record-bytes = 5000
    ''')
    result = run(["check", "--show-settings", "--fail-on", "warning", "."], tmp_path, monkeypatch)
    assert result.exit_code == 0
    assert result.output == textwrap.dedent(f'''\
        # Settings for: .
        # Config files (base first): {base.resolve()}, {config.resolve()}
        select = ["DK12"]
        ignore = []
        extend-select = []
        fail-on = "warning"
        include = []
        exclude = []
        force-exclude = false
        extend-rules = []
        cache-dir = "{(tmp_path / '.dklint_cache').resolve()}"
        cache-max-mb = 256
        jobs = "auto"
        fix = false
        unsafe-fixes = false
        active-rules = ["DK001", "DK002", "DK003", "DK004", "DK005", "DK006", "DK007", "DK008", "DK009", "DK120", "DK121", "DK122", "DK123", "DK124"]

        [per-file-ignores]
        "old/*.txt" = ["DK121"]

        [severity]

        [params]
        DK121 = {{ threshold_mcg = 300 }}

        [limits]
        max-file-bytes = 33554432
        max-record-bytes = 5000
        # max-line-length: not set (built-in default)
        # max-json-depth: not set (built-in default)
        # max-ingredients: not set (built-in default)
        # max-list-items: not set (built-in default)
    ''')


def test_max_file_bytes_reaches_the_reader(tmp_path, monkeypatch):
    write(tmp_path / "dklint.toml", '[limits]\nmax-file-bytes = 50\n')
    write(tmp_path / "a.txt", LABEL)
    result = run(["check", "a.txt", "-f", "json"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert '"code": "DK001"' in result.output and "over the 50-byte limit (limits.max-file-bytes)" in result.output
