from .celery import app as celery_app

__all__ = ("celery_app",)

# Set by manage.py for the commands that only read the code: settings.py then needs no secrets. Not
# read from the environment, so that no configuration can turn the secrets' check off.
SANS_SECRETS = False
