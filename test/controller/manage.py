#!/usr/bin/env python3
"""Entry point of the Deis Admin test controller (see README.md).

Run it with /usr/bin/python3: Debian's python3-django / python3-djangorestframework
live there, not in the pyenv interpreter that is first on PATH.
Like the real v1 controller, the settings module is `deis.settings`.
"""
import os
import sys

# DRF imports these optional schema/docs libraries when Debian happens to have them
# installed; coreapi alone costs ~0.3 s of start-up (pkg_resources). The controller
# uses none of them, so pretend they are absent.
for _optional in ('coreapi', 'coreschema', 'yaml', 'requests', 'markdown', 'pygments',
                  'uritemplate', 'django.contrib.postgres'):
    sys.modules.setdefault(_optional, None)

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'deis.settings')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
