"""Candor's local web app (`candor serve`): FastAPI over the store and the pipeline."""

from candor.web.app import create_app

__all__ = ["create_app"]
