"""The Locust scenario behind `bench/run.py load` and the container test's load.

Each simulated user GETs LOAD_PATH again and again (waiting LOAD_WAIT seconds between
requests), sending LOAD_COOKIE when set. Anything but a 200 counts as a failure:
redirects are not followed, so an expired session cannot pass for a fast page.
"""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task


class PageUser(FastHttpUser):
    wait_time = constant(float(os.environ.get("LOAD_WAIT", "0")))
    path = os.environ.get("LOAD_PATH", "/healthz")
    cookie = os.environ.get("LOAD_COOKIE", "")

    @task
    def page(self):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        with self.client.get(
            self.path, headers=headers, name=self.path, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
