"""The HTTP API's routes, one router per caller: ``terminals`` (a terminal's token, or none for meta
and enroll) and ``district`` (a district admin). What a route needs comes from ``deps``."""
