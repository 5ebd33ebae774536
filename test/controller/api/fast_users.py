"""The users list without model instances: `.values()` rows plus two through-table look-ups per page, rendered in
exactly FlavourUserSerializer's field order and date format (deis-api.md §6)."""
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import User
from rest_framework.settings import api_settings

COLUMNS = ('id', 'email', 'username', 'first_name', 'last_name', 'is_superuser', 'is_staff',
           'last_login', 'date_joined', 'is_active')

# DRF's DateTimeField converts each value to the current time zone first, which costs more than the rest of the
# row; the database hands back UTC values and the settings are UTC, so the format alone gives the same text.
assert settings.TIME_ZONE == 'UTC' and settings.USE_TZ
_FORMAT = api_settings.DATETIME_FORMAT


def _ids_by_user(through, column, user_ids):
    found = defaultdict(list)
    for user_id, other in through.objects.filter(user_id__in=user_ids).order_by('pk').values_list('user_id', column):
        found[user_id].append(other)
    return found


def _date(value):
    if value is None:
        return None
    if _FORMAT.lower() == 'iso-8601':
        text = value.isoformat()
        return text[:-6] + 'Z' if text.endswith('+00:00') else text
    return value.strftime(_FORMAT)


def rows(page):
    page = list(page)
    ids = [r['id'] for r in page]
    groups = _ids_by_user(User.groups.through, 'group_id', ids)
    perms = _ids_by_user(User.user_permissions.through, 'permission_id', ids)
    return [{
        'email': r['email'],
        'username': r['username'],
        'first_name': r['first_name'],
        'last_name': r['last_name'],
        'is_superuser': r['is_superuser'],
        'is_staff': r['is_staff'],
        'groups': groups.get(r['id'], []),
        'user_permissions': perms.get(r['id'], []),
        'last_login': _date(r['last_login']),
        'date_joined': _date(r['date_joined']),
        'is_active': r['is_active'],
    } for r in page]
