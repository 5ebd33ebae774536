"""Error body shapes per flavour (deis-api.md §1).

v1 (DRF 3.0): 404 -> {"detail":"Not found"}; unhandled exceptions propagate to Django,
    which renders its HTML 500 page.
v2/drycc: deis/controller@v2.18.0:rootfs/api/exceptions.py custom_exception_handler:
    Http404 -> a bare JSON string ("No User matches the given query."),
    unhandled -> {"detail":"Server Error"} 500.
"""
import logging

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler, set_rollback

from deis import flavour

logger = logging.getLogger('django.request')


class AlreadyExists(exceptions.APIException):
    """v2's AlreadyExists: 409 {"detail": ...}."""
    status_code = status.HTTP_409_CONFLICT


class DeisException(exceptions.APIException):
    """v2's DeisException: 400 {"detail": ...}."""
    status_code = status.HTTP_400_BAD_REQUEST


def v1_exception_handler(exc, context):
    if isinstance(exc, (Http404, exceptions.NotFound)):
        set_rollback()
        return Response({'detail': 'Not found'}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)  # None -> Django's HTML 500


def v2_exception_handler(exc, context):
    if isinstance(exc, Http404):
        set_rollback()
        return Response(str(exc), status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.error('Uncaught Exception', exc_info=exc)
        set_rollback()
        return Response({'detail': 'Server Error'}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return response


exception_handler = v1_exception_handler if flavour.IS_V1 else v2_exception_handler
