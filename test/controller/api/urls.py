"""URL patterns of the user/admin/token endpoints, per flavour (deis-api.md §0, §1, §7, §9).

v1 patterns are copied from deis/deis@v1.13.4:controller/api/urls.py and, like there,
have NO `$` anchor: Django matches them as prefixes. So `/v1/auth/login/anything` is
still the login view, and `DELETE /v1/admin/perms/john.doe` matches with
username=`john` (the `.doe` is simply ignored): a real v1 controller would demote
`john`, or answer the JSON 404 when no `john` exists. A name that *starts* with
`.`/`@`/`+` falls through to `^admin/perms/?`, whose view has no DELETE: 405.

v2/drycc patterns are from deis/controller@v2.18.0:rootfs/api/urls.py (`/?$` anchors,
login and tokens require the trailing slash).
"""
from django.urls import re_path
from rest_framework.authtoken.views import obtain_auth_token

from api import views
from deis import flavour

U = flavour.ADMIN_PERMS_USERNAME

if flavour.IS_V1:
    urlpatterns = [
        re_path(r'^$', views.ApiRootView.as_view()),
        re_path(r'^auth/register/?', views.UserRegistrationViewSet.as_view({'post': 'create'})),
        re_path(r'^auth/cancel/?', views.UserManagementViewSet.as_view({'delete': 'destroy'})),
        re_path(r'^auth/passwd/?', views.UserManagementViewSet.as_view({'post': 'passwd'})),
        re_path(r'^auth/login/', obtain_auth_token),
    ]
    if not flavour.IS_LEGACY:
        # auth/tokens/ appeared in v1.8.0 (§0)
        urlpatterns.append(re_path(
            r'^auth/tokens/', views.TokenManagementViewSet.as_view({'post': 'regenerate'})))
    urlpatterns += [
        re_path(r'^admin/perms/(?P<username>{})/?'.format(U),
                views.AdminPermsViewSet.as_view({'delete': 'destroy'})),
        re_path(r'^admin/perms/?', views.AdminPermsViewSet.as_view({'get': 'list', 'post': 'create'})),
        # users/ required its trailing slash until v1.13.0 (§0)
        re_path(r'^users/' if flavour.IS_LEGACY else r'^users/?',
                views.UserView.as_view({'get': 'list'})),
    ]
else:
    urlpatterns = [
        re_path(r'^$', views.ApiRootView.as_view()),
        re_path(r'^auth/register/?$', views.UserRegistrationViewSet.as_view({'post': 'create'})),
        re_path(r'^auth/cancel/?$', views.UserManagementViewSet.as_view({'delete': 'destroy'})),
        re_path(r'^auth/passwd/?$', views.UserManagementViewSet.as_view({'post': 'passwd'})),
        re_path(r'^auth/whoami/?$', views.UserManagementViewSet.as_view({'get': 'list'})),
        re_path(r'^auth/login/$', obtain_auth_token),
        re_path(r'^auth/tokens/$', views.TokenManagementViewSet.as_view({'post': 'regenerate'})),
        re_path(r'^admin/perms/(?P<username>{})/?$'.format(U),
                views.AdminPermsViewSet.as_view({'delete': 'destroy'})),
        re_path(r'^admin/perms/?$', views.AdminPermsViewSet.as_view({'get': 'list', 'post': 'create'})),
        re_path(r'^users/?$', views.UserView.as_view({'get': 'list'})),
    ]
    if flavour.IS_DRYCC:
        # drycc/controller@v1.3.0:rootfs/api/urls.py (§9)
        urlpatterns += [
            re_path(r'^users/(?P<username>[\w.@+-]+)/enable/?$',
                    views.UserView.as_view({'patch': 'enable'})),
            re_path(r'^users/(?P<username>[\w.@+-]+)/disable/?$',
                    views.UserView.as_view({'patch': 'disable'})),
        ]
