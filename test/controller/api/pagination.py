"""Pagination per flavour (deis-api.md §6).

v1: PAGINATE_BY 100 with ?page=N; ?page_size=M from v1.10 (PAGINATE_BY_PARAM), so not
    in v1-legacy. v2/drycc: LimitOffsetPagination, PAGE_SIZE 100, no maximum.
"""
from rest_framework import pagination

from deis import flavour


class V1Pagination(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = None if flavour.IS_LEGACY else 'page_size'


class V2Pagination(pagination.LimitOffsetPagination):
    default_limit = 100
    max_limit = None


Pagination = V1Pagination if flavour.IS_V1 else V2Pagination
