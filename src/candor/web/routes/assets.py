"""Static files: one route per generated file, one for the fixed list of files.

Nothing outside the list in `static_files.files()` can be asked for, and the
routes carry a rule like every other.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, Response

from candor.report.html import _code_css
from candor.web.security import public
from candor.web.static_files import CACHE, TYPES, files, plotly_css

router = APIRouter()


@router.get("/static/plotly.css", include_in_schema=False, dependencies=[Depends(public(lookup=False))])
def plotly_styles() -> Response:
    return Response(plotly_css(), media_type=TYPES[".css"], headers={"cache-control": CACHE})


@router.get("/static/codes.css", include_in_schema=False, dependencies=[Depends(public(lookup=False))])
def code_colours() -> Response:
    """The code colours, from the one palette the report and its charts share."""
    return Response(_code_css() + "\n", media_type=TYPES[".css"], headers={"cache-control": CACHE})


@router.get("/static/{name}", include_in_schema=False, dependencies=[Depends(public(lookup=False))])
def static(name: str) -> FileResponse:
    path = files().get(name)
    if path is None or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=TYPES[path.suffix], headers={"cache-control": CACHE})
