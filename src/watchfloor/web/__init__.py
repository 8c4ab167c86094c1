"""The web app and JSON API (``watchfloor serve``): rendering only, over ``watchfloor.query``."""

from watchfloor.web.app import create_app

__all__ = ["create_app"]
