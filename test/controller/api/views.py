"""Views, after deis/controller@v2.18.0:rootfs/api/views.py and
deis/deis@v1.13.4:controller/api/views.py. Flavour differences are marked with the
deis-api.md section that describes them."""
from django.contrib.auth.models import User
from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import mixins, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from api import authentication, fast_users, models, permissions
from api.exceptions import AlreadyExists, DeisException
from api.serializers import AdminUserSerializer, FlavourUserSerializer
from deis import flavour


class ApiRootView(APIView):
    """`GET /v1/` or `/v2/`: DRF's router root. Default IsAuthenticated, so the CLIs'
    probe without a token gets the 401 they require (§1)."""

    def get(self, request):
        return Response({})


class UserRegistrationViewSet(GenericViewSet, mixins.CreateModelMixin):
    """`POST auth/register/` (§2). The logic is in the serializer."""
    authentication_classes = [authentication.AnonymousOrAuthenticatedAuthentication]
    permission_classes = [permissions.HasRegistrationAuth]
    serializer_class = FlavourUserSerializer


class CallerMixin:
    """The controllers' idiom: the queryset is the caller, get_object() takes [0]. With
    no caller (anonymous) that is an IndexError, i.e. a 500 (§5)."""

    def get_queryset(self):
        return User.objects.filter(pk=self.request.user.pk)

    def get_object(self):
        return self.get_queryset()[0]


class UserManagementViewSet(CallerMixin, GenericViewSet):
    """whoami, cancel and passwd (§4)."""
    serializer_class = FlavourUserSerializer

    def list(self, request, **kwargs):  # GET auth/whoami/ (v2 only, routed in urls.py)
        return Response(self.get_serializer(self.get_object(), many=False).data)

    def _target(self, request, caller):
        """The optional `username` key: yourself, or anyone for a superuser (else 403)."""
        name = request.data.get('username')
        if not name:
            return caller
        if caller.username == name or caller.is_superuser:
            return get_object_or_404(User, username=name)
        raise PermissionDenied()

    def destroy(self, request, **kwargs):  # DELETE auth/cancel/
        caller = self.get_object()
        if flavour.IS_LEGACY:
            # Before v1.10 there is no admin-on-behalf: the body is ignored and the *caller*
            # is deleted; before v1.13 their apps cascade (no 409 guard). (§0, §4)
            caller.delete()
            return Response(status=status.HTTP_204_NO_CONTENT)
        target = self._target(request, caller)
        if models.App.objects.filter(owner=target).exists():
            raise AlreadyExists('{} still has applications assigned. '
                                'Delete or transfer ownership'.format(target))
        target.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def passwd(self, request, **kwargs):  # POST auth/passwd/
        if flavour.IS_LEGACY:
            return self._passwd_v1_7(request)
        if flavour.IS_V1:
            return self._passwd_v1_10(request)
        return self._passwd_v2(request)

    def _passwd_v2(self, request):
        """v2/Hephy/Drycc: a superuser is never asked for the current password; a wrong
        one is a 401 (!)."""
        if not request.data.get('new_password'):
            raise DeisException('new_password is a required field')
        caller = self.get_object()
        target = self._target(request, caller)
        if not caller.is_superuser:
            if not request.data.get('password'):
                raise DeisException('password is a required field')
            if not target.check_password(request.data['password']):
                raise AuthenticationFailed('Current password does not match')
        return self._set_password(target, request.data['new_password'])

    def _passwd_v1_10(self, request):
        """v1.10-1.13: the password is checked when supplied or when the caller is not an
        admin; wrong -> 400; missing keys -> KeyError -> HTML 500."""
        caller = self.get_object()
        target = self._target(request, caller)
        if request.data.get('password') or not caller.is_superuser:
            if not target.check_password(request.data['password']):
                return Response({'detail': 'Current password does not match'},
                                status=status.HTTP_400_BAD_REQUEST)
        return self._set_password(target, request.data['new_password'])

    def _passwd_v1_7(self, request):
        """v1.7-1.9: an admin may name a user but must still send that user's current
        password."""
        caller = self.get_object()
        target = self._target(request, caller)
        if not target.check_password(request.data['password']):
            return Response({'detail': 'Current password does not match'},
                            status=status.HTTP_400_BAD_REQUEST)
        return self._set_password(target, request.data['new_password'])

    @staticmethod
    def _set_password(user, new_password):
        user.set_password(new_password)
        user.save()  # the token is NOT rotated (§4)
        return Response({'status': 'password set'})


class TokenManagementViewSet(CallerMixin, GenericViewSet):
    """`POST auth/tokens/` (§5). Only CanRegenerateToken, no IsAuthenticated: without a
    token get_object() raises IndexError -> 500, as in the real controller."""
    serializer_class = FlavourUserSerializer
    permission_classes = [permissions.CanRegenerateToken]

    def regenerate(self, request, **kwargs):
        obj = self.get_object()

        if 'all' in request.data:  # any value, even false
            self._regenerate_all()
            return Response('')  # a JSON empty string

        if 'username' in request.data:
            obj = get_object_or_404(User, username=request.data['username'])
            self.check_object_permissions(request, obj)

        Token.objects.get(user=obj).delete()  # no Token row -> DoesNotExist -> 500
        return Response({'token': Token.objects.create(user=obj).key})

    @staticmethod
    def _regenerate_all():
        """Same result as the controller's per-user loop (delete + create every user's
        token, the caller's included), done in bulk so 50,000 users take a second.
        Difference: a user without a Token makes the whole call a 500 *before* anything
        is rotated, where the loop would have rotated the users before it."""
        with transaction.atomic():
            user_ids = list(User.objects.values_list('pk', flat=True))
            have = set(Token.objects.values_list('user_id', flat=True))
            if any(pk not in have for pk in user_ids):
                raise Token.DoesNotExist('Token matching query does not exist.')
            Token.objects.all().delete()
            Token.objects.bulk_create(
                [Token(user_id=pk, key=Token.generate_key()) for pk in user_ids], batch_size=2000)


class AdminPermsViewSet(GenericViewSet, mixins.ListModelMixin):
    """`/admin/perms/` (§7): superusers only, no guards at all."""
    serializer_class = AdminUserSerializer
    permission_classes = [permissions.IsAdmin]

    def get_queryset(self):
        # The real filter has no ordering; ours orders by pk so pages are stable.
        return User.objects.filter(is_active=True, is_superuser=True).order_by('pk')

    def create(self, request, **kwargs):
        user = get_object_or_404(User, username=request.data['username'])  # no key -> 500
        user.is_superuser = user.is_staff = True
        user.save(update_fields=['is_superuser', 'is_staff'])
        return Response(status=status.HTTP_201_CREATED)  # empty body

    def destroy(self, request, **kwargs):
        user = get_object_or_404(User, username=kwargs['username'])
        user.is_superuser = user.is_staff = False
        user.save(update_fields=['is_superuser', 'is_staff'])
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserView(GenericViewSet, mixins.ListModelMixin):
    """`GET users/` (§6), plus Drycc's enable/disable (§9)."""
    serializer_class = FlavourUserSerializer
    permission_classes = [permissions.IsAdmin]

    def get_queryset(self):
        # guardian's AnonymousUser row is excluded; ordered by pk for stable pages.
        return User.objects.exclude(username='AnonymousUser').order_by('pk')

    def list(self, request, *args, **kwargs):
        # The same JSON as FlavourUserSerializer(many=True) (asserted by test/controller/test_fast_list.py), built
        # from .values() rows: the real controller spends ~0.4 ms per user on model instances and many-to-many
        # queries, which would make benchmarks and 10,000-user tests measure sqlite instead of the client.
        page = self.paginate_queryset(self.get_queryset().values(*fast_users.COLUMNS))
        return self.get_paginated_response(fast_users.rows(page))

    def enable(self, request, **kwargs):
        return self._set_active(request, kwargs['username'], True)

    def disable(self, request, **kwargs):
        return self._set_active(request, kwargs['username'], False)

    @staticmethod
    def _set_active(request, username, active):
        user = get_object_or_404(User, username=username)
        if user == request.user:
            return Response(status=status.HTTP_423_LOCKED)  # empty body
        user.is_active = active
        user.save(update_fields=['is_active'])
        return Response(status=status.HTTP_204_NO_CONTENT)
