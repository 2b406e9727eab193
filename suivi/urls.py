from django.urls import path

from . import views

app_name = "suivi"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("compte/", views.compte, name="compte"),
    path("agences/<str:code>/", views.tableau, name="tableau"),
    path("delais/", views.delais, name="delais"),
    path("rappels/", views.parametres_rappels, name="parametres_rappels"),
    path("rappels/<str:code>/", views.parametres_rappels, name="parametres_rappels_agence"),
]
