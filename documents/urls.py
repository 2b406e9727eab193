from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("eleves/<int:pk>/", views.documents_eleve, name="eleve"),
    path("eleves/<int:pk>/mandat/", views.imprimer_mandat, name="imprimer_mandat"),
    path("<int:pk>/telecharger/", views.telecharger, name="telecharger"),
    path("<int:pk>/apercu/", views.apercu, name="apercu"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
]
