"""Checks that api.fast_users renders exactly what FlavourUserSerializer renders (run under `manage.py shell`).
Called by test/integration/controller-double.test.ts for the v1 and v2 flavours."""
import json
from django.contrib.auth.models import Group, Permission, User
from api import fast_users
from api.serializers import FlavourUserSerializer
from rest_framework.renderers import JSONRenderer

u = User.objects.order_by('pk').first()
g, _ = Group.objects.get_or_create(name='fast-list-check')
u.groups.add(g)
u.user_permissions.add(Permission.objects.order_by('pk').first())
qs = User.objects.exclude(username='AnonymousUser').order_by('pk')
slow = JSONRenderer().render(FlavourUserSerializer(qs, many=True).data)
fast = JSONRenderer().render(fast_users.rows(qs.values(*fast_users.COLUMNS)))
print('FAST-LIST-SAME' if slow == fast else 'FAST-LIST-DIFFERENT %s %s' % (slow[:300], fast[:300]))
