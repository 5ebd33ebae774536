"""`manage.py shell16`: the Django 1.6 `shell` of every Deis v1 release (deis-api.md §5).

Neither IPython nor bpython is in the v1 controller image, so Django 1.6 falls back to
`code.interact(local=imported_objects)` with an empty namespace. With stdin a pipe
(`docker exec -i` without `-t`), the console reads it line by line: each prompt
(`>>> ` or `... `) is written to stdout without a newline, the banner and tracebacks
go to stderr, a compound statement needs a blank line after it, and an error does not
stop the following lines. There is no `-c` (it arrived in Django 1.10): passing it is
an error, as in 1.6.

Differences from the real thing: this is Python 3, not the image's Python 2.7 (so
`print x` is a SyntaxError here; `print(x)` works in both), and the banner imitates 2.7.
"""
import code
import sys

from django.core.management.base import BaseCommand

BANNER = ('Python 2.7.12 (default, Jun 29 2016, 08:57:23) \n[GCC 5.3.0] on linux2\n'
          'Type "help", "copyright", "credits" or "license" for more information.\n'
          '(InteractiveConsole)')


class Command(BaseCommand):
    help = 'Runs a Python interactive interpreter, like Django 1.6 without IPython/bpython.'
    requires_system_checks = []

    def add_arguments(self, parser):
        # Django 1.6's options; all lead to the plain console here.
        parser.add_argument('--plain', action='store_true')
        parser.add_argument('--no-startup', action='store_true')
        parser.add_argument('-i', '--interface', choices=['ipython', 'bpython'])

    def handle(self, **options):
        imported_objects = {}
        sys.ps1, sys.ps2 = '>>> ', '... '
        # exitmsg='' because Python 2's console printed no "now exiting" line.
        code.interact(banner=BANNER, local=imported_objects, exitmsg='')
