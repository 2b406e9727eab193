"""Every admin URL × every role × objects of agencies A and B: nothing leaks, nothing is written.

The expected visibility is written here again, independently of agences/access.py, so that a
change to the access rules that opens a door fails this matrix. The matrix walks the admin
site's registry: a model admin registered tomorrow is tried the same way.
"""

from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from agences.demo import DIRIGEANT_ADMIN_PERMISSIONS
from agences.models import Agence, User
from tests.agences.test_admin import form_data
from tests.factories import AgenceFactory, UserFactory

DIRIGEANT = [f"{app}.{codename}" for app, codename in DIRIGEANT_ADMIN_PERMISSIONS]
ANTS_RIGHTS = ["agences.valider_demande", "agences.supprimer_demande", "agences.supprimer_code_ephoto"]


class Rollback(Exception):
    pass


@dataclass
class World:
    agence_a: Agence
    agence_b: Agence
    users: dict[str, User]
    others: list = field(default_factory=list)

    def objects(self):
        return [self.agence_a, self.agence_b, *self.users.values(), *self.others]


def marker(obj) -> str:
    """A string that only this object's page can contain."""
    if isinstance(obj, Agence):
        return obj.identifiant_ants
    if isinstance(obj, User):
        return obj.username
    return obj.name if hasattr(obj, "name") else obj.username


@pytest.fixture
def world(db):
    a = AgenceFactory(code="ALPHA", nom="Agence Alpha", identifiant_ants="idants-alpha")
    b = AgenceFactory(code="BETA", nom="Agence Beta", identifiant_ants="idants-beta")
    users = {
        "manager_a": UserFactory(
            username="zmgralpha", is_staff=True, agences=[a], permissions=DIRIGEANT + ANTS_RIGHTS
        ),
        "manager_ab": UserFactory(
            username="zmgrmixte", is_staff=True, agences=[a, b], permissions=DIRIGEANT + ANTS_RIGHTS
        ),
        "superuser": UserFactory(username="zrootuser", is_staff=True, is_superuser=True),
        "secretary_a": UserFactory(username="zsecalpha", agences=[a], permissions=ANTS_RIGHTS[:1]),
        "secretary_b": UserFactory(username="zsecbeta", agences=[b]),
        "secretary_ab": UserFactory(username="zsecmixte", agences=[a, b]),
        "orphan": UserFactory(username="zsansagence"),
    }
    groupe = Group.objects.create(name="zgroupesecret")
    schedule = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    tache = PeriodicTask.objects.create(
        name="ztachesecrete", task="celery.backend_cleanup", interval=schedule
    )
    tentative = AccessAttempt.objects.create(
        username="ztentativesecrete", ip_address="10.0.0.1", user_agent="x", failures_since_start=1
    )
    return World(a, b, users, [groupe, tache, tentative])


def visible(viewer: User, obj) -> bool:
    """What the viewer may see in the admin, stated from the issue's rules."""
    if viewer.is_superuser:
        return True
    if not viewer.is_staff:
        return False
    mine = set(viewer.agences.values_list("pk", flat=True))
    if isinstance(obj, Agence):
        return obj.pk in mine
    if isinstance(obj, User):
        theirs = set(obj.agences.values_list("pk", flat=True))
        plain = not (obj.is_staff or obj.is_superuser) and obj.pk != viewer.pk
        return plain and bool(theirs) and theirs <= mine
    return False


def state() -> tuple:
    """Everything a write could touch, to tell whether a refused request changed anything."""
    return (
        sorted(Agence.objects.values_list()),
        sorted(
            (u.username, u.password, u.is_staff, u.is_superuser, u.is_active)
            + tuple(sorted(u.agences.values_list("pk", flat=True)))
            + tuple(sorted(u.user_permissions.values_list("pk", flat=True)))
            + tuple(sorted(u.groups.values_list("pk", flat=True)))
            for u in User.objects.all()
        ),
        sorted((g.name, *sorted(g.permissions.values_list("pk", flat=True))) for g in Group.objects.all()),
        sorted(PeriodicTask.objects.values_list("name", "enabled", "task", "args")),
        sorted(AccessAttempt.objects.values_list("username", "failures_since_start")),
    )


def change_link(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def write_data(obj) -> dict:
    if isinstance(obj, Agence):
        return form_data(obj, nom="Pirate", identifiant_ants="pirate", mot_de_passe_ants="pirate")
    if isinstance(obj, User):
        return {
            "username": "pirate",
            "agences_attribuees": list(Agence.objects.values_list("pk", flat=True)),
            "peut_valider_demande": "on",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": list(Group.objects.values_list("pk", flat=True)),
        }
    return {"name": "pirate", "enabled": "", "task": "pirate", "username": "pirate"}


def object_doors(model_admin, pk) -> list[str]:
    """Every URL of this model admin that takes an object: change, delete, history, password, buttons…"""
    doors = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if pattern.name and ("<path:object_id>" in route or "<id>" in route):
            doors.append(reverse(f"admin:{pattern.name}", args=[pk]))
    return doors


def requests_for(model, model_admin, objects):
    """(method, url, data, target object) for every admin door of this model."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = reverse(f"{info}_changelist")
    yield "GET", changelist, None, None
    yield "GET", reverse(f"{info}_add"), None, None
    yield "POST", reverse(f"{info}_add"), write_data(objects[0]) if objects else {"name": "x"}, None
    actions = [*(model_admin.actions or []), "delete_selected"]
    password = {"password1": "Pirate-123!", "password2": "Pirate-123!", "usable_password": "true"}
    for obj in objects:
        for door in object_doors(model_admin, obj.pk):
            yield "GET", door, None, obj
            yield "POST", door, {**write_data(obj), **password, "post": "yes"}, obj
        for action in actions:
            yield "POST", changelist, {"action": action, "_selected_action": [obj.pk], "post": "yes"}, obj
        yield "GET", f"{changelist}?q={marker(obj)}", None, obj
    for related in model._meta.get_fields():
        if related.is_relation and related.concrete:
            query = f"app_label={model._meta.app_label}&model_name={model._meta.model_name}"
            yield (
                "GET",
                f"{reverse('admin:autocomplete')}?{query}&field_name={related.name}&term=",
                None,
                None,
            )


@dataclass
class Count:
    requests: int = 0
    leaks: list = field(default_factory=list)
    writes: list = field(default_factory=list)


def try_request(client, method, path, data, viewer, hidden_markers) -> tuple[bool, bool]:
    """(leaked, wrote): whether the answer shows a hidden object, whether the database changed."""
    before = state()
    try:
        with transaction.atomic():
            response = client.get(path) if method == "GET" else client.post(path, data or {})
            wrote = state() != before
            raise Rollback
    except Rollback:
        pass
    body = response.content.decode(errors="replace")
    if "?q=" in path:  # the search box and its links echo the term; a found row shows its link
        body = body.replace(path.split("?q=")[1], "")
    leaked = any(m in body for m in hidden_markers if m != viewer.username)
    return leaked, wrote


def run_matrix(client, world, role) -> Count:
    viewer = world.users[role]
    client.force_login(viewer)
    objects = world.objects()
    hidden = {m for obj in objects if not visible(viewer, obj) for m in (marker(obj), change_link(obj))}
    count = Count()
    for model, model_admin in admin.site._registry.items():
        own = [obj for obj in objects if isinstance(obj, model)]
        for method, path, data, target in requests_for(model, model_admin, own):
            if viewer.is_superuser and method == "POST":
                continue  # the superuser may write anything; his run checks the doors open
            count.requests += 1
            leaked, wrote = try_request(client, method, path, data, viewer, hidden)
            if leaked:
                count.leaks.append((method, path))
            if wrote and (target is None or not visible(viewer, target)) and not viewer.is_superuser:
                count.writes.append((method, path))
    return count


@pytest.fixture(autouse=True)
def _ants_unreachable(settings):
    # Allowed ANTS buttons fail fast instead of waiting on a real server.
    settings.ANTS_BASE_URL = "http://127.0.0.1:9"
    settings.ANTS_RETRY_ATTEMPTS = 1


@pytest.mark.parametrize("role", ["manager_a", "manager_ab", "secretary_a", "superuser"])
def test_admin_matrix_leaks_nothing_and_writes_nothing_it_should_not(client, world, role):
    count = run_matrix(client, world, role)
    print(  # noqa: T201 - the counts, for `pytest -s` and the closing note
        f"\n{role}: {count.requests} requests, {len(count.leaks)} leaks, {len(count.writes)} writes applied"
    )
    assert count.requests > 80
    assert count.leaks == []
    assert count.writes == []


def test_manager_sees_his_own_agency_and_users(client, world):
    client.force_login(world.users["manager_a"])
    agences = client.get(reverse("admin:agences_agence_changelist")).content.decode()
    users = client.get(reverse("admin:agences_user_changelist")).content.decode()
    assert "idants-alpha" in agences and "idants-beta" not in agences
    assert "zsecalpha" in users
    assert not any(
        name in users for name in ("zsecbeta", "zsecmixte", "zmgrmixte", "zrootuser", "zsansagence")
    )


def test_manager_of_both_agencies_sees_the_user_of_both(client, world):
    client.force_login(world.users["manager_ab"])
    users = client.get(reverse("admin:agences_user_changelist")).content.decode()
    assert all(name in users for name in ("zsecalpha", "zsecbeta", "zsecmixte"))


def test_every_admin_is_either_scoped_by_agency_or_superuser_only(world):
    manager = world.users["manager_ab"]
    request = type("Request", (), {"user": manager})()
    for model, model_admin in admin.site._registry.items():
        if not getattr(model_admin, "agency_scoped", False):
            assert not model_admin.has_module_permission(request), model._meta.label
            assert not model_admin.has_view_permission(request), model._meta.label
