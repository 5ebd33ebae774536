"""Permission classes, after deis/controller@v2.18.0:rootfs/api/permissions.py
(identical in deis/deis@v1.13.4 except where noted)."""
from django.conf import settings
from django.contrib.auth.models import User
from rest_framework import exceptions, permissions

from deis import flavour


class IsAdmin(permissions.BasePermission):
    """Superusers only. No IsAuthenticated next to it: an anonymous caller fails this
    check and DRF answers 401 (TokenAuthentication has a WWW-Authenticate header)."""

    def has_permission(self, request, view):
        return request.user.is_superuser


class HasRegistrationAuth(permissions.BasePermission):
    """Registration modes (§2)."""

    def has_permission(self, request, view):
        mode = settings.REGISTRATION_MODE
        if mode == 'disabled':
            raise exceptions.PermissionDenied('Registration is disabled')
        if mode == 'enabled':
            return True
        if mode == 'admin_only':
            # From controller v2.8.0 (also Hephy, Drycc <=1.3): open while no superuser exists.
            if not flavour.IS_V1 and not User.objects.filter(is_superuser=True).exists():
                return True
            return request.user.is_superuser
        # any other value is a server error (§2)
        raise Exception('{} is not a valid registation mode'.format(mode))


class CanRegenerateToken(permissions.BasePermission):
    """§5: decided by key *presence*, so a non-admin naming themselves gets a 403 too."""

    def has_permission(self, request, view):
        if 'username' in request.data or 'all' in request.data:
            return request.user.is_superuser
        return True
