"""Logging filter that masks anything looking like a password in a log line."""

import logging
import re

# Names of what must never be shown: the log filter, and the error reports (autoecole.error_reports).
SECRET_NAMES = "mot_de_passe|password|passwd|secret|token"  # noqa: S105 - names, not a secret
# key=value, key: value, "key": "value" for password-like keys.
_SECRET = re.compile(
    rf"""(?P<key>["']?\w*(?:{SECRET_NAMES})\w*["']?\s*[:=]\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^\s,;&}]+)""",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    return _SECRET.sub(lambda m: f"{m.group('key')}***", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
