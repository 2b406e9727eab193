"""Login throttling (django-axes) on the address of the person, not of the proxy in front.

Behind the TLS proxy every request comes from the proxy: keyed on its address, five failures of one
person would lock the account for everyone. X-Forwarded-For is believed only as far as the hops
that wrote it are TRUSTED_PROXIES (settings); anyone else can write that header.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    return address is not None and any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str:
    """REMOTE_ADDR, or while that hop is a trusted proxy, the hop before it in X-Forwarded-For."""
    address = _ip(request.META.get("REMOTE_ADDR", ""))
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not _trusted(address) or _ip(hop) is None:
            break
        address = _ip(hop)
    return str(address) if address is not None else ""


class AxesHandler(AxesDatabaseHandler):
    """Axes's handler (a username locked from one address), which also locks an address after
    AXES_IP_FAILURE_LIMIT failures on any usernames: password spraying."""

    def get_failures(self, request, credentials=None) -> int:
        par_compte = super().get_failures(request, credentials)
        par_adresse = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        # On the per-account scale, so that axes's single limit (AXES_FAILURE_LIMIT) decides both.
        return max(
            par_compte, (par_adresse or 0) * settings.AXES_FAILURE_LIMIT // settings.AXES_IP_FAILURE_LIMIT
        )
