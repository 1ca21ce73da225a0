"""Enrich: validates raw reports and turns them into flat incident facts (taxonomy, time, place)."""
