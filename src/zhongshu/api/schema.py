"""OpenAPI schema extensions: bearer-token authentication and the shared error answers."""

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
        "code": {"type": "string", "description": "e.g. invalid, permission_denied, conflict"},
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
    "429": "Too many requests; try again later.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


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
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
