"""Benchmarks: `python bench/run.py NAME [options]` prints one JSON line per case.

Each NAME is a module in this folder with `main(argv: list[str]) -> None`. Benchmarks
build their data in a separate database (bench_recruiting by default) so they never
touch development or test data.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ("board", "search", "slots", "book", "load", "reports", "api", "pools")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in BENCHES:
        print(f"usage: python bench/run.py {{{'|'.join(BENCHES)}}} [options]", file=sys.stderr)
        raise SystemExit(2)
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    module = importlib.import_module(f"bench_{sys.argv[1]}")
    module.main(sys.argv[2:])


if __name__ == "__main__":
    main()
