"""The minimal demo case of the page tests, for the search tests too."""

from tests.web.pages.conftest import demo

__all__ = ["demo"]
