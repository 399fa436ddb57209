"""Staff URLs of the courses part (mounted under /staff/facilities/courses/)."""

from django.urls import path

from . import courses, courses_applicants

urlpatterns = [
    path("", courses.course_list, name="course_list"),
    path("new/", courses.course_new, name="course_new"),
    path("<int:pk>/", courses.course_detail, name="course_detail"),
    path("<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("<int:pk>/publish/", courses.course_publish, name="course_publish"),
    path("<int:pk>/cancel/", courses.course_cancel, name="course_cancel"),
    path("<int:pk>/sessions/add/", courses.course_session_add, name="course_session_add"),
    path(
        "<int:pk>/sessions/<int:session_pk>/remove/",
        courses.course_session_remove,
        name="course_session_remove",
    ),
    path(
        "<int:pk>/sessions/<int:session_pk>/attendance/",
        courses_applicants.course_attendance,
        name="course_attendance",
    ),
    path("<int:pk>/applicants/", courses_applicants.course_applicants, name="course_applicants"),
    path(
        "<int:pk>/applicants.csv",
        courses_applicants.course_applicants_csv,
        name="course_applicants_csv",
    ),
    path(
        "<int:pk>/applicants/new/",
        courses_applicants.course_counter_apply,
        name="course_counter_apply",
    ),
    path(
        "<int:pk>/applicants/<int:application_pk>/cancel/",
        courses_applicants.course_application_cancel,
        name="course_application_cancel",
    ),
    path(
        "<int:pk>/applicants/<int:application_pk>/phoned/",
        courses_applicants.course_application_phoned,
        name="course_application_phoned",
    ),
    path("<int:pk>/select/", courses_applicants.course_select, name="course_select"),
]
