"""Did an intervention work? Its counts before and during, in its area and a ring around it, against a
comparison chosen to be fair, judged by the measures of :mod:`embrace.statistics.effects`: for the API, the
quarterly analysis and the weekly follow-up that feeds the Insatser dashboard."""
