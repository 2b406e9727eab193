"""Headers of every response of the application (static files, served before, excepted)."""

from django.conf import settings
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
