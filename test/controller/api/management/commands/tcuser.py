"""`manage.py tcuser USERNAME PASSWORD [--email E] [--admin] [--apps N]`

Creates one user the normal way (create_user -> post_save -> Token), used by the
harness's createUser(). Apps are named `<username>-app`, `<username>-app-2`, ...
"""
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from api.management.commands.seed import create_app


class Command(BaseCommand):
    help = 'Create one user (and optionally apps owned by them).'

    def add_arguments(self, parser):
        parser.add_argument('username')
        parser.add_argument('password')
        parser.add_argument('--email', default='')
        parser.add_argument('--admin', action='store_true')
        parser.add_argument('--apps', type=int, default=0)

    def handle(self, username, password, email='', admin=False, apps=0, **opts):
        if User.objects.filter(username=username).exists():
            raise CommandError('user {!r} already exists'.format(username))
        user = User.objects.create_user(username, email=email, password=password,
                                        is_superuser=admin, is_staff=admin)
        base = slugify(username) or 'user{}'.format(user.pk)
        for k in range(1, apps + 1):
            create_app(user, '{}-app'.format(base) if k == 1 else '{}-app-{}'.format(base, k))
