"""Estimates of the total number of victims, documented and not, stored with their settings."""
