"""Helpers the test suites share."""

from django.test import Client


def signed_in_client(user, client: Client | None = None, *, verified: bool = True) -> Client:
    """A test client signed in as `user`; with `verified`, MFA is passed as after a real code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client or Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
