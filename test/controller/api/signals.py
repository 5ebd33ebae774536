"""Signal receivers."""
from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_auth_token(sender, instance=None, created=False, **kwargs):
    """Every new user gets a Token, as `create_auth_token` in the controllers' api/models
    (deis-api.md §5). bulk_create skips this: the seed command makes tokens itself."""
    if created:
        Token.objects.create(user=instance)


@receiver(connection_created)
def sqlite_pragmas(sender, connection, **kwargs):
    """WAL lets readers run while one thread writes; together with the busy timeout in
    settings, 6 concurrent requests do not fail with "database is locked"."""
    if connection.vendor == 'sqlite':
        with connection.cursor() as cursor:
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA synchronous=NORMAL')
