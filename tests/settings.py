"""The product's settings, run by the tests with secrets of their own (public, like this file).

autoecole.settings refuses to start without SECRET_KEY and ANTS_PASSWORD_KEYS when DEBUG is off, as
the tests run. They are put in the environment, so the processes the tests start (the ANTS sandbox)
get them too; tests of other environments build their own (tests/foundation/test_settings.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ANTS_PASSWORD_KEYS", "dGVzdHMtb25seS1mZXJuZXQta2V5LW5vdC1zZWNyZXQ=")

from autoecole.settings import *  # noqa: E402, F403
