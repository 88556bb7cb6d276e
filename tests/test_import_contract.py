"""The import contract of pyproject.toml ([tool.importlinter], import-linter): each app
imports only from the layers below it, core is the base of the bottom layer, no app
imports the project's wiring, and there are no import cycles between apps or between
the modules of one app (ADR 5). No contract lists exceptions."""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contract_is_kept(capsys):
    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report


def test_no_contract_lists_exceptions():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    excepted = {
        contract["id"]: contract["ignore_imports"] for contract in config["contracts"] if contract.get("ignore_imports")
    }
    assert excepted == {}
