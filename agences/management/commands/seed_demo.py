import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.db import transaction

from agences import demo

# Other apps add their demo data by providing `<module>.<function>(agences)`; each is optional.
DEMO_HOOKS = [("eleves.demo", "seed_demo_eleves")]


class Command(BaseCommand):
    help = "Load the demo data (idempotent): two agencies, a manager and a secretary, then the apps' hooks."

    @transaction.atomic
    def handle(self, *args, **options):
        agences, users = demo.seed_demo()
        for module_name, function_name in DEMO_HOOKS:
            if importlib.util.find_spec(module_name) is None:
                continue
            getattr(importlib.import_module(module_name), function_name)(agences)
            self.stdout.write(f"Données de démonstration chargées : {module_name}.{function_name}")
        codes = ", ".join(agence.code for agence in agences)
        usernames = ", ".join(user.username for user in users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo : agences {codes} ; utilisateurs {usernames} "
                f"(mot de passe « {demo.DEMO_PASSWORD} », données de démonstration uniquement)."
            )
        )
