"""Staff pages of the records part, mounted at /staff/certificates/records/
(namespace ``console:certificates``)."""

from django.urls import path

from . import records_seals, records_support, records_tax

urlpatterns = [
    path("seals/", records_seals.seal_list, name="records_seal_list"),
    path("seals/person/<int:person_id>/", records_seals.seal_person, name="records_seal_person"),
    path(
        "seals/person/<int:person_id>/register/",
        records_seals.seal_register,
        name="records_seal_register",
    ),
    path(
        "seals/<int:registration_id>/image.png", records_seals.seal_image, name="records_seal_image"
    ),
    path(
        "seals/<int:registration_id>/abolish/",
        records_seals.seal_abolish,
        name="records_seal_abolish",
    ),
    path("tax/", records_tax.tax_search, name="records_tax_search"),
    path("tax/import/", records_tax.tax_import, name="records_tax_import"),
    path("tax/<int:assessment_id>/correct/", records_tax.tax_correct, name="records_tax_correct"),
    path("support/", records_support.support_list, name="records_support_list"),
    path(
        "support/person/<int:person_id>/",
        records_support.support_person,
        name="records_support_person",
    ),
    path(
        "support/<int:measure_id>/lift/", records_support.support_lift, name="records_support_lift"
    ),
]
