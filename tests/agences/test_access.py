import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404

from agences import access
from agences.models import Agence
from tests.factories import AgenceFactory, UserFactory


@pytest.fixture
def lyon():
    return AgenceFactory(code="LYON01")


@pytest.fixture
def villeurbanne():
    return AgenceFactory(code="VILLEU01")


@pytest.fixture
def alice(lyon):
    """A secretary of Lyon only: must see nothing of Villeurbanne."""
    return UserFactory(username="alice", agences=[lyon])


@pytest.mark.django_db
def test_user_sees_only_their_agencies(alice, lyon, villeurbanne):
    assert list(access.agences_for_user(alice)) == [lyon]


@pytest.mark.django_db
def test_agency_of_another_office_is_404(alice, villeurbanne):
    with pytest.raises(Http404):
        access.get_agence_for_user_or_404(alice, pk=villeurbanne.pk)


@pytest.mark.django_db
def test_own_agency_is_returned(alice, lyon):
    assert access.get_agence_for_user_or_404(alice, code="LYON01") == lyon


@pytest.mark.django_db
def test_scope_follows_a_foreign_key_path(alice, lyon, villeurbanne):
    # Rows are scoped by the agency they point to: here agencies attached to a responsible agency.
    rattachee_lyon = AgenceFactory(agence_responsable=lyon)
    rattachee_villeurbanne = AgenceFactory(agence_responsable=villeurbanne)
    scoped = access.scope_for_user(Agence.objects.all(), alice, agence_path="agence_responsable")
    assert list(scoped) == [rattachee_lyon]
    with pytest.raises(Http404):
        access.get_for_user_or_404(
            Agence.objects.all(), alice, agence_path="agence_responsable", pk=rattachee_villeurbanne.pk
        )


@pytest.mark.django_db
def test_scoped_query_is_a_single_sql_query(alice, lyon, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(access.scope_for_user(Agence.objects.all(), alice, agence_path=""))


@pytest.mark.django_db
def test_superuser_without_agencies_sees_no_agency_data(lyon):
    # No implicit bypass: access is always through the agencies assigned (documented in access.py).
    root = UserFactory(is_superuser=True, is_staff=True)
    assert not access.agences_for_user(root).exists()
    with pytest.raises(Http404):
        access.get_agence_for_user_or_404(root, pk=lyon.pk)


@pytest.mark.django_db
def test_manager_with_every_agency_sees_them_all(lyon, villeurbanne):
    dirigeant = UserFactory(is_staff=True, agences=[lyon, villeurbanne])
    assert set(access.agences_for_user(dirigeant)) == {lyon, villeurbanne}


@pytest.mark.django_db
def test_inactive_and_anonymous_users_see_nothing(lyon):
    inactive = UserFactory(is_active=False, agences=[lyon])
    assert not access.agences_for_user(inactive).exists()
    assert not access.agences_for_user(AnonymousUser()).exists()


@pytest.mark.django_db
def test_the_three_ants_rights_exist_with_their_french_names():
    names = set(
        Permission.objects.filter(
            content_type__app_label="agences",
            codename__in=[
                "valider_demande",
                "supprimer_demande",
                "supprimer_code_ephoto",
            ],
        ).values_list("name", flat=True)
    )
    assert names == {
        "ANTS - Valider une demande",
        "ANTS - Supprimer une demande",
        "ANTS - Supprimer le code ePhoto",
    }


@pytest.mark.django_db
def test_require_permission_refuses_in_french_without_the_right(alice):
    with pytest.raises(PermissionDenied, match="ANTS - Supprimer une demande"):
        access.require_permission(alice, access.SUPPRIMER_DEMANDE)


@pytest.mark.django_db
def test_require_permission_accepts_a_right_granted_to_the_user(lyon):
    user = UserFactory(agences=[lyon], permissions=[access.VALIDER_DEMANDE])
    access.require_permission(user, access.VALIDER_DEMANDE)


@pytest.mark.django_db
def test_require_permission_accepts_a_right_granted_through_a_group(alice):
    groupe = Group.objects.create(name="Secrétaires confirmées")
    groupe.permissions.add(Permission.objects.get(codename="supprimer_code_ephoto"))
    alice.groups.add(groupe)
    access.require_permission(alice, access.SUPPRIMER_CODE_EPHOTO)
