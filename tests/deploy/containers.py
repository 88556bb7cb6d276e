"""podman for the container test: bootstrap the Debian 13 base from Debian's mirror when no
image registry is reachable, build the image (layers cached between runs), run containers.

Everything here runs `podman` with CONTAINERS_CONF pointing at deploy/podman/containers.conf
(runc, cgroupfs, ulimits), which works on machines without systemd.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BASE_IMAGE = "docker.io/library/debian:trixie-slim"  # the name the Dockerfile starts FROM
DEBIAN_MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
CA_BUNDLE = Path(os.environ.get("PIP_CERT") or "/etc/ssl/certs/ca-certificates.crt")
LOCK = Path(tempfile.gettempdir()) / "recruiting-podman.lock"


def podman_env() -> dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": str(REPO / "deploy" / "podman" / "containers.conf")}


def podman(*args: str, check: bool = True, timeout: float = 900, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["podman", *args], env=podman_env(), capture_output=True, text=True, timeout=timeout, **kwargs
    )
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def unavailable_reason() -> str | None:
    """Why containers cannot run here, or None. Only a missing podman is a reason to skip."""
    missing = [tool for tool in ("podman", "mmdebstrap") if shutil.which(tool) is None]
    if missing:
        return (
            f"{' and '.join(missing)} not installed and could not be installed here "
            "(./test installs podman, runc and mmdebstrap with apt where it can)"
        )
    return None


@contextmanager
def exclusive():
    """One bootstrap or build at a time on this machine (worktrees and CI share storage)."""
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_base_image() -> None:
    """Debian 13 minbase from Debian's mirror, imported under the Dockerfile's base name.
    Kept in podman's storage, so later runs skip this."""
    if podman("image", "exists", BASE_IMAGE, check=False).returncode == 0:
        return
    with tempfile.TemporaryDirectory(prefix="recruiting-rootfs-") as folder:
        rootfs = Path(folder) / "rootfs.tar"
        subprocess.run(
            ["mmdebstrap", "--variant=minbase", "--quiet", "trixie", str(rootfs), DEBIAN_MIRROR],
            check=True,
            capture_output=True,
            timeout=900,
        )
        podman("import", "--change", "CMD=/bin/bash", str(rootfs), BASE_IMAGE)


def build(containerfile: Path, tag: str, context: Path) -> str:
    """Build with cached layers; return the image id (stable even if the tag moves on)."""
    with tempfile.NamedTemporaryFile(prefix="recruiting-iid-") as iid:
        args = ["build", "--pull=never", "--layers", "--network", "host", "-f", str(containerfile), "-t", tag]
        args += ["--iidfile", iid.name]
        if CA_BUNDLE.is_file():
            args += ["--secret", f"id=ca,src={CA_BUNDLE}"]
        podman(*args, str(context), timeout=1800)
        return Path(iid.name).read_text().strip()


def prepare_images() -> tuple[str, str]:
    """(portal image id, balancer image id), building what changed."""
    with exclusive():
        ensure_base_image()
        portal = build(REPO / "Dockerfile", "recruiting-portal:test", REPO)
        balancer = build(
            REPO / "tests/deploy/stack/haproxy.Containerfile", "recruiting-haproxy:test", REPO / "tests/deploy/stack"
        )
        podman("image", "prune", "--force", "--filter", "until=72h", check=False)
    return portal, balancer
