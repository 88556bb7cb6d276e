"""Run the Locust scenario (bench/locustfile.py) headless and read its figures."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def locust(*, host: str, path: str, users: int, seconds: int, cookie: str = "", wait: float = 0.0) -> dict:
    """Run `users` users against host+path for `seconds`; return counts and percentiles."""
    with tempfile.TemporaryDirectory(prefix="recruiting-locust-") as folder:
        prefix = str(Path(folder) / "run")
        env = {**os.environ, "LOAD_PATH": path, "LOAD_COOKIE": cookie, "LOAD_WAIT": str(wait)}
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f", str(LOCUSTFILE), "--headless", "--host", host,
            "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
            "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
        ]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
        if result.returncode != 0:
            raise RuntimeError(f"locust failed ({result.returncode}): {result.stderr[-2000:]}")
        with open(f"{prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with open(f"{prefix}_failures.csv", newline="") as handle:
            errors = {row["Error"]: int(row["Occurrences"]) for row in csv.DictReader(handle)}
    (total,) = [row for row in rows if row["Name"] == "Aggregated"]
    requests = int(total["Request Count"])
    return {
        "requests": requests,
        "failures": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "errors": errors,
    }
