"""Logging filter that masks anything looking like a password in a log line."""

import logging
import re

# key=value, key: value, "key": "value" for password-like keys (mot_de_passe, password, secret, token).
_SECRET = re.compile(
    r"""(?P<key>["']?\w*(?:mot_de_passe|password|passwd|secret|token)\w*["']?\s*[:=]\s*)"""
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
