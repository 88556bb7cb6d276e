"""House conventions that a grep can check (STYLE.md): one HTMX partial pattern and
Vary through the decorator."""

from __future__ import annotations

import re
from pathlib import Path

RECRUITING = Path(__file__).resolve().parents[1] / "recruiting"

# A middleware answers before any view, so no view decorator can add its Vary.
MIDDLEWARE = {"core/inputs.py"}


def _sources():
    for path in sorted(RECRUITING.rglob("*.py")):
        if "migrations" not in path.parts:
            yield str(path.relative_to(RECRUITING)), path.read_text()


def test_vary_on_hx_request_comes_from_the_decorator():
    hand_written = {name for name, text in _sources() if "patch_vary_headers(" in text}
    assert hand_written - MIDDLEWARE == set()


def test_views_render_pages_or_their_partials_never_fragment_templates():
    # A fragment is a `{% partialdef %}` of its page ("page.html#name"), not "_name.html".
    fragment = re.compile(r"""render(?:_page|_to_string)?\(\s*request,\s*f?["'][\w/]*/_[\w.]*["']""")
    offenders = {name for name, text in _sources() if fragment.search(text)}
    assert offenders == set()
