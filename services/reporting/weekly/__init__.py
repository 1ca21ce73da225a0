"""The weekly situation report: last week against the twelve before, with its page and API."""
