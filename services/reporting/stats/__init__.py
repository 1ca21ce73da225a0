"""Statistics: a week's counts, series over any range of weeks, and exports of incidents."""
