"""Regenerate the sandbox's referential files from @etalab/decoupage-administratif."""

import subprocess  # noqa: S404 - runs npm, a fixed command
import tarfile
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ants.sandbox.referential import DATA_DIR, build_data_files

PACKAGE = "@etalab/decoupage-administratif"


class Command(BaseCommand):
    help = (
        "Rebuild ants/sandbox/data/ from the official communes (npm package @etalab/decoupage-administratif)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", help="the package's data/ directory, already downloaded")
        parser.add_argument(
            "--to", dest="dest", default=str(DATA_DIR), help="where to write (default: %(default)s)"
        )

    def handle(self, *args, source=None, dest, **options):
        if source:
            communes, departements = build_data_files(Path(source), Path(dest))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                communes, departements = build_data_files(_npm_pack(Path(tmp)), Path(dest))
        self.stdout.write(f"{communes} communes, {departements} départements -> {dest}")


def _npm_pack(directory: Path) -> Path:
    try:
        result = subprocess.run(  # noqa: S603 - a fixed command
            ["npm", "pack", PACKAGE],  # noqa: S607 - npm from PATH
            cwd=directory,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise CommandError(f"npm pack {PACKAGE} failed: {error}") from error
    archive = directory / result.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        tar.extractall(directory, filter="data")
    return directory / "package" / "data"
