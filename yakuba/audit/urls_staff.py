from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("chain/", views.audit_chain, name="audit_chain"),
]
