"""Renderers that let a file route of the API accept its own media type.

DRF negotiates a renderer from `Accept` before the view runs; with only the JSON renderers,
`Accept: application/pdf` on a route that answers a PDF was refused with 406. A file route lists
`file_renderers(<its type>)`: JSON first (for `*/*` and `application/json`), then a renderer of
its own type. The file itself is an HttpResponse and passes no renderer; the renderer of the
file's type only renders a refusal (`{"code", "detail"}`), as JSON and labelled so.
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CALENDAR = "text/calendar"


class FileTypeRenderer(BaseRenderer):
    """Accepts `media_type` in negotiation; renders error bodies as JSON."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = JSONRenderer.media_type
        return JSONRenderer().render(data, JSONRenderer.media_type, renderer_context)


def file_renderers(media_type: str, format_name: str) -> list[type[BaseRenderer]]:
    renderer = type(
        f"{format_name.upper()}Renderer",
        (FileTypeRenderer,),
        {"media_type": media_type, "format": format_name},
    )
    return [JSONRenderer, renderer]


PDF_RENDERERS = file_renderers(PDF, "pdf")
XLSX_RENDERERS = file_renderers(XLSX, "xlsx")
CALENDAR_RENDERERS = file_renderers(CALENDAR, "ics")
