"""Views of the reporting app: the coordinator's settings (settings), the report workflow
(workflow) and the officer portal (officer). Files are only ever served through these views, after
the role and — for officers — the funder is checked; MEDIA_ROOT is never served directly."""
