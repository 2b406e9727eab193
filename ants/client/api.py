"""AntsClient: every ANTS operation, in domain terms (docs/ants-api.md for the wire side)."""

from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings

from . import errors, wire
from .pagination import Pages
from .transport import MAX_FILE_BYTES, AntsCredentials, Call, Kind, Reply, Transport
from .types import (
    Commune,
    DemandeAnts,
    DemandeInput,
    DemandeResume,
    Departement,
    Document,
    Ephoto,
    Listing,
    Pays,
    Piece,
    PieceFichier,
    Prefecture,
    Statut,
    TypeDemande,
)

PAGE_SIZE = 100  # the most ANTS serves per page: fewest calls for a full listing
MAX_PAGES = 200  # 20 000 demandes: past that (or an ANTS announcing pages forever) the listing says so
COMMENT_MAX_LENGTH = 80


def _json(reader):
    return lambda reply: wire.parse(reader, wire.loads(reply.content))


def _results(reader):
    return lambda reply: wire.results(reader, wire.loads(reply.content))


def _file(*media_types: str):
    return lambda reply: wire.file_content(reply.content, media_types)


def _nothing(reply: Reply) -> None:
    return None


def _day(value: date | None) -> str | None:
    if isinstance(value, datetime) and value.tzinfo:
        value = value.astimezone(wire.ANTS_TIMEZONE)
    return value.isoformat()[:10] if value else None


class AntsClient:
    def __init__(
        self,
        credentials: AntsCredentials | None = None,
        *,
        base_url: str | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        **transport,
    ):
        """`transport`: retry, rate_limiter, sleep, clock, rand (tests, benches), on_retry (a sync)."""
        self.transport = Transport(base_url or settings.ANTS_BASE_URL, credentials, **transport)
        self.page_size = page_size
        self.max_pages = max_pages

    def __repr__(self) -> str:
        c = self.transport.credentials
        return f"AntsClient({self.transport.base_url!r}, agrement={c.agrement if c else ''!r})"

    def _do(self, reader, method: str, template: str, **call):
        return self.transport.perform(Call(method, template, **call), reader)

    def _download(self, template: str, media_types: tuple[str, ...], **path_params) -> bytes:
        return self._do(
            _file(*media_types),
            "GET",
            template,
            path_params=path_params,
            accept="*/*",
            max_bytes=MAX_FILE_BYTES,
        )

    # Referential

    def search_communes(
        self, prefix: str, *, code_postal: str = "", departement: str = "", limit: int = 20
    ) -> list[Commune]:
        params = {"q": prefix, "limit": limit}
        if code_postal:
            params["code_postal"] = code_postal
        if departement:
            params["departement"] = departement
        return self._do(
            _results(wire.commune_from_json),
            "GET",
            "/referentiel/communes",
            params=params,
            authenticated=False,
        )

    def list_departements(self) -> list[Departement]:
        return self._do(
            _results(wire.departement_from_json), "GET", "/referentiel/departements", authenticated=False
        )

    def list_pays(self) -> list[Pays]:
        return self._do(_results(wire.pays_from_json), "GET", "/referentiel/pays", authenticated=False)

    # Account

    def authenticate(self) -> None:
        if self.transport.credentials is None:
            raise errors.CredentialsIncomplete(["le numéro d'agrément", "l'identifiant", "le mot de passe"])
        self.transport.authenticate()

    def list_prefectures(self, *, code_postal: str) -> list[Prefecture]:
        return self._do(
            _results(wire.prefecture_from_json), "GET", "/prefectures", params={"code_postal": code_postal}
        )

    # Demandes

    def create_demande(self, demande: DemandeInput) -> DemandeAnts:
        return self._do(
            _json(wire.demande_from_json),
            "POST",
            "/demandes",
            kind=Kind.WRITE,
            json=wire.demande_input_to_json(demande),
            operation="create_demande",
        )

    def get_demande(self, numero: str) -> DemandeAnts:
        return self._do(
            _json(wire.demande_from_json), "GET", "/demandes/{numero}", path_params={"numero": numero}
        )

    def list_demandes(
        self,
        *,
        cree_depuis: date | None = None,
        cree_jusqu_a: date | None = None,
        modifie_depuis: date | None = None,
        modifie_jusqu_a: date | None = None,
        statut: Statut | str | None = None,
        numero: str | None = None,
        email: str | None = None,
        type: TypeDemande | str | None = None,
        on_page: Callable[[tuple[DemandeResume, ...], int, bool], None] | None = None,
    ) -> Listing:
        """Every matching demande, all pages read (one call per `page_size` demandes, at most
        `max_pages`), each once; `Listing.consistent` says whether ANTS's pages agreed.

        Dates are inclusive days in Paris time (ANTS's): an aware datetime counts for its Paris day.
        `on_page(results, total, last)` hears of each page as it is read (`total` as page 1 announced;
        `last`: no page follows): a sync writes one page while the next is on its way. An exception it
        raises ends the listing.
        """
        filters = {
            "cree_depuis": _day(cree_depuis),
            "cree_jusqu_a": _day(cree_jusqu_a),
            "modifie_depuis": _day(modifie_depuis),
            "modifie_jusqu_a": _day(modifie_jusqu_a),
            "statut": str(statut) if statut else None,
            "numero": numero or None,
            "email": email or None,
            "type": str(type) if type else None,
        }
        params = {key: value for key, value in filters.items() if value is not None}
        pages = Pages(par_page=self.page_size, max_pages=self.max_pages)
        number, more = 1, True
        while more:
            page = self._page(params, number, self.page_size)
            more = pages.add(number, page)
            if on_page is not None:
                on_page(page.results, pages.first.total, not more)
            number += 1
        return pages.listing()

    def any_demande_listed(self) -> bool:
        """Whether ANTS lists at least one demande for this account right now (one call).

        False for an account without demandes, and during the vanishing anomaly (seed 002: the list
        of an account's demandes empties for up to half a day).
        """
        return bool(self._page({}, 1, 1).results)

    def _page(self, params: dict, number: int, par_page: int) -> wire.Page:
        return self._do(
            _json(wire.page_from_json),
            "GET",
            "/demandes",
            params={**params, "page": number, "par_page": par_page},
        )

    def validate_demande(self, numero: str) -> DemandeAnts:
        return self._do(
            _json(wire.demande_from_json),
            "POST",
            "/demandes/{numero}/validation",
            kind=Kind.WRITE,
            path_params={"numero": numero},
            operation="validate_demande",
        )

    def delete_demande(self, numero: str) -> None:
        self._do(_nothing, "DELETE", "/demandes/{numero}", kind=Kind.DELETE, path_params={"numero": numero})

    def transfer_demande(self, numero: str, *, agrement_origine: str = "") -> DemandeAnts:
        body = {"numero": numero}
        if agrement_origine:
            body["agrement_origine"] = agrement_origine
        return self._do(
            _json(wire.demande_from_json),
            "POST",
            "/demandes/transferts",
            kind=Kind.WRITE,
            json=body,
            operation="transfer_demande",
        )

    # ePhoto

    def set_ephoto(self, numero: str, code: str) -> DemandeAnts:
        # PUT, but the code is single-use: a blind resend could be refused as already used.
        return self._do(
            _json(wire.demande_from_json),
            "PUT",
            "/demandes/{numero}/ephoto",
            kind=Kind.WRITE,
            path_params={"numero": numero},
            json={"code": code},
            operation="set_ephoto",
        )

    def delete_ephoto(self, numero: str) -> None:
        self._do(
            _nothing, "DELETE", "/demandes/{numero}/ephoto", kind=Kind.DELETE, path_params={"numero": numero}
        )

    def get_ephoto(self, numero: str) -> Ephoto:
        photo, signature = (
            self._download(f"/demandes/{{numero}}/ephoto/{part}", (media_type,), numero=numero)
            for part, media_type in (("photo", wire.JPEG), ("signature", wire.PNG))
        )
        return Ephoto(photo=photo, signature=signature)

    # Pieces

    def list_pieces(self, numero: str) -> list[Piece]:
        return self._do(
            _results(wire.piece_from_json), "GET", "/demandes/{numero}/pieces", path_params={"numero": numero}
        )

    def upload_piece(
        self,
        numero: str,
        code: str,
        *,
        filename: str,
        content: bytes,
        content_type: str,
        commentaire: str = "",
    ) -> PieceFichier:
        if len(commentaire) > COMMENT_MAX_LENGTH:
            raise errors.PieceRefused(
                f"Le commentaire dépasse {COMMENT_MAX_LENGTH} caractères.",
                reason=errors.PieceRefused.COMMENT_TOO_LONG,
            )
        return self._do(
            _json(wire.fichier_from_json),
            "POST",
            "/demandes/{numero}/pieces/{code}/fichiers",
            kind=Kind.WRITE,
            path_params={"numero": numero, "code": code},
            files={"fichier": (filename, content, content_type)},
            data={"commentaire": commentaire} if commentaire else None,
            operation="upload_piece",
        )

    def download_piece(self, numero: str, code: str, fichier_id: str) -> bytes:
        return self._download(
            "/demandes/{numero}/pieces/{code}/fichiers/{id}",
            (wire.PDF, wire.JPEG, wire.PNG),
            numero=numero,
            code=code,
            id=fichier_id,
        )

    def delete_piece(self, numero: str, code: str, fichier_id: str) -> None:
        self._do(
            _nothing,
            "DELETE",
            "/demandes/{numero}/pieces/{code}/fichiers/{id}",
            kind=Kind.DELETE,
            path_params={"numero": numero, "code": code, "id": fichier_id},
        )

    # Documents

    def list_documents(self, numero: str) -> list[Document]:
        return self._do(
            _results(wire.document_from_json),
            "GET",
            "/demandes/{numero}/documents",
            path_params={"numero": numero},
        )

    def download_document(self, numero: str, code: str) -> bytes:
        return self._download("/demandes/{numero}/documents/{code}", (wire.PDF,), numero=numero, code=code)
