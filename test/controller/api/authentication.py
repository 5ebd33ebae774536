"""Authentication classes (deis-api.md §1, §2)."""
from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

from deis import flavour


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF token auth with the flavour's messages: DRF 2.4/3.0 (v1) wrote
    "Invalid token" and "User inactive or deleted" without the final period."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related('user').get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(flavour.INVALID_TOKEN)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(flavour.USER_INACTIVE)
        return (token.user, token)


class AnonymousOrAuthenticatedAuthentication(authentication.BaseAuthentication):
    """Registration's authenticator (v1.6+ and v2, copied from api/authentication.py):
    a valid token identifies the caller, a bad one is silently anonymous. It has no
    authenticate_header(), so DRF turns every denial into a 403, never a 401 (§2).
    With no Authorization header at all it returns None, like the original, so an
    admin_only denial then reads "Authentication credentials were not provided."
    (still a 403) rather than "You do not have permission..."."""

    def authenticate(self, request):
        try:
            return TokenAuthentication().authenticate(request)
        except Exception:
            return AnonymousUser(), None
