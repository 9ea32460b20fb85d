"""Tabular exports of the case (`dadkhah export`): read as the pages read, written by pipelines.export."""
