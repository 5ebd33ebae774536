"""`manage.py serve --port 0 [--host 127.0.0.1] [--https CERT KEY] [--seed-users N --seed-admins M]`

A threaded HTTP(S) server around the Django app. Once it accepts connections it prints
exactly one line on stdout, `LISTENING http(s)://127.0.0.1:<port>`, which the
TypeScript harness waits for. Request logs are off (DEIS_TC_LOG=1 sends them to stderr).
"""
import ssl
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections


class QuietServer(ThreadedWSGIServer):
    """Django's runserver server (HTTP/1.1, keep-alive, one thread per connection) with
    one-line error reports: clients that drop TLS handshakes or connections are normal
    in tests and should not flood stderr with tracebacks."""

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        sys.stderr.write('connection from {}: {}: {}\n'.format(
            client_address, type(exc).__name__, exc))


class HttpsRequestHandler(WSGIRequestHandler):
    def get_environ(self):
        env = super().get_environ()
        env['HTTPS'] = 'on'  # wsgiref derives wsgi.url_scheme=https from it (pagination `next` URLs)
        return env


def schema_present():
    tables = connection.introspection.table_names()
    return 'api_app' in tables and 'authtoken_token' in tables


class Command(BaseCommand):
    help = 'Run the test controller on 127.0.0.1 (port 0 = any free port).'
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument('--port', type=int, default=0)
        parser.add_argument('--host', default='127.0.0.1')
        parser.add_argument('--https', nargs=2, metavar=('CERT', 'KEY'))
        parser.add_argument('--seed-users', type=int, default=0)
        parser.add_argument('--seed-admins', type=int, default=0)

    def handle(self, *args, **opts):
        # The harness hands us a copy of an already-migrated template DB; a plain
        # `manage.py serve` on a new file migrates here (about a second).
        if not schema_present():
            call_command('migrate', verbosity=0, interactive=False)
        if opts['seed_users'] or opts['seed_admins']:
            call_command('seed', users=opts['seed_users'], admins=opts['seed_admins'], verbosity=0)
        connections.close_all()  # request threads open their own connections

        handler = HttpsRequestHandler if opts['https'] else WSGIRequestHandler
        httpd = QuietServer((opts['host'], opts['port']), handler, ipv6=':' in opts['host'])
        httpd.set_app(get_wsgi_application())
        scheme = 'http'
        if opts['https']:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(opts['https'][0], opts['https'][1])
            # Handshake lazily in the connection's own thread, not in the accept loop.
            httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True,
                                           do_handshake_on_connect=False)
            scheme = 'https'
        host, port = httpd.server_address[:2]
        sys.stdout.write('LISTENING {}://{}:{}\n'.format(scheme, host, port))
        sys.stdout.flush()
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
