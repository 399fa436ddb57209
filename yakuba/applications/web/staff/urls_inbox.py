"""Staff URLs of the inbox part (mounted at /staff/applications/, namespace
``console:applications``): the list and its CSV, one submission, its workflow actions,
attachments and printable PDF."""

from django.urls import path

from . import inbox, inbox_files

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("export.csv", inbox_files.inbox_csv, name="inbox_csv"),
    path("<int:pk>/", inbox.submission_detail, name="submission_detail"),
    path("<int:pk>/print.pdf", inbox_files.submission_pdf, name="submission_pdf"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        inbox_files.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/assign/", inbox.submission_assign, name="submission_assign"),
    path("<int:pk>/review/", inbox.submission_start_review, name="submission_start_review"),
    path(
        "<int:pk>/correction/",
        inbox.submission_request_correction,
        name="submission_request_correction",
    ),
    path("<int:pk>/approve/", inbox.submission_approve, name="submission_approve"),
    path("<int:pk>/reject/", inbox.submission_reject, name="submission_reject"),
    path("<int:pk>/complete/", inbox.submission_complete, name="submission_complete"),
    path("<int:pk>/comment/", inbox.submission_comment, name="submission_comment"),
    path("<int:pk>/message/", inbox.submission_message, name="submission_message"),
]
