"""`manage.py sync_demandes [--agence CODE] [--depuis AAAA-MM-JJ]`: the ANTS reading, in the foreground."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from agences.models import Agence
from demandes import synchronisation


class Command(BaseCommand):
    help = "Relit sur l'ANTS les demandes des agences (toutes, ou une) et affiche le résumé."

    def add_arguments(self, parser):
        parser.add_argument(
            "--agence", help="code de l'agence (par défaut : toutes celles qui ont un compte ANTS)"
        )
        parser.add_argument(
            "--depuis",
            type=date.fromisoformat,
            help="seulement les demandes modifiées depuis ce jour (AAAA-MM-JJ)",
        )

    def handle(self, *args, agence=None, depuis=None, **options):
        if agence:
            agences = list(Agence.objects.filter(code=agence))
            if not agences:
                raise CommandError(f"Aucune agence de code {agence}.")
        else:
            agences = list(synchronisation.comptes_a_synchroniser())
        echecs = 0
        for une in agences:
            # Run here, not by a worker: the reading row is written, then executed at once.
            lecture = synchronisation.synchronisation_creer(agence=une, modifie_depuis=depuis)
            lecture = synchronisation.synchronisation_executer(synchronisation_id=lecture.pk)
            echecs += lecture.etat != lecture.Etat.TERMINEE
            self.stdout.write(f"{une.code} : {lecture.message}")
        if echecs:
            raise CommandError(f"{echecs} agence(s) n'ont pas pu être mises à jour.")
