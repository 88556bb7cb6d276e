from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruiting.core.decorators import role_required
from recruiting.core.roles import ANY_ROLE, MANAGER_ROLES, Role

RECRUITING = Path(__file__).resolve().parents[2] / "recruiting"


def test_role_required_refuses_an_unknown_role_when_the_view_is_declared():
    with pytest.raises(ImproperlyConfigured, match="hiring_manger"):

        @role_required("recruiter", "hiring_manger")
        def view(request):  # pragma: no cover - never defined
            raise AssertionError


def test_role_required_accepts_every_known_role_and_defaults_to_any_role():
    @role_required()
    def anyone(request):
        return None

    @role_required(*MANAGER_ROLES)
    def managers(request):
        return None

    assert anyone.role_policy == ANY_ROLE == tuple(Role.values)
    assert managers.role_policy == ("recruiter", "hiring_manager")


def _role_name_tuples(path: Path) -> list[int]:
    """Lines of `path` that spell out a tuple or list of two or more role names."""
    names = set(Role.values)
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Tuple | ast.List):
            values = [elt.value for elt in node.elts if isinstance(elt, ast.Constant)]
            if len(values) >= 2 and len(values) == len(node.elts) and set(values) <= names:
                lines.append(node.lineno)
    return lines


def test_lists_of_role_names_are_written_only_in_core_roles():
    spelled = {
        str(path.relative_to(RECRUITING)): lines
        for path in RECRUITING.rglob("*.py")
        if "migrations" not in path.parts and (lines := _role_name_tuples(path))
    }
    assert spelled == {}
