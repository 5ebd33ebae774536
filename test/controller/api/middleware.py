"""Middleware: artificial latency, CORS, and the version headers / v1 version check
(deis-api.md §1 CORS, §10)."""
import json
import time

from django.conf import settings
from django.http import HttpResponse

from deis import flavour


class LatencyMiddleware:
    """DEIS_TC_LATENCY_MS: sleep before every request, to make benchmarks realistic."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.delay = settings.LATENCY_MS / 1000.0

    def __call__(self, request):
        if self.delay > 0:
            time.sleep(self.delay)
        return self.get_response(request)


class CorsMiddleware:
    """The controllers run django-cors-headers with CORS_ORIGIN_ALLOW_ALL (§1); this is the
    small subset of it that a browser-hosted client needs."""

    ALLOW_HEADERS = 'content-type, accept, origin, Authorization, Host'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.META.get('HTTP_ORIGIN')
        if (origin and request.method == 'OPTIONS'
                and 'HTTP_ACCESS_CONTROL_REQUEST_METHOD' in request.META):
            response = HttpResponse()
            response['Access-Control-Allow-Headers'] = self.ALLOW_HEADERS
            response['Access-Control-Allow-Methods'] = 'DELETE, GET, OPTIONS, PATCH, POST, PUT'
            response['Access-Control-Max-Age'] = '86400'
        else:
            response = self.get_response(request)
        if origin:
            response['Access-Control-Allow-Origin'] = '*'
            response['Access-Control-Expose-Headers'] = ', '.join(flavour.RESPONSE_HEADERS)
        return response


class APIVersionMiddleware:
    """Adds the flavour's version headers to every response (HTML 404s included), and in
    v1 answers 405 when a `Deis-Version` request header is not the API major version
    (deis/deis@v1.13.4:controller/api/middleware.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check_client_version(request) or self.get_response(request)
        for name, value in flavour.RESPONSE_HEADERS.items():
            response[name] = value
        return response

    @staticmethod
    def check_client_version(request):
        if flavour.VERSION_CHECK_MAJOR is None:
            return None
        client_version = request.META.get('HTTP_DEIS_VERSION')
        if client_version is None or client_version == flavour.VERSION_CHECK_MAJOR:
            return None
        message = {'error': 'Client and server versions do not match. '
                            'Client version: {} Server version: {}'.format(
                                client_version, flavour.VERSION_CHECK_MAJOR)}
        return HttpResponse(json.dumps(message), content_type='application/json', status=405)
