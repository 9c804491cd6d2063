"""OpenAPI schema extensions: bearer-token authentication, the shared error answers and the
Idempotency-Key header of POSTs."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "zhongshu.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token from POST /api/v1/auth/token/",
        }


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every refused request: a stable machine code and a message for people.",
    "properties": {
        "code": {
            "type": "string",
            "description": (
                "e.g. invalid, permission_denied, not_found, conflict, idempotency_key_reused, "
                "request_in_progress"
            ),
        },
        "detail": {"type": "string", "description": "The reason, in the user's language."},
        "field": {"type": "string", "description": "The input field at fault, when one is."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Validation errors by field, for invalid input.",
        },
    },
    "required": ["code", "detail"],
}
ERROR_ANSWERS = {
    "400": "Invalid input; nothing was changed.",
    "401": "Not authenticated: no or an expired token.",
    "403": "Not allowed for this user.",
    "404": "No such object, or not visible to this user.",
    "409": "Conflicts with the current state; nothing was changed.",
    "415": "The body is not in a media type this operation reads.",
    "429": "Too many requests; try again later.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
BODY_METHODS = {"post", "put", "patch"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the `{"code", "detail"}` error answers.

    The exception handler (`api.errors`) gives every operation the same error shape; declaring
    it once here keeps a generated client correct without repeating it on every view.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ERROR_ANSWERS.items():
                if status == "409" and method not in WRITE_METHODS:
                    continue
                if status == "415" and method not in BODY_METHODS:
                    continue
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result


IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": (
        "Send the same key again to retry this request safely: within 24 hours a repeat with "
        "the same key and body is not run again but answered as the first time "
        "(`Idempotent-Replayed: true`); the key with another body answers 409 "
        "`idempotency_key_reused`, and while the first request runs, 409 `request_in_progress`."
    ),
}
# Anonymous requests have no keys (a key belongs to its user).
WITHOUT_IDEMPOTENCY = {"/api/v1/auth/token/"}


def add_idempotency_header(result, generator, request, public):
    """drf-spectacular post-processing hook: document `Idempotency-Key` on every POST."""
    for path, path_item in result.get("paths", {}).items():
        operation = path_item.get("post")
        if path in WITHOUT_IDEMPOTENCY or not isinstance(operation, dict):
            continue
        operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
    return result
