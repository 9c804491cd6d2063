"""The meetings module's landing page: the module's pages this user may open, one line each."""

from django.contrib.auth.decorators import login_required

from zhongshu.core.menu import render_overview


@login_required
def overview(request):
    return render_overview(request, "meetings")
