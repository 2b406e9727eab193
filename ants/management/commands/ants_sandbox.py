"""Run the ANTS sandbox: `python manage.py ants_sandbox --port 8700 [--host 127.0.0.1] [--state PATH]`."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from ants.sandbox.app import SandboxApp
from ants.sandbox.server import serve


class Command(BaseCommand):
    help = "Serve the ANTS sandbox (its own SQLite state; see docs/ants-api.md)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8700)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--state", default=str(settings.VAR_DIR / "ants-sandbox.sqlite3"))

    def handle(self, *args, port, host, state, **options):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        app = SandboxApp(state)
        self.stdout.write(f"ANTS sandbox on http://{host}:{port} (state: {state})")
        self.stdout.flush()
        serve(host, port, app)
