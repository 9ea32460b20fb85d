"""dadkhah: an evidence and accountability platform for investigations of mass atrocities."""

__version__ = "0.1.0"
