from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("eleves/", include("eleves.urls")),
    path("documents/", include("documents.urls")),
    path("demandes/", include("demandes.urls")),
    path("suivi/", include("suivi.urls")),
    path("", views.home, name="home"),
]
