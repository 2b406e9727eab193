"""Reading GET /demandes page by page without trusting any page (docs/ants-api.md, "Client").

ANTS's pages can contradict each other while a listing is read (demandes created or deleted
between two calls, or a faulty ANTS): each contradiction is noted, so that the caller knows the
listing is not a complete picture, and each demande is kept once.
"""

from .types import DemandeResume, Listing
from .wire import Page


class Pages:
    def __init__(self, *, par_page: int, max_pages: int):
        self.par_page = par_page
        self.max_pages = max_pages
        self.first: Page | None = None
        self.items: dict[str, DemandeResume] = {}
        self.repeated = 0
        self.unreadable = 0
        self.problems: list[str] = []

    def add(self, number: int, page: Page) -> bool:
        """Take page `number` as ANTS answered it; whether the next page should be read."""
        first = self.first = self.first or page
        if page.page != number:
            self._problem(f"L'ANTS a renvoyé la page {page.page} au lieu de la page {number}.")
        if (page.total, page.pages) != (first.total, first.pages):
            self._problem(
                f"Le nombre de demandes a changé pendant la lecture ({first.total}, puis {page.total})."
            )
        for item in page.results:
            self.repeated += item.numero in self.items
            self.items[item.numero] = item  # the later copy: the fresher one
        self.unreadable += page.unreadable
        if number >= first.pages:
            return False
        if not page.results:
            self._problem(f"La page {number} est vide alors que l'ANTS en annonçait {first.pages}.")
            return False
        if len(page.results) + page.unreadable < min(page.par_page, self.par_page):
            self._problem(f"La page {number} est incomplète alors que d'autres suivent.")
        if number >= self.max_pages:
            self._problem(f"Plus de {self.max_pages} pages : la liste n'a pas été lue jusqu'au bout.")
            return False
        return True

    def listing(self) -> Listing:
        total = self.first.total if self.first else 0
        if self.repeated:
            self._problem(f"{self.repeated} demande(s) listée(s) plusieurs fois.")
        if self.unreadable:
            self._problem(f"{self.unreadable} demande(s) illisible(s) dans la liste de l'ANTS.")
        if not self.problems and len(self.items) != total:
            self._problem(f"{len(self.items)} demande(s) lue(s) pour {total} annoncée(s) par l'ANTS.")
        return Listing(items=tuple(self.items.values()), total=total, problems=tuple(self.problems))

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)
