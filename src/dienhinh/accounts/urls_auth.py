"""Login (password, then code), logout, unlocking, two-factor setup, password change and
reset."""

from django.contrib.auth import views as auth_views
from django.urls import path

from dienhinh.accounts.views import login, two_factor

urlpatterns = [
    path("login/", login.LoginView.as_view(), name="login"),
    path("login/code/", login.login_code, name="login_code"),
    path("login/unlock/<str:token>/", login.login_unlock, name="login_unlock"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/disable/", two_factor.disable, name="two_factor_disable"),
    path("two-factor/recovery-codes/", two_factor.renew_codes, name="two_factor_renew"),
    path("password/change/", login.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Links in emails point at SITE_URL, never at the Host header of the request.
    path("password/reset/", login.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        login.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
