from django.core.management.base import BaseCommand, CommandError

from agences.services import AgenceAntsError, agences_rotate_ants_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored ANTS password with the first key of ANTS_PASSWORD_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args, **options):
        try:
            count = agences_rotate_ants_keys()
        except AgenceAntsError as exc:
            raise CommandError(exc.message) from None
        message = f"{count} mot(s) de passe ANTS rechiffré(s) avec la clé courante."
        self.stdout.write(self.style.SUCCESS(message))
