"""`manage.py tctoken USERNAME`: prints the user's token key, or nothing (exit 0) when the
user has no Token row. Used by the harness's tokenFor()."""
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print a user's API token (empty output if none)."

    def add_arguments(self, parser):
        parser.add_argument('username')

    def handle(self, username, **opts):
        token = Token.objects.filter(user__username=username).first()
        if token:
            self.stdout.write(token.key)
