"""watchfloor: from a pile of news reports to a situation picture an analyst can check."""

__version__ = "0.1.0"
