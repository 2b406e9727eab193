from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("eleves/", include("eleves.urls")),
    path("documents/", include("documents.urls")),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
]
