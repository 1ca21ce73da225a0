"""The platform's statistics, in one place: every number partners act on is computed here.

* :mod:`.dispersion`: how much more counts vary than Poisson counts would (quasi-Poisson, floor 1).
* :mod:`.flags`: is last week unusual against the weeks before? (the weekly report, Lägesbild)
* :mod:`.effects`: did an intervention seem to work? (the ratio of ratios, WDD, WDQ, the verdict)
* :mod:`.matching`: which areas make a fair comparison for an intervention's area.
* :mod:`.farrington`: spike alerts by the improved Farrington method, seasonal once a year of history
  exists.
* :mod:`.shrinkage`: rises of small areas shrunk towards the tenant's (empirical Bayes).
* :mod:`.sql`: the ClickHouse twins of the flags, for Grafana.

Counts of crime and insecurity are over-dispersed and seasonal, so nothing here assumes Poisson counts
without estimating the dispersion from the data first. The README (*How sure are we?*) states each method's
assumptions and its calibration.

scipy's distributions and sparse matrices are reached as ``scipy.stats`` and ``scipy.sparse``, which scipy
loads on first use: a process that only serves pages or moves messages starts without them (they were
most of a second of every start).
"""
