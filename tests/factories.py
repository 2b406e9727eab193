import factory
from django.contrib.auth.models import Permission

from agences import crypto
from agences.models import Agence, User


class AgenceFactory(factory.django.DjangoModelFactory):
    """An agency with complete ANTS credentials (pass mot_de_passe="" for none)."""

    class Meta:
        model = Agence
        django_get_or_create = ["code"]

    class Params:
        mot_de_passe = "mot-de-passe-ants"

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    nom = factory.LazyAttribute(lambda o: f"Auto-école {o.code}")
    numero_voie = "12"
    type_voie = "RUE"
    nom_voie = "de la République"
    code_postal = "69002"
    ville = "LYON"
    numero_agrement = factory.Sequence(lambda n: f"E24069{n:05d}")
    identifiant_ants = factory.LazyAttribute(lambda o: f"ident-{o.code.lower()}")
    mot_de_passe_ants_chiffre = factory.LazyAttribute(
        lambda o: crypto.encrypt(o.mot_de_passe) if o.mot_de_passe else ""
    )
    prefectures_disponibles = factory.LazyFunction(lambda: [{"code": "RHONE", "nom": "Préfecture du Rhône"}])
    prefecture = "RHONE"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `agences=[...]` assigns agencies, `permissions=["agences.valider_demande", ...]` rights."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("autoecole")

    @factory.post_generation
    def agences(self, create, extracted, **kwargs):
        if create and extracted:
            self.agences.set(extracted)

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if create and extracted:
            for permission in extracted:
                app_label, codename = permission.split(".")
                self.user_permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
