"""What every request and response of the application goes through (static files excepted)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# Our pages run only our own files (static/, htmx vendored): no inline script, event handler or
# style attribute, so markup slipped into a page cannot run. Downloads set a stricter one.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Student files and their documents: kept by no browser cache or proxy once left.
            add_never_cache_headers(response)
        # Django's DEBUG error pages are styled inline, and exist in development only.
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class RequestBodyLimitMiddleware:
    """Answers 413 to a request announcing a body over REQUEST_BODY_MAX_SIZE, before anything reads it.

    Django's own limits apply while the body is read (and not to files); a 1 GiB upload was received
    whole before the 11 MB check. Without a Content-Length nothing is read: Django reads no more
    than it announces. The reverse proxy caps bodies too (README, docker-compose.yml).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            annonce = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            annonce = 0  # Django reads nothing of a body whose length it cannot read either
        if annonce > settings.REQUEST_BODY_MAX_SIZE:
            # Standalone, like the 500 page: the session and the user are not loaded yet.
            return HttpResponse(render_to_string("413.html"), status=413)
        return self.get_response(request)
