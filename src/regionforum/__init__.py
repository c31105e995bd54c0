"""regionforum: the open platform for the Forum of Regions of Belarus and Russia."""

__version__ = "0.1.0"
