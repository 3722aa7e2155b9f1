"""`?format=csv` on the API's lists: every filtered row as CSV, streamed.

The list action answers a CSV request itself (see PublishedReadOnlyViewSet.list) with the
website's download table, bypassing pagination and the serializer, so the file holds all
the filtered rows. The renderer is what lets DRF's content negotiation accept the format.
"""

import csv
import io

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """Only for bodies that are not a list download (the list streams its own):
        a list of flat objects as rows under their keys."""
        rows = data if isinstance(data, list) else [data]
        rows = [row for row in rows if isinstance(row, dict)]
        output = io.StringIO()
        if rows:
            writer = csv.DictWriter(output, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return output.getvalue().encode(self.charset)
