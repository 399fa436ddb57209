"""A URL tree with one deliberately leaky staff page, to prove the crawler catches it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns
from yakuba.residents.models import Person


def leaky_person_page(request, pk: int) -> HttpResponse:
    """Shows a resident's name and leaves no access record: exactly what must never ship."""
    person = Person.objects.get(pk=pk)
    return HttpResponse(f"<p>{person.full_name}</p>", content_type="text/html; charset=utf-8")


urlpatterns = [path("staff/leaky/<int:pk>/", leaky_person_page), *real_urlpatterns]
handler404 = "yakuba.core.views.errors.page_not_found"
handler500 = "yakuba.core.views.errors.server_error"
