"""Probes: the kubelet asks with `Host: <pod IP>:8000` and over plain HTTP."""

from __future__ import annotations

import pytest

POD = "10.42.0.17:8000"


@pytest.fixture
def production_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["recruiting.example.com"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_probes_answer_whatever_the_host_header(client, production_hosts, path):
    response = client.get(path, HTTP_HOST=POD)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/careers/", "/healthz/", "/healthzz", "/accounts/login/", "/metrics"])
def test_every_other_path_still_refuses_an_unknown_host(client, production_hosts, path):
    assert client.get(path, HTTP_HOST=POD).status_code == 400


@pytest.mark.django_db
def test_the_probes_are_not_redirected_to_https(client, production_hosts, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST=POD).status_code == 200
    redirected = client.get("/careers/", HTTP_HOST="recruiting.example.com")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://recruiting.example.com/careers/"


@pytest.mark.django_db
def test_a_probe_keeps_its_method_rules(client, production_hosts):
    assert client.post("/healthz", HTTP_HOST=POD).status_code == 405


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_http_ones_do_not(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    secure = client.get("/careers/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/careers/")
