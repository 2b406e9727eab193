"""GET /demandes read page by page without trusting any page, played with `responses`."""

from datetime import UTC, datetime

import pytest
import responses
from responses import matchers

from tests.ants.client_helpers import EDGE_API, edge_client, resume_body

DEMANDES = EDGE_API + "/demandes"


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(EDGE_API + "/auth/token", json={"token": "tok-1", "expires_in": 3600})
        yield mock


def page(number, numeros, *, total, pages, par_page=2, **item_overrides):
    return {
        "results": [resume_body(numero, **item_overrides) for numero in numeros],
        "page": number,
        "par_page": par_page,
        "total": total,
        "pages": pages,
    }


def serve(mock, *answers):
    for number, answer in enumerate(answers, start=1):
        only_page = matchers.query_param_matcher({"page": str(number)}, strict_match=False)
        mock.get(DEMANDES, json=answer, match=[only_page])


def listing(**kwargs):
    return edge_client([], page_size=2, **kwargs).list_demandes()


def numeros(result):
    return [d.numero for d in result]


def test_pages_that_agree_make_a_consistent_listing(mock):
    serve(mock, page(1, ["1", "2"], total=3, pages=2), page(2, ["3"], total=3, pages=2))

    result = listing()

    assert numeros(result) == ["1", "2", "3"]
    assert (result.consistent, result.total, result.problems) == (True, 3, ())


def test_an_empty_listing_is_consistent(mock):
    serve(mock, page(1, [], total=0, pages=0))

    result = listing()

    assert (len(result), result.consistent) == (0, True)


def test_a_page_repeating_demandes_keeps_each_once_and_says_so(mock):
    serve(mock, page(1, ["1", "2"], total=4, pages=2), page(2, ["2", "3"], total=4, pages=2))

    result = listing()

    assert numeros(result) == ["1", "2", "3"]
    assert result.problems == ("1 demande(s) listée(s) plusieurs fois.",)


def test_a_total_that_changes_between_pages_makes_the_listing_inconsistent(mock):
    # A demande deleted between the two calls: page 2 starts one demande later, "3" is skipped.
    serve(
        mock,
        page(1, ["1", "2"], total=5, pages=3),
        page(2, ["4", "5"], total=4, pages=2),
        page(3, [], total=4, pages=2),
    )

    result = listing()

    assert not result.consistent
    assert "Le nombre de demandes a changé pendant la lecture (5, puis 4)." in result.problems


def test_an_empty_page_before_the_last_stops_the_listing_as_inconsistent(mock):
    serve(mock, page(1, ["1", "2"], total=6, pages=3), page(2, [], total=6, pages=3))

    result = listing()

    assert numeros(result) == ["1", "2"]
    assert result.problems == ("La page 2 est vide alors que l'ANTS en annonçait 3.",)
    assert len([c for c in mock.calls if c.request.url.startswith(DEMANDES)]) == 2


def test_a_short_page_before_the_last_makes_the_listing_inconsistent(mock):
    serve(mock, page(1, ["1"], total=3, pages=2), page(2, ["3"], total=3, pages=2))

    assert "La page 1 est incomplète alors que d'autres suivent." in listing().problems


def test_pages_announced_forever_are_read_up_to_the_cap(mock):
    serve(mock, *[page(n, [f"{n}a", f"{n}b"], total=10**6, pages=5 * 10**5) for n in range(1, 5)])

    result = listing(max_pages=3)

    assert len(result) == 6
    assert result.problems == ("Plus de 3 pages : la liste n'a pas été lue jusqu'au bout.",)


def test_a_page_count_growing_as_pages_are_read_is_not_followed(mock):
    serve(mock, page(1, ["1", "2"], total=4, pages=2), page(2, ["3", "4"], total=6, pages=3))

    result = listing()

    assert numeros(result) == ["1", "2", "3", "4"]
    assert not result.consistent


def test_a_demande_with_an_unknown_statut_is_listed_with_the_others(mock):
    answer = page(1, ["1", "2"], total=2, pages=1, statut="EN_ATTENTE_PAIEMENT")
    answer["results"][0]["statut"] = "BROUILLON"
    serve(mock, answer)

    result = listing()

    assert [d.statut for d in result] == ["BROUILLON", "EN_ATTENTE_PAIEMENT"]
    assert result.consistent


def test_an_unreadable_demande_is_skipped_and_the_listing_said_incomplete(mock):
    answer = page(1, ["1", "2"], total=2, pages=1)
    answer["results"][1]["numero"] = None
    serve(mock, answer)

    result = listing()

    assert numeros(result) == ["1"]
    assert result.problems == ("1 demande(s) illisible(s) dans la liste de l'ANTS.",)


def test_fewer_demandes_than_announced_make_the_listing_inconsistent(mock):
    serve(mock, page(1, ["1"], total=2, pages=1))

    assert listing().problems == ("1 demande(s) lue(s) pour 2 annoncée(s) par l'ANTS.",)


def test_a_date_filter_given_as_an_aware_datetime_is_its_paris_day(mock):
    late_evening_utc = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # already 2 July in Paris
    mock.get(
        DEMANDES,
        json=page(1, [], total=0, pages=0),
        match=[matchers.query_param_matcher({"modifie_depuis": "2026-07-02"}, strict_match=False)],
    )

    assert edge_client([]).list_demandes(modifie_depuis=late_evening_utc).consistent
