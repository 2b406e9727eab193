"""What error reports (the DEBUG page, error emails) may show: never a password or another secret."""

import re

from django.views.debug import SafeExceptionReporterFilter

from .log_filters import SECRET_NAMES


class SafeReportFilter(SafeExceptionReporterFilter):
    """Django's filter, also active in DEBUG, which also hides what looks secret by its name.

    Hidden: settings, request headers, POST fields and local variables whose name looks secret
    (`mot_de_passe_ants`, `password`, `token`…), and any local variable holding a value typed in
    such a POST field, whatever its own name (`plaintext` in agences.crypto.encrypt).
    """

    hidden_settings = re.compile(f"API|AUTH|KEY|PASS|SIGNATURE|HTTP_COOKIE|{SECRET_NAMES}", re.IGNORECASE)

    def is_active(self, request):
        # Django turns its filter off in DEBUG; `make run` runs in DEBUG and real passwords are typed there.
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for name in self._secret_fields(request):
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        typed = self._typed_secrets(request) if request is not None else []
        return [
            (name, self.cleansed_substitute if self._reveals(name, value, typed) else value)
            for name, value in variables
        ]

    def _secret_fields(self, request) -> list[str]:
        declared = getattr(request, "sensitive_post_parameters", [])
        return [
            name
            for name in request.POST
            if declared == "__ALL__" or name in declared or self.hidden_settings.search(name)
        ]

    def _typed_secrets(self, request) -> list[str]:
        fields = self._secret_fields(request)
        return [value for name in fields for value in request.POST.getlist(name) if value]

    def _reveals(self, name: str, value, typed: list[str]) -> bool:
        if self.hidden_settings.search(name):
            return True
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 - a broken __repr__ shows nothing of the value either
            return False
        return any(secret in text for secret in typed)
