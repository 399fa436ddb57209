from django.urls import path

from . import views

urlpatterns = [path("", views.access_record, name="access_record")]
