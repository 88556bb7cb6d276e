"""The production settings plus one minimal view (the load benchmark's ceiling)."""

from recruiting.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
