"""Bench: the ANTS client against a hostile ANTS (issue 13's measures).

    .venv/bin/python bench/ants_hostile.py [--writes 50] [--deadline 2] [--bomb-mb 1024]

1. Duplicates. `--writes` creates, then as many uploads, each losing its answer in one of the ways
   the sandbox plays (applied unanswered, applied late, never applied, hidden by the vanishing
   anomaly; uploads stored under a cleaned-up name), reconciled as a caller must: look again later
   while UNKNOWN, send again only on ABSENT. Then count what ANTS holds.
2. The longest call against a trickled body, trickled headers and a stall, with ANTS_CALL_DEADLINE
   at `--deadline` seconds and the read timeout at 30 s.
3. The memory taken by a gzip bomb of `--bomb-mb` MB inflated (about a thousandth on the wire).
"""

import argparse
import logging
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autoecole.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from ants.client import (  # noqa: E402
    AntsClient,
    AntsCredentials,
    AntsError,
    UnknownOutcome,
    find_demande_created,
    find_piece_uploaded,
)
from ants.client.ratelimit import RateLimiter  # noqa: E402
from ants.client.transport import forget_sessions  # noqa: E402
from ants.sandbox.testing import SandboxProcess  # noqa: E402
from tests.ants import hostile_ants  # noqa: E402
from tests.ants.client_helpers import demande_input, fault, pdf  # noqa: E402

STEP = timedelta(minutes=4)  # how much later the caller looks again
CREATE_LOSSES = [  # (fault, rule, vanish the account's list meanwhile)
    ("timeout", {"drop": True}, False),
    ("late", {"delay_s": 60}, False),
    ("late", {"delay_s": 600}, False),
    ("errors", {"ratio": 1, "status": 500}, False),
    ("timeout", {"drop": True}, True),
]
UPLOAD_LOSSES = [
    ("timeout", {"drop": True}),
    ("late", {"delay_s": 300}),
    ("errors", {"ratio": 1, "status": 500}),
]
PIECE = "JUSTIFICATIF_DOMICILE"  # five pages: room for a duplicate to show


def settle(server, lookup, resend, sent_at, agrement, vanish):
    """The caller's side of an UnknownOutcome; returns (how it ended, lookups made)."""
    now = sent_at
    for lookups in range(1, 40):
        result = lookup(now)
        if result.found:
            return "found", lookups
        if result.absent:
            resend()
            return "sent again", lookups
        server.control("faults/clear")
        if vanish and lookups == 3:  # the anomaly lasts a few lookups, then the list comes back
            server.control("faults/vanish", agrement=agrement, mode="")
        server.control("clock", seconds=STEP.total_seconds())
        now += STEP
    return "still unknown", lookups


def lose(call, server, kind, path, rule):
    fault(server, kind, method="POST", path=path, **rule)
    try:
        call()
    except UnknownOutcome as lost:
        return lost.sent_at
    raise AssertionError("the fault did not lose the answer")


def duplicates(server, writes: int) -> None:
    account = server.control("accounts")
    credentials = AntsCredentials(account["agrement"], account["identifiant"], account["mot_de_passe"])
    ants = AntsClient(credentials, base_url=server.url, rate_limiter=RateLimiter(0, max_wait=0))
    ants.create_demande(demande_input())  # a demande already there, as on any working account
    endings: dict[str, int] = {}
    for i in range(writes):
        kind, rule, vanish = CREATE_LOSSES[i % len(CREATE_LOSSES)]
        sent = demande_input()
        sent_at = lose(lambda sent=sent: ants.create_demande(sent), server, kind, "/api/v1/demandes", rule)
        if vanish:
            server.control("faults/vanish", agrement=account["agrement"], mode="empty")
        ending, _ = settle(
            server,
            lambda now, sent=sent, sent_at=sent_at: find_demande_created(ants, sent, sent_at, now=now),
            lambda sent=sent: ants.create_demande(sent),
            sent_at,
            account["agrement"],
            vanish,
        )
        label = f"{kind} {rule}{' + vanish' if vanish else ''}: {ending}"
        endings[label] = endings.get(label, 0) + 1
    per_email: dict[str, int] = {}
    for demande in server.state_snapshot()["demandes"]:
        if demande["agrement"] == account["agrement"]:
            per_email[demande["email"]] = per_email.get(demande["email"], 0) + 1
    extra = sum(count - 1 for count in per_email.values())
    created = sum(per_email.values()) - 1  # less the demande that was already there
    print(f"creates: {writes} lost answers, {created} demandes on ANTS, {extra} duplicate(s)")
    for ending, count in sorted(endings.items()):
        print(f"  {count:3d} × {ending}")

    extra_files = 0
    for i in range(writes):
        numero = ants.create_demande(demande_input()).numero
        content, name = pdf(), f"Justificatif de domicile n°{i} (scan été).pdf"
        kind, rule = UPLOAD_LOSSES[i % len(UPLOAD_LOSSES)]

        def upload(numero=numero, content=content, name=name):
            ants.upload_piece(numero, PIECE, filename=name, content=content, content_type="application/pdf")

        sent_at = lose(upload, server, kind, f"/api/v1/demandes/{numero}/pieces/*", rule)

        def lookup(now, numero=numero, content=content, name=name, sent_at=sent_at):
            return find_piece_uploaded(
                ants, numero, PIECE, since=sent_at, taille=len(content), filename=name, now=now
            )

        settle(
            server,
            lookup,
            upload,
            sent_at,
            account["agrement"],
            False,
        )
        files = next(p for p in ants.list_pieces(numero) if p.code == PIECE).fichiers
        extra_files += len(files) - 1
    print(f"uploads: {writes} lost answers (stored under cleaned-up names), {extra_files} duplicate(s)")


def hostile_client(behaviour) -> tuple[AntsClient, hostile_ants.HostileAnts]:
    def script(method, path, out):
        if not hostile_ants.signs_in(method, path, out):
            behaviour(out)

    server = hostile_ants.HostileAnts(script)
    forget_sessions()
    credentials = AntsCredentials("E2406900010", "ae-lyon", "x")
    return AntsClient(credentials, base_url=server.url, rate_limiter=RateLimiter(0, max_wait=0)), server


def trickling(deadline: float) -> None:
    settings.ANTS_CALL_DEADLINE, settings.ANTS_READ_TIMEOUT = deadline, 30.0
    longest = 0.0
    for behaviour in (hostile_ants.trickle_body, hostile_ants.trickle_headers, hostile_ants.stall):
        ants, server = hostile_client(behaviour)
        ants.authenticate()
        started = time.monotonic()
        try:
            ants.get_demande("4789")
        except AntsError as error:
            outcome = type(error).__name__
        elapsed = time.monotonic() - started
        longest = max(longest, elapsed)
        print(f"  {behaviour.__name__}: {elapsed:.3f} s -> {outcome}")
        server.close()
    print(f"longest call under trickling: {longest:.3f} s for a deadline of {deadline} s (read timeout 30 s)")


def bomb(megabytes: int) -> None:
    body = hostile_ants.gzip_bomb(megabytes * 1024 * 1024)

    def behaviour(out):
        hostile_ants.head(out, Content_Length=len(body), Content_Encoding="gzip")
        out.write(body)

    ants, server = hostile_client(behaviour)
    ants.authenticate()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    try:
        ants.get_demande("4789")
    except AntsError as error:
        outcome = error.message
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server.close()
    print(
        f"gzip bomb: {len(body) / 1e6:.1f} MB on the wire, {megabytes} MB inflated -> {outcome!r}; "
        f"peak traced allocations {peak:.1f} MB, process peak RSS {rss_before:.0f} -> {rss_after:.0f} MB"
    )


def main() -> None:
    logging.getLogger("ants.client").setLevel(logging.WARNING)  # one line per HTTP call otherwise
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--deadline", type=float, default=2.0)
    parser.add_argument("--bomb-mb", type=int, default=1024)
    args = parser.parse_args()

    bomb(args.bomb_mb)  # first: the process's peak RSS is not yet raised by anything else
    trickling(args.deadline)
    with tempfile.TemporaryDirectory() as tmp:
        server = SandboxProcess(Path(tmp) / "state.sqlite3")
        try:
            duplicates(server, args.writes)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
