from django.urls import path

from . import views

app_name = "eleves"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("recherche/", views.recherche, name="recherche"),
    path("nouveau/", views.creer, name="creer"),
    path("communes/", views.communes, name="communes"),
    path("<int:pk>/", views.fiche, name="fiche"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<int:pk>/dossier/", views.dossier, name="dossier"),
    path("<int:pk>/verification/", views.verification, name="verification"),
]
