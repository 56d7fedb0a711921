"""The web app's file downloads: the formats they come in and the response that carries a frame as a file."""
from __future__ import annotations

import tempfile
from collections.abc import Collection
from pathlib import Path

import pandas as pd
from starlette.exceptions import HTTPException
from starlette.responses import Response

from pipeline.output.sheets import write_frame

DOWNLOAD_NAME = "nexus_evidence"
"""The file name (without suffix) of a download of the filtered links."""
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STRUCTURE_FORMATS = ("csv", "xlsx")
"""The formats a structured table downloads as."""
TEMP_PREFIX = "nexus_serve_"
"""The prefix of the temporary folder a download is written in."""


def download_format(fmt: str, valid: Collection[str]) -> str:
    """The format a download route names, if it is one of ``valid`` (else HTTP 404)."""
    if fmt not in valid:
        raise HTTPException(404, f"no download as {fmt!r}; valid: {', '.join(valid)}")
    return fmt


def file_response(frame: pd.DataFrame, name: str, fmt: str) -> Response:
    """A frame written as the file ``name`` in format ``fmt``, as an attachment."""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        data = write_frame(frame, Path(tmp) / name, fmt=fmt).read_bytes()
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
