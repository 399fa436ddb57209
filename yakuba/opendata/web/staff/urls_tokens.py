"""API tokens of the signed-in staff member, mounted at /staff/opendata/tokens/
(namespace ``console:opendata``)."""

from django.urls import path

from . import tokens

urlpatterns = [
    path("", tokens.token_list, name="token_list"),
    path("new/", tokens.token_new, name="token_new"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
