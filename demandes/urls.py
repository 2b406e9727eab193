from django.urls import path

from . import views

app_name = "demandes"
urlpatterns = [
    path("eleves/<int:pk>/", views.eleve, name="eleve"),
    path("eleves/<int:pk>/suivi/", views.suivi, name="suivi"),
    path("eleves/<int:pk>/creer/", views.creer, name="creer"),
    path("eleves/<int:pk>/transferer/", views.transferer, name="transferer"),
    path("eleves/<int:pk>/relier/", views.relier, name="relier"),
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
]
