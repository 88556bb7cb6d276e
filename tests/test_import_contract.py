"""The import contract of pyproject.toml ([tool.importlinter], import-linter): each app
imports only from the layers below it, core is the base of the bottom layer, no app
imports the project's wiring, and there are no import cycles between apps or between
the modules of one app. Every exception is listed there, explained, for phase 2 of
issue 9 to remove."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contract_is_kept(capsys):
    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
