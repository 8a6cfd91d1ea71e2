"""Deletes the clinic's data and what refers to users, keeping groups, permissions, content types,
sessions and the migration history: a database ready for `loaddata` of a `dumpdata api` fixture
(whose users name their groups and permissions).
"""
from django.contrib.admin.models import LogEntry
from django.core.management.base import BaseCommand
from django.db import transaction
from rest_framework.authtoken.models import Token

from api import models


class Command(BaseCommand):
    help = "Delete every api row, token and admin log entry; keep auth groups, permissions and the rest."

    def handle(self, *args, **options):
        with transaction.atomic():
            LogEntry.objects.all().delete()
            Token.objects.all().delete()
            # Every other api model hangs off a user (CASCADE) or is one of these three.
            models.User.objects.all().delete()
            for model in [models.Service, models.InventoryItem, models.ClinicLocation]:
                model.objects.all().delete()
