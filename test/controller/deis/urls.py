"""Top-level routing: everything lives under /v1/ or /v2/ (deis-api.md §0)."""
from django.urls import include, re_path

from deis import flavour

urlpatterns = [
    re_path(r'^{}/'.format(flavour.PREFIX), include('api.urls')),
]
