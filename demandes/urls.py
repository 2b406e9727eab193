from django.urls import path

from . import views, views_espace, views_synchronisation

app_name = "demandes"
urlpatterns = [
    # Espace Administratif › Demandes en ligne (site ANTS)
    path("", views_espace.accueil, name="espace"),
    path("agences/<str:code>/", views_espace.espace_agence, name="espace_agence"),
    path("agences/<str:code>/export/", views_espace.exporter, name="exporter"),
    path("agences/<str:code>/synchroniser/", views_synchronisation.synchroniser, name="synchroniser"),
    path(
        "synchronisations/<int:pk>/",
        views_synchronisation.suivi_synchronisation,
        name="suivi_synchronisation",
    ),
    path("<int:pk>/associer/", views_espace.associer, name="associer"),
    path("<int:pk>/associer/eleves/", views_espace.associer_eleves, name="associer_eleves"),
    # The student's tab "Demandes ANTS"
    path("eleves/<int:pk>/", views.eleve, name="eleve"),
    path("eleves/<int:pk>/suivi/", views.suivi, name="suivi"),
    path("eleves/<int:pk>/creer/", views.creer, name="creer"),
    path("eleves/<int:pk>/transferer/", views.transferer, name="transferer"),
    path("eleves/<int:pk>/relier/", views.relier, name="relier"),
    path("eleves/<int:pk>/imprimer/<str:modele>/<str:type_demande>/", views.imprimer, name="imprimer"),
    path("<int:pk>/actualiser/", views.actualiser, name="actualiser"),
    path("<int:pk>/valider/", views.valider, name="valider"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<int:pk>/ephoto/", views.ephoto, name="ephoto"),
    path("<int:pk>/ephoto/supprimer/", views.supprimer_ephoto, name="supprimer_ephoto"),
    path("<int:pk>/telecharger/", views.telecharger, name="telecharger"),
    path("<int:pk>/pieces/", views.pieces, name="pieces"),
    path(
        "<int:pk>/pieces/<str:code>/<str:fichier_id>/supprimer/",
        views.supprimer_fichier,
        name="supprimer_fichier",
    ),
    path("operations/<int:pk>/relancer/", views.relancer, name="relancer"),
    path("operations/<int:pk>/abandonner/", views.abandonner, name="abandonner"),
]
