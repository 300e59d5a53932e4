"""The account pages: users and their roles, invitations, the user's own profile."""

from django.urls import path

from dienhinh.accounts.views import (
    invitations,
    profile,
    roles,
    sessions,
    tokens,
    unit_picker,
    users,
)

app_name = "accounts"

urlpatterns = [
    path("users/", users.user_list, name="user_list"),
    path("unit-picker/", unit_picker.unit_picker, name="unit_picker"),
    path("unit-picker/tree/", unit_picker.unit_tree_roots, name="unit_tree"),
    path("unit-picker/tree/<int:pk>/", unit_picker.unit_tree_children, name="unit_tree_children"),
    path("users/invite/", users.invite, name="invite"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/roles/add/", roles.role_add, name="role_add"),
    path("roles/<int:pk>/remove/", roles.role_remove, name="role_remove"),
    path(
        "invitations/<int:pk>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/accept/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", tokens.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("profile/sessions/<int:pk>/end/", sessions.session_revoke, name="session_revoke"),
    path(
        "profile/sessions/end-others/",
        sessions.session_revoke_others,
        name="session_revoke_others",
    ),
]
