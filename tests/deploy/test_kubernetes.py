"""The Kubernetes manifests, rendered by kustomize (kubectl from PyPI) and validated
against the Kubernetes schemas (kubernetes-validate) and KEDA's ScaledObject schema."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.deploy.conftest import REPO

K8S = REPO / "deploy" / "k8s"
KUBECTL = Path(sys.executable).parent / "kubectl"
KEDA_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "keda-scaledobject-v1alpha1.json").read_text())
KUBERNETES_VERSION = "1.30"  # the oldest release the manifests are meant for
GUNICORN_GRACEFUL_TIMEOUT = 30  # gunicorn.conf.py's default


def _filled_secrets() -> str:
    """secrets.env.example with every placeholder replaced by a random value."""
    return re.sub("replace-me", lambda _: secrets.token_urlsafe(40), (K8S / "secrets.env.example").read_text())


def _kustomize(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(KUBECTL), "kustomize", str(folder)], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[dict]:
    folder = tmp_path_factory.mktemp("k8s")
    shutil.copytree(K8S, folder, dirs_exist_ok=True)
    (folder / "secrets.env").write_text(_filled_secrets())
    result = _kustomize(folder)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _kind(rendered, kind: str) -> list[dict]:
    return [doc for doc in rendered if doc["kind"] == kind]


def _one(rendered, kind: str, name: str) -> dict:
    (doc,) = [doc for doc in rendered if doc["kind"] == kind and doc["metadata"]["name"] == name]
    return doc


def _pod_specs(rendered) -> list[tuple[str, dict]]:
    return [
        (doc["metadata"]["name"], doc["spec"]["template"]["spec"])
        for doc in rendered
        if doc["kind"] in ("Deployment", "Job")
    ]


def test_without_real_secrets_nothing_can_be_applied(tmp_path):
    shutil.copytree(K8S, tmp_path, dirs_exist_ok=True)
    (tmp_path / "secrets.env").unlink(missing_ok=True)
    result = _kustomize(tmp_path)
    assert result.returncode != 0
    assert "secrets.env" in result.stderr


def test_every_manifest_is_valid_kubernetes(rendered):
    kinds = {doc["kind"] for doc in rendered}
    assert {
        "ConfigMap",
        "Secret",
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Job",
        "NetworkPolicy",
        "Ingress",
        "ScaledObject",
    } <= kinds
    for doc in rendered:
        if doc["kind"] == "ScaledObject":
            jsonschema.Draft202012Validator(KEDA_SCHEMA).validate(doc)
        else:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_keda_schema_refuses_a_misspelt_field(rendered):
    scaled = json.loads(json.dumps(_one(rendered, "ScaledObject", "recruiting-worker")))
    scaled["spec"]["maxReplicas"] = 8  # KEDA's field is maxReplicaCount
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(KEDA_SCHEMA).validate(scaled)


def test_the_release_is_written_in_one_place(rendered):
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    (image,) = kustomization["images"]
    expected = f"{image['newName']}:{image['newTag']}"
    images = {
        container["image"]
        for _, spec in _pod_specs(rendered)
        for container in spec["containers"] + spec.get("initContainers", [])
    }
    assert images == {expected}
    (job,) = _kind(rendered, "Job")
    assert job["metadata"]["name"] == f"recruiting-migrate-{image['newTag']}"
    assert job["spec"]["ttlSecondsAfterFinished"] > 0
    assert "newTag" not in (K8S / "migrate-job.yaml").read_text()


def test_every_container_runs_locked_down_with_resources(rendered):
    for name, spec in _pod_specs(rendered):
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] == 10001, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for container in spec["containers"] + spec.get("initContainers", []):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, (name, container["name"])
            assert context["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert context["capabilities"]["drop"] == ["ALL"], (name, container["name"])
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), (name, container["name"])
            assert "memory" in container["resources"]["limits"], (name, container["name"])


def test_web_pods_start_probe_and_stop_gracefully(rendered):
    web = _one(rendered, "Deployment", "recruiting-web")["spec"]["template"]["spec"]
    (container,) = web["containers"]
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    assert web["terminationGracePeriodSeconds"] > int(pre_stop[1]) + GUNICORN_GRACEFUL_TIMEOUT
    assert _one(rendered, "PodDisruptionBudget", "recruiting-web")["spec"]["minAvailable"] >= 1
    assert _one(rendered, "HorizontalPodAutoscaler", "recruiting-web")["spec"]["minReplicas"] >= 2


def test_workers_scale_on_the_queue_and_beat_stays_single(rendered):
    scaled = _one(rendered, "ScaledObject", "recruiting-worker")
    assert scaled["spec"]["scaleTargetRef"]["name"] == "recruiting-worker"
    assert scaled["spec"]["triggers"][0]["metadata"]["listName"] == "recruiting"
    beat = _one(rendered, "Deployment", "recruiting-beat")
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"] == {"type": "Recreate"}
    assert _one(rendered, "PodDisruptionBudget", "recruiting-worker")


def test_the_worker_liveness_probe_expands_its_variable_in_a_shell(rendered):
    worker = _one(rendered, "Deployment", "recruiting-worker")["spec"]["template"]["spec"]
    (container,) = worker["containers"]
    command = container["livenessProbe"]["exec"]["command"]
    assert command[:2] == ["sh", "-c"]
    assert "$(" not in " ".join(command)  # the kubelet would not expand it from envFrom
    variables = {item["name"] for item in container.get("env", [])}
    assert "CELERY_HEARTBEAT_FILE" in variables


def test_network_policies_cover_every_pod(rendered):
    policies = _kind(rendered, "NetworkPolicy")
    deny = next(p for p in policies if p["metadata"]["name"] == "recruiting-default-deny")
    selector = deny["spec"]["podSelector"]["matchLabels"]
    for name, spec in _pod_specs(rendered):
        doc = next(d for d in rendered if d["metadata"]["name"] == name and d["kind"] in ("Deployment", "Job"))
        labels = doc["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items(), name


def _settings_probe(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "recruiting.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


def _cluster_env(rendered) -> dict[str, str]:
    import base64

    env = dict(_one(rendered, "ConfigMap", "recruiting-config")["data"])
    (secret,) = _kind(rendered, "Secret")
    env.update({key: base64.b64decode(value).decode() for key, value in secret["data"].items()})
    return env


def test_check_deploy_is_clean_with_the_cluster_settings(rendered):
    result = _settings_probe(_cluster_env(rendered), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_settings_refuse_the_example_placeholders(rendered):
    env = _cluster_env(rendered)
    for line in (K8S / "secrets.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    result = _settings_probe(env, "check")
    assert result.returncode != 0
    assert "replace-me" in result.stderr
