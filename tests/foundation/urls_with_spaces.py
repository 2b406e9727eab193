"""The project's URLs plus the two spaces' URL names, as the eleves and ants apps will provide them."""

from django.urls import include, path
from django.views.generic import TemplateView

from autoecole.urls import urlpatterns as project_urlpatterns

page = TemplateView.as_view(template_name="home.html")

urlpatterns = [
    *project_urlpatterns,
    path("test-eleves/", include(([path("", page, name="liste")], "eleves"))),
    path("test-demandes/", include(([path("", page, name="demandes")], "ants"))),
]
