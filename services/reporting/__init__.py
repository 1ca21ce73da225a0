"""Reporting: every read of the warehouse, by feature.

* :mod:`.stats`: a week's counts, series over any weeks, exports (``/v1/stats``, ``/v1/incidents/export``)
* :mod:`.weekly`: the weekly situation report (``/v1/situation/weekly``)
* :mod:`.quarterly`: the quarterly analysis and its priority areas (``/v1/situation/quarterly``)
* :mod:`.effects`: did an intervention work? (``/v1/interventions/{id}/effect``) and the weekly follow-up
* :mod:`.delivery`: reports made on schedule, archived and mailed; alert mails; subscriptions
* :mod:`.app_pages`: the web app's Lägesbild pages; :mod:`.pages`: the page frame every report shares

Every URL it serves is listed in :mod:`.routes`.
"""
