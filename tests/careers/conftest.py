from __future__ import annotations

from tests.postings.conftest import _fast_passwords, library, posting  # noqa: F401  (the same fixtures)
