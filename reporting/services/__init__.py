"""Writes of the reporting app: the report workflow (reports), the snapshot of figures (snapshot)
and rendering a report (rendering). Import from the modules themselves."""
