"""`make bench` on tiny volumes, so that it does not rot: every figure printed beside its reference.

The figures themselves are not judged here (a benchmark is not a test). The smoke run's tasks run in
the bench's own process; `make bench` runs them on real workers.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from bench.network_sync import plancher, requetes_minimales
from tests.worker import _database_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_floor_is_the_fewest_requests_spread_over_the_slots():
    # 20 accounts of 5,000 demandes: a sign-in and 50 pages each, 50 ms apiece, over 2 slots.
    assert requetes_minimales([5000] * 20) == [51] * 20
    assert plancher([51] * 20, 2, 0.05, 600) == pytest.approx(25.5)


def test_the_floor_never_beats_one_accounts_calls_one_after_the_other_nor_the_rate_limit():
    assert plancher([51, 3], 8, 0.05, 600) == pytest.approx(51 * 0.05)
    assert plancher([1201], 1, 0.0, 600) == 120  # 1,201 calls need three minutes' windows


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="the bench's workers report through Redis (CACHE_URL=redis://…)",
)
@pytest.mark.django_db(transaction=True)
def test_the_smoke_run_prints_each_figure_beside_its_reference():
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    sortie = subprocess.run(  # noqa: S603
        [sys.executable, "bench/network.py", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    figures = [json.loads(line) for line in sortie.stdout.splitlines() if '"figure"' in line]
    assert {f["figure"] for f in figures} >= {
        "sync.full.in_process",
        "sync.incremental.in_process",
        "sync.writes.one_account",
        "page.demandes_en_ligne.p95",
        "page.eleves_typeahead.p95.DU",
        "export.excel.seconds",
        "export.excel.peak_rss",
    }
    assert all(f["reference_value"] > 0 and f["value"] > 0 for f in figures)
    assert all(f["failures"] == [] for f in figures if f["figure"].startswith("sync.full"))
    # The incremental reading is run again over the same changes (the rows put back in between).
    incrementale = next(f for f in figures if f["figure"] == "sync.incremental.in_process")
    assert incrementale["updated_per_run"] == [incrementale["changed_on_ants"]] * 2
