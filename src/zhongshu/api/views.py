"""API infrastructure: exchanging a username and password for a bearer token, revoking it."""

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import BearerTokenAuthentication
from .models import ApiToken
from .serializers import TokenRequestSerializer, TokenSerializer


class TokenView(APIView):
    """Exchange a username and password for a bearer token (shown once, stored hashed)."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Incorrect username or password."))
        token, raw = ApiToken.issue(user, name="api")
        return Response(
            {"token": raw, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token this request is authenticated with."""
        if not isinstance(request.auth, ApiToken):
            raise AuthenticationFailed(_("Send the token to revoke in the Authorization header."))
        ApiToken.objects.filter(pk=request.auth.pk).update(revoked_at=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
