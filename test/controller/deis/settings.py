"""Django settings of the test controller. Everything is driven by env vars:

  DEIS_TC_FLAVOUR            v1 | v1-legacy | v2 (default) | drycc   (see deis/flavour.py)
  DEIS_TC_DB                 sqlite file path (required)
  DEIS_TC_REGISTRATION_MODE  enabled (default) | disabled | admin_only   (deis-api.md §2)
  DEIS_TC_LATENCY_MS         artificial delay per request, default 0
  DEIS_TC_LOG                1 = log every request to stderr
"""
import os
import sys

from django.core.exceptions import ImproperlyConfigured

from deis import flavour

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A test tool: the key protects nothing.
SECRET_KEY = 'deis-admin-test-controller-not-a-secret'
DEBUG = False  # DEBUG=False so that unmatched URLs and v1 500s are Django's plain HTML pages (§1)
ALLOWED_HOSTS = ['*']
APPEND_SLASH = False  # as in every controller: a missing slash is a 404, not a redirect (§1)

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'rest_framework',
    'rest_framework.authtoken',
    'api',
]

MIDDLEWARE = [
    'api.middleware.LatencyMiddleware',
    'api.middleware.CorsMiddleware',
    'api.middleware.APIVersionMiddleware',
    'django.middleware.common.CommonMiddleware',
]

ROOT_URLCONF = 'deis.urls'
WSGI_APPLICATION = None

_db = os.environ.get('DEIS_TC_DB')
if not _db:
    raise ImproperlyConfigured('DEIS_TC_DB (sqlite file path) is required')
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': _db,
        # Busy timeout (seconds): concurrent requests wait for the write lock instead of
        # failing with "database is locked". WAL is switched on in api/apps.py.
        'OPTIONS': {'timeout': 30},
    }
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'

# Fast hashing so that seeding thousands of users takes seconds. Test tool only.
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']

USE_TZ = True
TIME_ZONE = 'UTC'
USE_I18N = False

REGISTRATION_MODE = os.environ.get('DEIS_TC_REGISTRATION_MODE', 'enabled')
LATENCY_MS = int(os.environ.get('DEIS_TC_LATENCY_MS', '0') or 0)

REST_FRAMEWORK = {
    'DEFAULT_AUTHENTICATION_CLASSES': ['api.authentication.TokenAuthentication'],
    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],
    'DEFAULT_RENDERER_CLASSES': ['rest_framework.renderers.JSONRenderer'],
    'DEFAULT_PARSER_CLASSES': ['rest_framework.parsers.JSONParser',
                               'rest_framework.parsers.FormParser',
                               'rest_framework.parsers.MultiPartParser'],
    'DEFAULT_PAGINATION_CLASS': 'api.pagination.Pagination',
    'PAGE_SIZE': 100,
    'EXCEPTION_HANDLER': 'api.exceptions.exception_handler',
    'UNAUTHENTICATED_USER': 'django.contrib.auth.models.AnonymousUser',
}
if not flavour.IS_V1:
    # §1: v2 datetimes are second precision; v1 keeps DRF's ISO-8601 with microseconds.
    REST_FRAMEWORK['DATETIME_FORMAT'] = '%Y-%m-%dT%H:%M:%SZ'

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {'stderr': {'class': 'logging.StreamHandler', 'stream': sys.stderr},
                 'null': {'class': 'logging.NullHandler'}},
    'loggers': {
        # request log of the dev server: only with DEIS_TC_LOG=1
        # (NullHandler, not [] -- an empty list would fall back to logging's lastResort)
        'django.server': {'handlers': ['stderr'] if os.environ.get('DEIS_TC_LOG') == '1' else ['null'],
                          'level': 'INFO', 'propagate': False},
        # tracebacks of 500s go to stderr (they are expected in some tests: §7 missing key)
        'django.request': {'handlers': ['stderr'], 'level': 'ERROR', 'propagate': False},
    },
}
