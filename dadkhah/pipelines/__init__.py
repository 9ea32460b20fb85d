"""I/O orchestration without Django: import, link, estimate, bundle."""
