"""Only the admin: the tests use the app's models and commands, not its views."""
from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
