"""Bad input everywhere: no route answers with a 500, and nothing is logged as an error.

Every route of the access sweep (`tests/support/sweep.py`) is requested by someone allowed
to use it, and every GET parameter, form field and path parameter it takes gets a battery
of bad values: NUL, 4,000 characters, emoji, right-to-left marks, unpaired surrogates and
bytes that are not UTF-8 (as percent-encoded bytes), negative and huge numbers, dates that
are out of range or do not exist, malformed and unknown ids.

The fields are found, not listed: once per module, every GET route's page is read and its
<form>s collected (`tests/support/htmlforms.py`: fields, types, options, where they post,
`hx-post`/`hx-get` targets too), together with the route table's own query and form data.
A form is sent with what a person would send (the page's values, completed where a field
is empty) through a client that enforces CSRF with a real token, with bad values put in:
every field at once; plain text fields together, a group the form refuses split until the
field that refused is found (so the others still reach the service); dates, numbers, ids
and buttons one at a time; NUL and bad bytes in every field one at a time.

The world is built once per module (an outer transaction rolled back at the end), and every
request runs in a savepoint rolled back after it, so a delete or a move does not change
what the next request meets and the sweep stays quick enough for every `./test`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from recruiting.core.inputs import REFUSED_HEADER
from recruiting.postings.sample_files import make_pdf
from tests.factories import UserFactory
from tests.support.htmlforms import Form, read_forms
from tests.support.sweep import BUILDABLE, MULTIPART_API_ROUTES, ROUTES, Built, World, build, build_world

pytestmark = pytest.mark.django_db

BAD_VALUES: dict[str, str] = {
    "nul": "Asha\x00Rao",
    "4000 characters": "x" * 4000,
    "emoji": "Asha 👩🏽‍💻🚀",
    "right-to-left marks": "\u202eoaR ahsA\u202c\u200f",
    "negative": "-1",
    "huge": "1" + "0" * 26,
    "year 9999": "9999-12-30",
    "year 1": "0001-01-01",
    "30 February": "2026-02-30",
    "far instant": "9999-12-31T23:00:00+00:00",
    "malformed id": "not-an-id",
    "unknown uuid": "00000000-0000-4000-8000-000000000000",
}
# Sent as raw percent-encoded bytes: an unpaired surrogate (UTF-8-style ED A0 80) and
# bytes that are never UTF-8.
BAD_BYTES: dict[str, str] = {"surrogate": "%ED%A0%80", "not UTF-8": "%FF%FE"}
BAD_PATH_VALUES: dict[str, tuple[str, ...]] = {
    "uuid": ("00000000-0000-4000-8000-000000000000", "not-a-uuid"),
    "int": ("1" + "0" * 26, "9223372036854775808", "0"),
    "str": ("%00", "x" * 4000, "%ED%A0%80"),
}
CSRF_TOKEN = "InputSweepCsrfToken0123456789abc"  # 32 characters: a valid secret

# Files for file inputs, by what the input accepts.
PDF = make_pdf("Asha Rao\nPlatform engineer, Chennai\nPython, PostgreSQL, Django")
CSV = b"full_name,email,phone\nAsha Rao,asha.sweep@mail.example.com,+91 98400 12345\n"
BAD_FILE_NAMES = ("cv\x00.pdf", "x" * 4000 + ".pdf", "👩🏽‍💻.pdf", "\u202efdp.exe")


def route_name_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


# --- The module's world, users and forms -------------------------------------------------------------
@dataclass
class Sweep:
    world: World
    admin: object
    owner: object
    recruiter: object
    media: object
    users_by_route: dict[str, object] = field(default_factory=dict)
    forms_by_route: dict[str, list[tuple[object, Form]]] = field(default_factory=dict)


def strict_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies[django_settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _people_to_try(route, sweep: Sweep) -> list:
    """Who may use the route: the posting's owner first, then a recruiter, the admin and
    the panelist who has submitted (scorecards are theirs)."""
    if route.public:
        return [None]
    return [sweep.owner, sweep.recruiter, sweep.admin, sweep.world.panelist]


def _crawl(sweep: Sweep) -> None:
    """Choose each route's user (the first who may open it) and read every page's forms:
    one form per route and set of fields (a page lists the same form for every row),
    preferably the one naming the route table's own objects."""
    canonical = {route.name: urlsplit(build(route, sweep.world).url).path for route in BUILDABLE}
    seen: dict[tuple, int] = {}
    for route in BUILDABLE:
        built = build(route, sweep.world)
        people = _people_to_try(route, sweep)
        if "GET" not in built.methods:
            roles = route.roles or ()
            sweep.users_by_route[route.name] = next(
                (u for u in people if u is None or u.role in roles or u.role == "admin"), sweep.admin
            )
            continue
        for user in people:
            response = strict_client(user).get(built.url)
            if response.status_code < 400:
                break
        sweep.users_by_route[route.name] = user
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in read_forms(response.content.decode("utf-8", "replace"), built.url):
            name = route_name_of(form.url)
            if name is None:
                continue
            forms = sweep.forms_by_route.setdefault(name, [])
            key = (name, form.method, tuple(sorted(form.names)), tuple(sorted(form.files)))
            if key not in seen:
                seen[key] = len(forms)
                forms.append((user, form))
            elif urlsplit(form.url).path == canonical.get(name):
                forms[seen[key]] = (user, form)


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("sweep-media")
    with django_db_blocker.unblock(), transaction.atomic():
        from django.test import override_settings

        with override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            APPLY_RATE_LIMIT=1_000_000,
        ):
            admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role="admin", is_staff=True)
            recruiter = UserFactory(email="rita.recruiter@example.com", full_name="Rita Recruiter", role="recruiter")
            owner = UserFactory(email="hari.manager@example.com", full_name="Hari Manager", role="hiring_manager")
            outsider = UserFactory(email="olga.outsider@example.com", full_name="Olga Outsider", role="hiring_manager")
            state = Sweep(
                world=build_world(owner, outsider, recruiter),
                admin=admin,
                owner=owner,
                recruiter=recruiter,
                media=media,
            )
            quiet = logging.getLogger("django.request")
            level, quiet.level = quiet.level, logging.ERROR  # the crawl meets many 403s and 404s
            try:
                _crawl(state)
            finally:
                quiet.setLevel(level)
            yield state
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _sweep_settings(settings, sweep):
    settings.MEDIA_ROOT = sweep.media  # where the world's CV is
    settings.APPLY_RATE_LIMIT = 1_000_000  # the battery is many applications from one address


# What a person types where no value can be guessed from the field.
TYPED_BY_PEOPLE = {"confirm": "ERASE"}


# --- Filling forms ------------------------------------------------------------------------------------
def _filled(form: Form, name: str) -> list[str]:
    """What a person would send: the page's values, a ticked box and a chosen option where
    the page has none, a clicked button, and something sensible in an empty input."""
    kind = kind_of(form, name)
    values = form.values.get(name, [])
    if kind == "button":
        return form.buttons[name][:1]
    if kind in ("checkbox", "radio"):
        if values or name.endswith("-DELETE"):  # ticking "remove" would only delete the row
            return values
        return form.options.get(name, ["on"])[:1]
    if any(v != "" for v in values) or kind in ("hidden", "select"):
        return values
    if name in TYPED_BY_PEOPLE:
        return [TYPED_BY_PEOPLE[name]]
    if kind == "money":
        return ["18,50,000"]
    lowered = name.lower()
    day = timezone.localdate() + timedelta(days=30)
    if kind == "email" or "email" in lowered:
        return ["asha.sweep@mail.example.com"]
    if kind == "tel" or "phone" in lowered:
        return ["+91 98400 12345"]
    if kind == "date":
        return [day.isoformat()]
    if kind == "time":
        return ["10:00"]
    if kind == "number":
        return ["1"]
    if kind == "url" or "link" in lowered:
        return ["https://meet.example.com/sweep"]
    return ["Sweep value"]


def _defaults(form: Form, extra: dict) -> dict[str, list[str]]:
    data = {name: _filled(form, name) for name in form.names if name != "csrfmiddlewaretoken"}
    for name, value in extra.items():
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    return {name: values for name, values in data.items() if values}


def _file_for(accept: str, name: str = "") -> SimpleUploadedFile:
    if "csv" in accept:
        return SimpleUploadedFile(name or "people.csv", CSV, content_type="text/csv")
    return SimpleUploadedFile(name or "cv.pdf", PDF, content_type="application/pdf")


def _encoded(data: dict[str, list[str]], raw: dict[str, str] | None = None) -> str:
    pairs = urlencode([(k, v) for k, values in data.items() for v in values])
    for name, encoded in (raw or {}).items():
        pairs += ("&" if pairs else "") + quote(name) + "=" + encoded
    return pairs


# --- Sending ------------------------------------------------------------------------------------------
# Plain text fields take nearly anything: they get each value together, and a group the
# form refuses is split until the field that refused is found, so the others still reach
# the view and the service with it. Typed fields (dates, numbers, ids) get theirs one at
# a time. Choice fields refuse whatever is not an option: every field at once covers them.
TEXT_KINDS = {"text", "textarea", "search"}
TEXT_VALUES = (
    "4000 characters", "emoji", "right-to-left marks", "negative", "huge", "year 9999", "year 1", "30 February",
)  # fmt: skip
CHOICE_KINDS = {"select", "radio", "checkbox"}
CHOICE_VALUES = ("malformed id", "unknown uuid", "huge")
TYPED_VALUES: dict[str, tuple[str, ...]] = {
    "date": ("year 9999", "year 1", "30 February"),
    "number": ("negative", "huge"),
    "money": ("negative", "huge"),
    "time": ("negative", "huge"),
    "datetime-local": ("year 9999", "year 1"),
    "button": ("malformed id", "huge", "far instant", "year 9999"),
}
# Every field at once: how each field's parser takes a value of another kind. (NUL and bad
# bytes go to every field on their own; text and choices get the rest in their groups.)
ALL_AT_ONCE = (
    "4000 characters", "emoji", "negative", "huge", "year 9999", "30 February", "far instant", "malformed id",
)  # fmt: skip
UUID_SHAPED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def hidden_values(current: list[str]) -> tuple[str, ...]:
    """What to put in a hidden field, by what it holds now: a key or a version (a number),
    a public id (a UUID), an instant, or a token."""
    value = current[0] if current else ""
    if value.lstrip("-").isdigit():
        return ("malformed id", "huge", "negative")
    if UUID_SHAPED.fullmatch(value):
        return ("malformed id", "unknown uuid")
    if value[:4].isdigit() and "T" in value:
        return ("malformed id", "far instant", "year 9999")
    return ("malformed id", "huge")


def kind_of(form: Form | None, name: str) -> str:
    if form is None or (name not in form.types and name not in form.buttons):
        return "hidden"  # a parameter of the route table: an id, a version, a token
    kind = form.types.get(name, "button")
    if kind == "text" and form.inputmode.get(name) in ("decimal", "numeric"):
        return "money"
    return kind


@dataclass
class Outcome:
    route: str
    problems: list[str] = field(default_factory=list)
    reached_the_view: int = 0
    requests: int = 0

    def check(self, what: str, response) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.problems.append(f"{what}: {response.status_code}")
        elif response.status_code == 403 and b"CSRF" in response.content:
            self.problems.append(f"{what}: refused for CSRF (the sweep must send a valid token)")
        if response.status_code != 405 and not response.has_header(REFUSED_HEADER):
            self.reached_the_view += 1


def _form_refused(response) -> bool:
    """The view answered with the form and its errors (not with a 404 or a redirect)."""
    return not getattr(response, "streaming", False) and b'class="errorlist"' in response.content


def _undone(request):
    """Send one request and undo whatever it wrote, so every request meets the same world
    (a delete does not turn the rest of the battery into 404s)."""
    with transaction.atomic():
        response = request()
        transaction.set_rollback(True)
    return response


class Battery:
    """One form (or a GET route's parameters) and the requests that attack it."""

    def __init__(self, outcome: Outcome, send, defaults: dict[str, list[str]], form: Form | None, *, deep: bool):
        self.outcome, self.send, self.defaults, self.form, self.deep = outcome, send, defaults, form, deep

    def request(self, what: str, changes: dict[str, str], raw: dict[str, str] | None = None):
        data = {k: v for k, v in self.defaults.items() if not raw or k not in raw}
        data.update({name: [value] for name, value in changes.items()})
        response = _undone(lambda: self.send(data, raw))
        self.outcome.check(what, response)
        return response

    def group(self, label: str, names: list[str], *, split: bool) -> None:
        if not names:
            return
        what = f"{names[0]}{' and others' if len(names) > 1 else ''}= {label}"
        response = self.request(what, dict.fromkeys(names, BAD_VALUES[label]))
        if split and len(names) > 1 and _form_refused(response):
            half = len(names) // 2
            self.group(label, names[:half], split=split)
            self.group(label, names[half:], split=split)

    def run(self) -> None:
        names = list(self.defaults)
        kinds = {name: kind_of(self.form, name) for name in names}
        can_split = self.deep and not _form_refused(self.request("the page's own values", {}))
        for label in ALL_AT_ONCE:
            self.request(f"all= {label}", dict.fromkeys(names, BAD_VALUES[label]))
        if self.deep:
            text = [n for n in names if kinds[n] in TEXT_KINDS]
            for label in TEXT_VALUES:
                short = {n for n in text if self.form and self.form.maxlength.get(n, 4000) < 4000}
                self.group(label, [n for n in text if label != "4000 characters" or n not in short], split=can_split)
            for label in CHOICE_VALUES:
                self.group(label, [n for n in names if kinds[n] in CHOICE_KINDS], split=False)
            for name in names:
                labels = (
                    hidden_values(self.defaults[name]) if kinds[name] == "hidden" else TYPED_VALUES.get(kinds[name])
                )
                for label in labels or ():
                    self.request(f"{name}= {label}", {name: BAD_VALUES[label]})
        for name in names:  # refused by the middleware, before any view: cheap
            self.request(f"{name}= NUL", {name: BAD_VALUES["nul"]})
            if not (self.form and self.form.files):
                for label, encoded in BAD_BYTES.items():
                    self.request(f"{name}= {label}", {}, raw={name: encoded})


def _encoded(data: dict[str, list[str]], raw: dict[str, str] | None = None) -> str:
    pairs = urlencode([(k, v) for k, values in data.items() for v in values])
    for name, encoded in (raw or {}).items():
        pairs += ("&" if pairs else "") + quote(name) + "=" + encoded
    return pairs


def _get_battery(outcome: Outcome, client, path: str, params: dict, form: Form | None) -> None:
    def send(data, raw):
        return client.get(f"{path}?{_encoded(data, raw)}", HTTP_HX_REQUEST="true")

    Battery(outcome, send, params, form, deep=True).run()


def _post_battery(outcome: Outcome, client, form: Form, defaults: dict[str, list[str]]) -> None:
    def send(data, raw, files=None):
        if raw is not None or not form.files:
            return client.post(
                form.url, _encoded(data, raw), content_type="application/x-www-form-urlencoded",
                HTTP_X_CSRFTOKEN=CSRF_TOKEN,
            )  # fmt: skip
        payload = {k: (v if len(v) > 1 else v[0]) for k, v in data.items()}
        payload.update({name: _file_for(accept) for name, accept in form.files.items()})
        payload.update(files or {})
        return client.post(form.url, payload, HTTP_X_CSRFTOKEN=CSRF_TOKEN)

    Battery(outcome, send, defaults, form, deep=not form.side_channel).run()
    for name, accept in form.files.items():
        for bad_name in BAD_FILE_NAMES:
            file = {name: _file_for(accept, bad_name)}
            response = _undone(lambda file=file: send(defaults, None, file))
            outcome.check(f"file {name} named {bad_name[:20]!r}", response)


def _path_battery(outcome: Outcome, client, route, built: Built, sweep: Sweep) -> None:
    kwargs_of = ROUTES[route.name][0]
    if not kwargs_of:
        return
    converters = {name: conv for conv, name in re.findall(r"<(\w+):(\w+)>", route.pattern)}
    path = urlsplit(built.url).path
    for key, value in kwargs_of(sweep.world).items():
        for bad in BAD_PATH_VALUES.get(converters.get(key, "str"), BAD_PATH_VALUES["str"]):
            bad_path = path.replace(f"/{value}/", f"/{bad}/", 1)
            for method in sorted(built.methods):
                if method == "GET":
                    response = client.get(bad_path)
                else:
                    response = _undone(lambda bad_path=bad_path: client.post(
                        bad_path, "", content_type="application/x-www-form-urlencoded", HTTP_X_CSRFTOKEN=CSRF_TOKEN
                    ))  # fmt: skip
                outcome.check(f"{method} path {key}={bad[:20]}", response)
                # A malformed or unknown id is "not found"; a token that is no token, "not valid".
                if response.status_code not in ((400, 404) if converters.get(key, "str") == "str" else (404,)):
                    outcome.problems.append(f"{method} path {key}={bad[:20]}: {response.status_code}, expected 404")


# JSON bodies of the API: every field gets every bad value, and values of the wrong type.
WRONG_TYPES: dict[str, object] = {
    "null": None,
    "huge number": 10**30,
    "float": 1e308,
    "negative": -1,
    "true": True,
    "list": ["x"],
    "object": {"a": 1},
}


def _json_battery(outcome: Outcome, client, built: Built) -> None:
    import json

    def send(body, content_type="application/json"):
        return _undone(
            lambda: client.post(
                built.url, body, content_type=content_type, HTTP_X_CSRFTOKEN=CSRF_TOKEN, HTTP_IF_MATCH='"v1"'
            )
        )

    outcome.check("the route table's body", send(built.data))
    for name in built.data:
        for label, value in [*BAD_VALUES.items(), *WRONG_TYPES.items()]:
            outcome.check(f"{name}= {label}", send({**built.data, name: value}))
    for label, raw in {
        "not JSON": b"{not json",
        "a list": b"[1, 2]",
        "lone surrogate": b'{"body": "\\ud800", "reason": "\\udfff", "stage": "\\ud800"}',
        "raw bytes": b'{"body": "' + bytes([0xFF, 0xFE]) + b'"}',
        "NUL escape": json.dumps({k: "a\u0000b" for k in built.data}).encode(),
    }.items():
        outcome.check(f"body= {label}", send(raw))
    outcome.check("body as a form", send("a=1", content_type="application/x-www-form-urlencoded"))


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.name)
def test_no_bad_input_gives_a_500(route, sweep, caplog):
    caplog.set_level(logging.ERROR)  # 4xx warnings are not even formatted
    built = build(route, sweep.world)
    outcome = Outcome(route.name)
    forms = sweep.forms_by_route.get(route.name, [])
    if "GET" in built.methods:
        client = strict_client(sweep.users_by_route[route.name])
        params = {k: [v] for k, v in parse_qsl(urlsplit(built.url).query)}
        get_forms = [f for _u, f in forms if f.method == "GET"]
        for form in get_forms:
            params.update(_defaults(form, {}))
        merged = get_forms[0] if get_forms else None
        if params:
            _get_battery(outcome, client, urlsplit(built.url).path, params, merged)
        _path_battery(outcome, client, route, built, sweep)
    if "POST" in built.methods and route.api and route.name not in MULTIPART_API_ROUTES:
        client = strict_client(sweep.users_by_route[route.name])
        _json_battery(outcome, client, built)
        if "GET" not in built.methods:
            _path_battery(outcome, client, route, built, sweep)
    elif "POST" in built.methods:
        posts = [(u, f) for u, f in forms if f.method == "POST"]
        if not posts:
            fields = {k: [""] for k in built.data}
            posts = [(sweep.users_by_route[route.name], Form(method="POST", url=built.url, values=fields))]
        for user, form in posts:
            _post_battery(outcome, strict_client(user), form, _defaults(form, built.data))
        if "GET" not in built.methods:
            _path_battery(outcome, strict_client(posts[0][0]), route, built, sweep)
        if not outcome.reached_the_view:
            outcome.problems.append("no request reached the view (all refused before it read them)")

    logged = [f"{r.name}: {r.getMessage()[:200]}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert not outcome.problems and not logged, "\n".join([*outcome.problems[:30], *logged[:10]])


def test_the_sweep_finds_the_forms_people_fill_in_and_fills_them_validly(sweep):
    """Guards the sweep itself: the forms that matter are found, with their typed fields,
    and what the sweep sends by default is accepted, so bad values reach the services."""
    expected = {
        "careers:apply": ({"full_name", "email", "phone", "consent"}, {"cv"}),
        "postings:create": ({"title", "pay_max", "closes_on", "skills-TOTAL_FORMS"}, set()),
        "interviews:time_off_add": ({"first_day", "last_day"}, set()),
        "pipelines:import": (set(), {"file"}),
        "interviews:self_schedule": ({"start", "tz"}, set()),
    }
    for name, (fields, files) in expected.items():
        user, form = next((u, f) for u, f in sweep.forms_by_route[name] if f.method == "POST")
        assert fields <= set(form.names) and files <= set(form.files), name
        defaults = _defaults(form, {})
        response = _undone(lambda: _post_defaults(strict_client(user), form, defaults))
        assert response.status_code in (200, 302), (name, response.status_code)
        assert not _form_refused(response), name
    create = next(f for _u, f in sweep.forms_by_route["postings:create"] if f.method == "POST")
    assert kind_of(create, "pay_max") == "money" and kind_of(create, "closes_on") == "date"


def _post_defaults(client, form: Form, defaults: dict[str, list[str]]):
    payload = {k: (v if len(v) > 1 else v[0]) for k, v in defaults.items()}
    payload.update({name: _file_for(accept) for name, accept in form.files.items()})
    return client.post(form.url, payload, HTTP_X_CSRFTOKEN=CSRF_TOKEN)
