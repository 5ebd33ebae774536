"""The users list without model instances: `.values()` rows plus two through-table look-ups per page, rendered in
exactly FlavourUserSerializer's field order and date format (deis-api.md §6)."""
from collections import defaultdict

from django.contrib.auth.models import User
from rest_framework import serializers

COLUMNS = ('id', 'email', 'username', 'first_name', 'last_name', 'is_superuser', 'is_staff',
           'last_login', 'date_joined', 'is_active')

_datetime = serializers.DateTimeField()


def _ids_by_user(through, column, user_ids):
    found = defaultdict(list)
    for user_id, other in through.objects.filter(user_id__in=user_ids).order_by('pk').values_list('user_id', column):
        found[user_id].append(other)
    return found


def _date(value):
    return None if value is None else _datetime.to_representation(value)


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
