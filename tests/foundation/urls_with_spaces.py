"""The project's URLs (eleves provides its space) plus the ants space's URL name, as ants will."""

from django.urls import include, path
from django.views.generic import TemplateView

from autoecole.urls import urlpatterns as project_urlpatterns

page = TemplateView.as_view(template_name="home.html")

urlpatterns = [
    *project_urlpatterns,
    path("test-demandes/", include(([path("", page, name="demandes")], "ants"))),
]
