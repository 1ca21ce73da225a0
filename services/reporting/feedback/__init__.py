"""Feedback to reporters: what an organisation's reports led to, so partners see their reports used."""
