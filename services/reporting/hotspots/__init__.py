"""Where next: tested hot spots over a municipality's H3 cells, for prevention in places."""
