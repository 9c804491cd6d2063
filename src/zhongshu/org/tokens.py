"""The token in an e-mailed password reset link."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, also void once the user's access has been ended since it was mailed.

    Django's token already dies with a new password, a sign-in or a changed e-mail address; with
    the session epoch in it, disabling the user, lowering their clearance or ending their
    sessions voids a link still lying in a mailbox too.
    """

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}|{user.session_epoch}"


reset_token_generator = ResetTokenGenerator()
