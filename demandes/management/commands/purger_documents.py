"""`manage.py purger_documents [--essai]`: the students' documents past their retention period, deleted
(documents.conservation), each one said."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from demandes.conservation import documents_purger
from documents.conservation import ACCES_CONSERVATION_MOIS, CONSERVATION


class Command(BaseCommand):
    help = (
        "Supprime les documents des élèves dont la durée de conservation est passée (et les "
        "consultations de plus d'un an), en affichant chacun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--essai", action="store_true", help="affiche ce qui serait supprimé, sans rien supprimer"
        )

    def handle(self, *args, essai=False, **options):
        purge = documents_purger(maintenant=timezone.now(), essai=essai)
        verbe = "À supprimer" if essai else "Supprimé"
        for document in purge.documents:
            self.stdout.write(
                f"{verbe} : {document.eleve.agence.code} · {document.eleve} (élève n° {document.eleve_id}) · "
                f"{document.get_nature_display()} « {document.libelle} », déposé le "
                f"{date_format(timezone.localtime(document.depose_le), 'd/m/Y')} "
                f"({CONSERVATION[document.nature]})"
            )
        n, mois = len(purge.documents), ACCES_CONSERVATION_MOIS
        if essai:
            bilan = (
                f"{n} document(s) à supprimer, {purge.acces} consultation(s) de plus de {mois} mois à effacer"
            )
            bilan += " (essai : rien n'est supprimé)."
        else:
            bilan = f"{n} document(s) supprimé(s), {purge.acces} consultation(s) de plus de {mois} mois"
            bilan += " effacée(s)."
        self.stdout.write(bilan)
