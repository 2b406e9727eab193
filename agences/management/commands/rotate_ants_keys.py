from django.core.management.base import BaseCommand

from agences.services import agences_rotate_ants_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored ANTS password with the first key of ANTS_PASSWORD_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args, **options):
        count = agences_rotate_ants_keys()
        message = f"{count} mot(s) de passe ANTS rechiffré(s) avec la clé courante."
        self.stdout.write(self.style.SUCCESS(message))
