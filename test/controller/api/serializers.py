"""Serializers, after deis/controller@v2.18.0:rootfs/api/serializers.py (deis-api.md §2, §6, §7)."""
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from deis import flavour


class UserSerializer(serializers.ModelSerializer):
    # No `id` in the fields, although the API docs show one (§2, §6).
    class Meta:
        model = User
        fields = ['email', 'username', 'password', 'first_name', 'last_name', 'is_superuser',
                  'is_staff', 'groups', 'user_permissions', 'last_login', 'date_joined',
                  'is_active']
        read_only_fields = ['is_superuser', 'is_staff', 'groups',
                            'user_permissions', 'last_login', 'date_joined', 'is_active']
        extra_kwargs = {'password': {'write_only': True}}

    def create(self, validated_data):
        now = timezone.now()
        user = User(
            email=validated_data.get('email'),
            username=validated_data.get('username'),
            last_login=now,  # set at registration, never updated by token login (§6)
            date_joined=now,
            is_active=True,
        )
        if validated_data.get('first_name'):
            user.first_name = validated_data['first_name']
        if validated_data.get('last_name'):
            user.last_name = validated_data['last_name']
        user.set_password(validated_data['password'])
        # The first signup becomes admin -- whenever no superuser exists *now* (§2).
        if not User.objects.filter(is_superuser=True).exists():
            user.is_superuser = user.is_staff = True
        user.save()
        return user


class V1UserSerializer(UserSerializer):
    """DRF 3.0's generic unique message: {"username":["This field must be unique."]} (§2)."""
    username = serializers.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator(), UniqueValidator(queryset=User.objects.all())])


class AdminUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ['username', 'is_superuser']
        read_only_fields = ['username']


# what the views use
FlavourUserSerializer = V1UserSerializer if flavour.IS_V1 else UserSerializer
