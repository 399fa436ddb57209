"""Citizen URLs of the courses part (mounted under /facilities/courses/)."""

from django.urls import path

from . import courses

urlpatterns = [
    path("", courses.course_list, name="course_list"),
    path("mine/", courses.course_my, name="course_my"),
    path("mine/<int:pk>/cancel/", courses.course_my_cancel, name="course_my_cancel"),
    path("<slug:code>/", courses.course_detail, name="course_detail"),
    path("<slug:code>/apply/", courses.course_apply, name="course_apply"),
    path("<slug:code>/result/", courses.course_result, name="course_result"),
]
