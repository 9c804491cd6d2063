from django import template

from ..views import attachments_context

register = template.Library()


@register.inclusion_tag("files/_attachments.html", takes_context=True)
def attachments_for(context, owner):
    """`{% attachments_for obj %}`: the owner's files with download links and an upload form."""
    request = context["request"]
    return {
        **attachments_context(owner=owner, user=request.user),
        "next_url": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
