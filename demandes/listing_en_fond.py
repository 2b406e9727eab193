"""An ANTS account's listing read page after page by a thread of its own while the sync writes what
came: the database's work hides behind ANTS's latency instead of adding to it."""

import queue
import threading


class _Arret(Exception):
    """The writer stopped: the listing stops too (no call for pages nobody will write)."""


class ListingEnFond:
    """Once every batch is written, `listing` is the client's Listing (its consistency is known only
    at the end). An error of the reading (AntsError) is raised in the caller's thread.

    `puis(autre)`: another ListingEnFond, started as soon as this one has read its last page, before
    that page goes to the writer (a task reading several accounts: the next account's sign-in is on
    its way before this one's last batch is written, whose work would hold the interpreter while the
    sign-in is sent). Starting twice starts once.
    """

    def __init__(self, client, **filtres):
        self.pages: queue.SimpleQueue = queue.SimpleQueue()
        self.total, self.listing, self._erreur, self._arret = 0, None, None, False
        self._ensuite: ListingEnFond | None = None
        self._fini = False
        self._fil = threading.Thread(target=self._lire, args=(client, filtres), daemon=True)
        self._verrou = threading.Lock()  # its start, and what starts after it

    def demarrer(self) -> None:
        with self._verrou:
            if self._fil.ident is None:
                self._fil.start()

    def puis(self, autre: "ListingEnFond") -> None:
        with self._verrou:
            self._ensuite, fini = autre, self._fini
        if fini:
            autre.demarrer()

    def __enter__(self) -> "ListingEnFond":
        self.demarrer()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self._arret = exc_type is not None
        self._fil.join()
        if self._erreur is not None and exc_type is None:
            raise self._erreur

    def _lire(self, client, filtres: dict) -> None:
        try:
            self.listing = client.list_demandes(**filtres, on_page=self._page)
        except _Arret:
            pass
        except Exception as erreur:  # noqa: BLE001 - handed to the writer's thread, raised there
            self._erreur = erreur
        finally:
            self._lu()
            self.pages.put(None)

    def _page(self, resultats: tuple, total: int, derniere: bool) -> None:
        if self._arret:
            raise _Arret
        self.total = total
        if derniere:
            self._lu()
        self.pages.put(resultats)

    def _lu(self) -> None:
        """Nothing more to ask ANTS for: what follows this listing starts."""
        with self._verrou:
            self._fini, ensuite = True, self._ensuite
        if ensuite is not None:
            ensuite.demarrer()

    def lots(self, taille: int):
        """Batches of `taille` demandes or a page more (fewer statements than one per page), as their
        pages come; the last one what is left."""
        fini = False
        while not fini:
            lot = {}
            while len(lot) < taille:
                page = self.pages.get()
                if page is None:
                    fini = True
                    break
                # The later copy of a demande listed twice is the fresher one.
                lot.update((resume.numero, resume) for resume in page)
            if lot:
                yield list(lot.values())
