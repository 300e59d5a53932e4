"""Search (/tim-kiem/?q=): publishing.search over the public stories, the matched words
highlighted in the original headline, lead and a piece of the body."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import SafeString

from dienhinh.core.web import page_query, paginate
from dienhinh.portal.caching import portal_page
from dienhinh.portal.highlight import highlight, snippet
from dienhinh.portal.views.common import PER_PAGE, render_page
from dienhinh.publishing import search
from dienhinh.publishing.models import Story
from dienhinh.publishing.public import PublicStory, present

MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    story: PublicStory
    headline: SafeString
    lead: SafeString
    snippet: SafeString


def _loader(query: search.Query):
    def load(ids: list[int]) -> list[Hit]:
        rows = Story.objects.public().select_related("live_version", "unit", "field", "movement")
        by_id = {story.pk: story for story in rows.filter(pk__in=ids)}
        ordered = [by_id[pk] for pk in ids if pk in by_id]
        records = present(ordered)
        return [
            Hit(
                story=record,
                headline=highlight(record.headline, query),
                lead=highlight(record.lead, query),
                snippet=snippet(row.live_version.body, query),
            )
            for row, record in zip(ordered, records, strict=True)
        ]

    return load


@portal_page
def search_page(request):
    text = (request.GET.get("q") or "")[:MAX_QUERY]
    query = search.Query.parse(text)
    page, more = None, False
    if query:
        results = search.Results(query, load=_loader(query))
        page = paginate(request, results, per_page=PER_PAGE)
        more = results.more
    return render_page(
        request,
        "portal/search.html",
        {
            "q": text,
            "query": query,
            "page_obj": page,
            "more": more,
            "bound": number_format(search.BOUND, force_grouping=True),
            "hits": list(page.object_list) if page else [],
            "page_query": page_query(request),
            "noindex": True,
        },
    )
