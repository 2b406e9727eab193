"""Reconciliation after a lost write: FOUND, ABSENT (send again) or UNKNOWN (look again later).

Against the live sandbox, whose faults lose answers (`timeout` with `drop`: applied, unanswered),
refuse requests unread (`errors`: 500, not applied), apply them late (`late`) and hide demandes from
the list (`vanish`). `now` plays the caller looking again later, without sleeping.
"""

from datetime import datetime, timedelta

import pytest
import responses

from ants.client import LookupState, UnknownOutcome, find_demande_created, find_piece_uploaded
from tests.ants.client_helpers import (
    EDGE_API,
    demande_input,
    edge_client,
    fault,
    pdf,
    resume_body,
)
from tests.ants.client_helpers import (
    demande_body as demande_json,
)

CREATE = {"method": "POST", "path": "/api/v1/demandes"}


@pytest.fixture
def later(settings):
    """A moment when ANTS can no longer apply a request sent now (ANTS_APPLY_DELAY_MAX has passed)."""
    return timedelta(seconds=settings.ANTS_APPLY_DELAY_MAX + 1)


@pytest.fixture
def witness(ants):
    """Another demande of the account, so that its listing is seen to work."""
    return ants.create_demande(demande_input())


def lose_create(ants_sandbox, ants, kind: str, **rule):
    """A create whose answer is lost by the sandbox fault `kind`: (what was sent, the UnknownOutcome)."""
    ants.authenticate()
    sent = demande_input()
    fault(ants_sandbox, kind, **CREATE, **rule)
    with pytest.raises(UnknownOutcome) as raised:
        ants.create_demande(sent)
    return sent, raised.value


def demandes_for(ants, sent) -> list:
    return list(ants.list_demandes(email=sent.candidat.email))


# Creates


def test_a_create_applied_but_unanswered_is_found(ants_sandbox, ants):
    sent, lost = lose_create(ants_sandbox, ants, "timeout", drop=True)

    lookup = find_demande_created(ants, sent, lost.sent_at)

    assert lookup.state is LookupState.FOUND
    assert lookup.value.candidat == sent.candidat
    assert [d.numero for d in demandes_for(ants, sent)] == [lookup.value.numero]


def test_a_create_not_applied_is_unknown_while_ants_may_still_apply_it(ants_sandbox, ants, witness):
    sent, lost = lose_create(ants_sandbox, ants, "errors", ratio=1, status=500)

    lookup = find_demande_created(ants, sent, lost.sent_at)

    assert lookup.state is LookupState.UNKNOWN
    assert lookup.message == "L'ANTS peut encore appliquer l'envoi : nouvelle vérification plus tard."


def test_a_create_not_applied_is_absent_once_ants_can_no_longer_apply_it(ants_sandbox, ants, witness, later):
    sent, lost = lose_create(ants_sandbox, ants, "errors", ratio=1, status=500)
    ants_sandbox.control("faults/clear")

    lookup = find_demande_created(ants, sent, lost.sent_at, now=lost.sent_at + later)

    assert lookup.state is LookupState.ABSENT
    assert lookup.value is None


def test_a_create_not_applied_stays_unknown_on_an_account_that_lists_nothing(ants_sandbox, ants, later):
    sent, lost = lose_create(ants_sandbox, ants, "errors", ratio=1, status=500)
    ants_sandbox.control("faults/clear")

    lookup = find_demande_created(ants, sent, lost.sent_at, now=lost.sent_at + later)

    assert lookup.state is LookupState.UNKNOWN  # a fresh account, or all its demandes vanished: no telling


def test_a_create_applied_late_is_unknown_until_ants_applies_it_then_found(ants_sandbox, ants, witness):
    sent, lost = lose_create(ants_sandbox, ants, "late", delay_s=60)

    before = find_demande_created(ants, sent, lost.sent_at)
    ants_sandbox.control("clock", seconds=61)
    after = find_demande_created(ants, sent, lost.sent_at)

    assert (before.state, after.state) == (LookupState.UNKNOWN, LookupState.FOUND)
    assert len(demandes_for(ants, sent)) == 1


def test_a_create_hidden_by_the_vanishing_anomaly_is_unknown_not_absent(
    ants_sandbox, ants, witness, later, ants_account
):
    sent, lost = lose_create(ants_sandbox, ants, "timeout", drop=True)
    ants_sandbox.control("faults/vanish", agrement=ants_account["agrement"], mode="empty")

    hidden = find_demande_created(ants, sent, lost.sent_at, now=lost.sent_at + later)
    ants_sandbox.control("faults/vanish", agrement=ants_account["agrement"], mode="")
    back = find_demande_created(ants, sent, lost.sent_at, now=lost.sent_at + later)

    assert (hidden.state, back.state) == (LookupState.UNKNOWN, LookupState.FOUND)


def test_a_lookup_when_ants_is_unavailable_is_unknown(ants_sandbox, ants, witness, later):
    sent, lost = lose_create(ants_sandbox, ants, "timeout", drop=True)
    fault(ants_sandbox, "errors", ratio=1, status=503, method="GET")

    lookup = find_demande_created(ants, sent, lost.sent_at, now=lost.sent_at + later)

    assert lookup.state is LookupState.UNKNOWN


def look_until_settled(ants_sandbox, ants, sent, lost, step: timedelta):
    """The caller's side: look again later while UNKNOWN, send again only on ABSENT."""
    now = lost.sent_at
    for _ in range(20):
        lookup = find_demande_created(ants, sent, lost.sent_at, now=now)
        if lookup.found:
            return lookup.value
        if lookup.absent:
            return ants.create_demande(sent)
        ants_sandbox.control("faults/clear")  # ANTS recovers, time passes on both sides
        ants_sandbox.control("clock", seconds=step.total_seconds())
        now += step
    raise AssertionError("still unknown")


@pytest.mark.parametrize(
    ("kind", "rule"),
    [
        ("timeout", {"drop": True}),  # applied, answer lost
        ("late", {"delay_s": 300}),  # applied five minutes later
        ("errors", {"ratio": 1, "status": 500}),  # never applied
    ],
)
def test_a_caller_that_sends_again_only_on_absent_makes_no_duplicate(ants_sandbox, ants, witness, kind, rule):
    sent, lost = lose_create(ants_sandbox, ants, kind, **rule)

    created = look_until_settled(ants_sandbox, ants, sent, lost, step=timedelta(minutes=4))

    assert [d.numero for d in demandes_for(ants, sent)] == [created.numero]


# Pieces


def lose_upload(ants_sandbox, ants, brouillon, kind: str, *, filename="cni.pdf", **rule):
    """An upload of a one-page PDF whose answer the fault `kind` loses: (the content, the UnknownOutcome)."""
    content = pdf()
    path = f"/api/v1/demandes/{brouillon.numero}/pieces/PIECE_IDENTITE/fichiers"
    fault(ants_sandbox, kind, method="POST", path=path, **rule)
    with pytest.raises(UnknownOutcome) as raised:
        ants.upload_piece(
            brouillon.numero,
            "PIECE_IDENTITE",
            filename=filename,
            content=content,
            content_type="application/pdf",
        )
    return content, raised.value


def identite_files(ants, brouillon) -> list:
    return next(p for p in ants.list_pieces(brouillon.numero) if p.code == "PIECE_IDENTITE").fichiers


def test_an_upload_applied_but_unanswered_is_found_by_its_size(ants_sandbox, ants, brouillon):
    content, lost = lose_upload(ants_sandbox, ants, brouillon, "timeout", drop=True)

    lookup = find_piece_uploaded(
        ants, brouillon.numero, "PIECE_IDENTITE", since=lost.sent_at, taille=len(content), pages=1
    )

    assert lookup.state is LookupState.FOUND
    assert (lookup.value.taille, lookup.value.nom) == (len(content), "cni.pdf")


def test_an_upload_stored_under_a_cleaned_up_name_is_found(ants_sandbox, ants, brouillon):
    content, lost = lose_upload(
        ants_sandbox, ants, brouillon, "timeout", drop=True, filename="Carte d'identité (1).pdf"
    )

    by_size = find_piece_uploaded(
        ants,
        brouillon.numero,
        "PIECE_IDENTITE",
        since=lost.sent_at,
        taille=len(content),
        filename="Carte d'identité (1).pdf",
    )
    by_name = find_piece_uploaded(
        ants, brouillon.numero, "PIECE_IDENTITE", since=lost.sent_at, filename="Carte d'identité (1).pdf"
    )

    assert by_size.value.nom == by_name.value.nom == "Carte_d_identite__1_.pdf"


def test_an_upload_not_applied_is_unknown_then_absent_once_ants_can_no_longer_apply_it(
    ants_sandbox, ants, brouillon, later
):
    content, lost = lose_upload(ants_sandbox, ants, brouillon, "errors", ratio=1, status=500)
    ants_sandbox.control("faults/clear")

    def lookup(now):
        return find_piece_uploaded(
            ants, brouillon.numero, "PIECE_IDENTITE", since=lost.sent_at, taille=len(content), now=now
        )

    assert lookup(lost.sent_at).state is LookupState.UNKNOWN
    assert lookup(lost.sent_at + later).state is LookupState.ABSENT


def test_an_upload_applied_late_is_unknown_until_ants_applies_it_then_found(ants_sandbox, ants, brouillon):
    content, lost = lose_upload(ants_sandbox, ants, brouillon, "late", delay_s=60)

    def lookup():
        return find_piece_uploaded(
            ants, brouillon.numero, "PIECE_IDENTITE", since=lost.sent_at, taille=len(content)
        )

    before = lookup()
    ants_sandbox.control("clock", seconds=61)
    after = lookup()

    assert (before.state, after.state) == (LookupState.UNKNOWN, LookupState.FOUND)
    assert len(identite_files(ants, brouillon)) == 1


def test_another_file_of_the_same_name_deposited_since_makes_the_upload_unknown(
    ants_sandbox, ants, brouillon, later
):
    content, lost = lose_upload(ants_sandbox, ants, brouillon, "errors", ratio=1, status=500)
    ants_sandbox.control("faults/clear")
    ants.upload_piece(
        brouillon.numero, "PIECE_IDENTITE", filename="cni.pdf", content=pdf(2), content_type="application/pdf"
    )

    lookup = find_piece_uploaded(
        ants,
        brouillon.numero,
        "PIECE_IDENTITE",
        since=lost.sent_at,
        taille=len(content),
        filename="cni.pdf",
        now=lost.sent_at + later,
    )

    assert lookup.state is LookupState.UNKNOWN


def test_a_piece_lookup_that_describes_nothing_sent_is_refused(ants, brouillon):
    with pytest.raises(ValueError):
        find_piece_uploaded(ants, brouillon.numero, "PIECE_IDENTITE", since=brouillon.cree_le)


# What the sandbox cannot produce

SINCE = datetime.fromisoformat("2026-11-22T10:14:00+01:00")


@pytest.fixture
def signed_in():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(EDGE_API + "/auth/token", json={"token": "tok-1", "expires_in": 3600})
        yield mock


def listing_of(*items) -> dict:
    return {"results": list(items), "page": 1, "par_page": 100, "total": len(items), "pages": 1}


def test_timestamps_without_offset_are_reconciled_as_paris_time(signed_in, sleeps):
    sent = demande_input()
    naive = {"cree_le": "2026-11-22T10:15:00", "modifie_le": "2026-11-22T10:15:00"}
    resume, created = resume_body(**naive), demande_json(**naive)
    for listed in (resume, created):
        listed["candidat"]["nom_naissance"] = sent.candidat.nom_naissance
    signed_in.get(EDGE_API + "/demandes", json=listing_of(resume))
    signed_in.get(EDGE_API + "/demandes/4789", json=created)

    lookup = find_demande_created(edge_client(sleeps), sent, SINCE)

    assert lookup.state is LookupState.FOUND


def test_an_inconsistent_listing_makes_the_lookup_unknown(signed_in, sleeps, later):
    older = resume_body("1", cree_le="2026-11-01T09:00:00+01:00")
    signed_in.get(EDGE_API + "/demandes", json=listing_of(older, older))

    lookup = find_demande_created(edge_client(sleeps), demande_input(), SINCE, now=SINCE + later)

    assert lookup.state is LookupState.UNKNOWN
    assert "1 demande(s) listée(s) plusieurs fois." in lookup.message


def test_a_demande_of_that_type_created_since_but_differing_makes_the_lookup_unknown(
    signed_in, sleeps, later
):
    signed_in.get(EDGE_API + "/demandes", json=listing_of(resume_body("1")))  # another birth name

    lookup = find_demande_created(edge_client(sleeps), demande_input(), SINCE, now=SINCE + later)

    assert lookup.state is LookupState.UNKNOWN
