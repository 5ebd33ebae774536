"""`manage.py seed --users N --admins M [--apps-for USER ...] [--inactive K]`

Deterministic demo/benchmark data, fast (bulk_create; 50,000 users in a few seconds):
  admins   admin, admin2, admin3, ...         password `admin-pass`, superuser + staff
  users    user00001 ... (5 digits, more when N >= 100000)   password `user-pass`
  email    <username>@example.com; first/last names from fixed lists by index
  dates    date_joined = 2016-01-01T00:00:00Z + k hours (k = creation order),
           last_login = date_joined (what registration does)
  inactive the LAST K normal users get is_active=False (default K=0)
  apps     --apps-for U creates one App `<U>-app` owned by U (so `auth/cancel` gives 409)
Admins are created before users, so pks (and the ordering of users/) follow that order.
Existing usernames are skipped, so running seed twice is harmless. Tokens are random.
"""
import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from api.models import App

ADMIN_PASSWORD = 'admin-pass'
USER_PASSWORD = 'user-pass'
FIRST_NAMES = ['Ada', 'Alan', 'Barbara', 'Dennis', 'Edsger', 'Frances', 'Grace', 'Guido',
               'Hedy', 'John', 'Ken', 'Linus', 'Margaret', 'Niklaus', 'Radia', 'Tim']
LAST_NAMES = ['Allen', 'Backus', 'Cerf', 'Dijkstra', 'Engelbart', 'Hamilton', 'Hopper',
              'Kay', 'Knuth', 'Lamarr', 'Liskov', 'Lovelace', 'McCarthy', 'Perlman',
              'Ritchie', 'Thompson', 'Torvalds', 'Turing', 'Wirth']
EPOCH = datetime.datetime(2016, 1, 1, tzinfo=datetime.timezone.utc)


def admin_name(i):
    return 'admin' if i == 1 else 'admin{}'.format(i)


def user_name(i, total):
    return 'user{:0{w}d}'.format(i, w=max(5, len(str(total))))


def create_app(owner, app_id=None):
    app_id = app_id or '{}-app'.format(slugify(owner.username) or 'user{}'.format(owner.pk))
    return App.objects.create(id=app_id, owner=owner)


class Command(BaseCommand):
    help = 'Seed deterministic users, admins and apps (see the module docstring).'

    def add_arguments(self, parser):
        parser.add_argument('--users', type=int, default=0)
        parser.add_argument('--admins', type=int, default=0)
        parser.add_argument('--inactive', type=int, default=0)
        parser.add_argument('--apps-for', nargs='*', default=[], metavar='USER')

    def handle(self, *args, users=0, admins=0, inactive=0, apps_for=(), **opts):
        if users < 0 or admins < 0 or not 0 <= inactive <= users:
            raise CommandError('need users >= 0, admins >= 0 and 0 <= inactive <= users')
        # One hash per password (fixed salt): identical, valid, and a thousand times faster
        # than hashing per user.
        admin_hash = make_password(ADMIN_PASSWORD, salt='tcseedadmin')
        user_hash = make_password(USER_PASSWORD, salt='tcseeduser')
        existing = set(User.objects.values_list('username', flat=True))
        rows = []
        for i in range(1, admins + 1):
            rows.append(self.make_user(admin_name(i), admin_hash, len(rows), admin=True))
        for i in range(1, users + 1):
            rows.append(self.make_user(user_name(i, users), user_hash, len(rows),
                                       active=i <= users - inactive))
        rows = [u for u in rows if u.username not in existing]
        with transaction.atomic():
            User.objects.bulk_create(rows, batch_size=2000)
            # bulk_create skips the post_save signal: create the tokens ourselves.
            missing = User.objects.filter(auth_token__isnull=True).values_list('pk', flat=True)
            Token.objects.bulk_create(
                [Token(user_id=pk, key=Token.generate_key()) for pk in missing], batch_size=2000)
            for name in apps_for:
                try:
                    create_app(User.objects.get(username=name))
                except User.DoesNotExist:
                    raise CommandError('--apps-for: no user {!r}'.format(name))
        if opts.get('verbosity', 1):
            self.stdout.write('seeded {} users'.format(len(rows)))

    @staticmethod
    def make_user(username, password_hash, k, admin=False, active=True):
        joined = EPOCH + datetime.timedelta(hours=k)
        return User(
            username=username, password=password_hash, email='{}@example.com'.format(username),
            first_name=FIRST_NAMES[k % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(k // len(FIRST_NAMES)) % len(LAST_NAMES)],
            is_superuser=admin, is_staff=admin, is_active=active,
            date_joined=joined, last_login=joined)
