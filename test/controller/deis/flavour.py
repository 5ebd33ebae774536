"""Per-flavour constants. One place for everything that differs between the
controllers we imitate (deis-api.md §0, §1, §10, §13).

Flavours:
  v1         Deis v1.13.4 (API 1.7, Django 1.6 / DRF 3.0 behaviour)
  v1-legacy  Deis v1.7 (API 1.4): before auth/tokens (v1.8) and admin-on-behalf (v1.10)
  v2         Deis Workflow controller v2.18 / Hephy (API 2.3)
  drycc      Drycc controller v1.3 (v2 API + enable/disable, DRYCC_* headers)
"""
import os

from django.core.exceptions import ImproperlyConfigured

FLAVOURS = ('v1', 'v1-legacy', 'v2', 'drycc')

NAME = os.environ.get('DEIS_TC_FLAVOUR', 'v2')
if NAME not in FLAVOURS:
    raise ImproperlyConfigured(
        'DEIS_TC_FLAVOUR must be one of {}, not {!r}'.format(', '.join(FLAVOURS), NAME))

IS_V1 = NAME in ('v1', 'v1-legacy')
# "legacy" = v1.7: no auth/tokens, users/ needs its slash, no ?page_size,
# passwd v1.7-1.9 rules, cancel without admin-on-behalf and without the 409 guard.
IS_LEGACY = NAME == 'v1-legacy'
IS_DRYCC = NAME == 'drycc'

PREFIX = 'v1' if IS_V1 else 'v2'

# Response headers (§10). Django sends the names verbatim, underscores included.
if NAME == 'v1':
    RESPONSE_HEADERS = {'DEIS_API_VERSION': '1.7', 'DEIS_PLATFORM_VERSION': '1.13.4',
                        'X_DEIS_API_VERSION': '1.7', 'X_DEIS_PLATFORM_VERSION': '1.13.4'}
elif NAME == 'v1-legacy':
    RESPONSE_HEADERS = {'DEIS_API_VERSION': '1.4', 'DEIS_PLATFORM_VERSION': '1.7.3',
                        'X_DEIS_API_VERSION': '1.4', 'X_DEIS_PLATFORM_VERSION': '1.7.3'}
elif NAME == 'v2':
    RESPONSE_HEADERS = {'DEIS_API_VERSION': '2.3', 'DEIS_PLATFORM_VERSION': '2.3.0'}
else:
    RESPONSE_HEADERS = {'DRYCC_API_VERSION': '2.3', 'DRYCC_PLATFORM_VERSION': '1.3.0'}

# v1 rejects a `Deis-Version` request header that is not the API *major* version
# (controller/api/middleware.py: __version__.rsplit('.', 2)[0] == "1"). Removed in v2.3.
VERSION_CHECK_MAJOR = '1' if IS_V1 else None

# DRF message differences (§1): DRF 2.4/3.0 had no trailing periods.
INVALID_TOKEN = 'Invalid token' if IS_V1 else 'Invalid token.'
USER_INACTIVE = 'User inactive or deleted' if IS_V1 else 'User inactive or deleted.'

# admin/perms/<username> path regex (§7): v1 `[-_\w]+`, controller v2.10+/Hephy `[\w.@+-]+`.
ADMIN_PERMS_USERNAME = r'[-_\w]+' if IS_V1 else r'[\w.@+-]+'
