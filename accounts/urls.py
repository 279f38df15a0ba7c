from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import agency_views, audit_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("accounts/mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/api-token/", views.api_token, name="api_token"),
    path("switch-program/", views.program_switch, name="program_switch"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<slug:slug>/", views.program_detail, name="program_detail"),
    path("programs/<slug:slug>/edit/", views.program_edit, name="program_edit"),
    path("programs/<slug:slug>/invite/", views.program_invite, name="program_invite"),
    path("agencies/", agency_views.agency_list, name="agency_list"),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.state_invite, name="state_invite"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
]
