from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command

from recruiting.core.demo import demo_modules, register_demo


def test_every_app_registers_its_demo_part_bottom_layer_first():
    assert [module.__name__ for module in demo_modules()] == [
        "recruiting.accounts.demo",
        "recruiting.postings.demo",
        "recruiting.pipelines.demo_templates",
        "recruiting.pipelines.demo_applications",
        "recruiting.pipelines.demo",
        "recruiting.interviews.demo",
    ]


def test_registering_a_part_twice_runs_it_once():
    register_demo("postings", "recruiting.postings.demo")
    assert [module.__name__ for module in demo_modules()].count("recruiting.postings.demo") == 1


@pytest.mark.django_db
def test_seed_demo_seeds_once_and_prints_the_logins(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    assert "Demo data created." in first.getvalue()
    assert "Demo data is already there." in second.getvalue()
    assert "recruiter@demo.recruiting.test" in second.getvalue()
    assert f"password: {settings.DEMO_PASSWORD}" in second.getvalue()


@pytest.mark.django_db
def test_the_first_seed_says_one_thing_and_the_logins_come_alone(settings, caplog):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding, logins = io.StringIO(), io.StringIO()
    with caplog.at_level("INFO"):
        call_command("seed_demo", "--quiet-logins", stdout=seeding)
    # One message, no per-posting lines, no task log lines burying it.
    assert seeding.getvalue().strip().splitlines() == ["Demo data created."]
    assert [r for r in caplog.records if r.levelno < logging.WARNING] == []
    call_command("seed_demo", "--logins-only", stdout=logins)
    assert "already there" not in logins.getvalue()
    assert logins.getvalue().startswith("Demo logins")
    assert "recruiter@demo.recruiting.test" in logins.getvalue()
