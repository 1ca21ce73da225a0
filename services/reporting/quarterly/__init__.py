"""The quarterly analysis: the quarter area by area and the priority areas for the next; its page and API."""
