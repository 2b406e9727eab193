#!/usr/bin/env python
import os
import sys

# Commands that only read the code run without the production secrets (autoecole/settings.py):
# `makemigrations --check` in a bare checkout, say.
COMMANDES_SANS_SECRETS = {"makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autoecole.settings")
    if sys.argv[1:2] and sys.argv[1] in COMMANDES_SANS_SECRETS:
        import autoecole

        autoecole.SANS_SECRETS = True
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
