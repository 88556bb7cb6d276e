"""Who is calling, what they may do, and how often.

One `ApiAuth(scope)` per operation: a bearer token (its scopes, its account, its
postings) or the browser session of a signed-in user with a role (every scope, then the
same role rules as the pages). Unsafe methods on a session need the CSRF token, as forms
do. Each caller is limited to `API_RATE_LIMIT` requests a minute (Redis in production),
answered 429 with Retry-After.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from ninja.security import HttpBearer

from recruiting.api.problems import Problem
from recruiting.api.tokens import Caller, TokenRefused, caller_for_session, caller_for_token, token_find
from recruiting.core.inputs import request_problem
from recruiting.core.ratelimit import rate_limit_hit

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _csrf_refusal(request) -> str | None:
    check = CsrfViewMiddleware(lambda req: None)
    check.process_request(request)
    response = check.process_view(request, None, (), {})
    return None if response is None else "CSRF token missing or wrong: send X-CSRFToken, as the pages do."


class ApiAuth(HttpBearer):
    """Authenticates, then checks the operation's scope, the rate limit and the input."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def __call__(self, request):
        if request.headers.get("Authorization"):
            caller = super().__call__(request)  # -> authenticate(); None means 401
            if caller is None:
                return None
        else:
            user = request.user
            if not (user.is_authenticated and user.effective_role):
                return None
            if request.method not in SAFE_METHODS:
                refusal = _csrf_refusal(request)
                if refusal:
                    raise Problem(403, refusal, kind="csrf")
            caller = caller_for_session(user)
        if self.scope not in caller.scopes:
            raise Problem(403, f"This token does not have the {self.scope} scope.", kind="missing-scope")
        limit = rate_limit_hit(
            scope="api", key=caller.rate_key, limit=settings.API_RATE_LIMIT, window=settings.API_RATE_WINDOW_SECONDS
        )
        if not limit.allowed:
            raise Problem(
                429,
                f"At most {limit.limit} requests per {settings.API_RATE_WINDOW_SECONDS} seconds; try again later.",
                kind="rate-limited",
                headers={"Retry-After": str(max(limit.retry_after, 1))},
            )
        try:
            problem = request_problem(request)
        except (MultiPartParserError, UnreadablePostError) as exc:
            raise Problem(400, f"The body cannot be read: {exc}", kind="unreadable-body") from None
        except RequestDataTooBig:
            raise Problem(413, "The body is too large.", kind="too-large") from None
        if problem:
            raise Problem(400, problem, kind="unstorable-input")
        return caller

    def authenticate(self, request, token: str) -> Caller | None:
        try:
            return caller_for_token(token_find(token))
        except TokenRefused:
            return None
