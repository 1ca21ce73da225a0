"""Geography: where a point lies in Sweden and its municipalities (boundaries), in a tenant's own
areas, and the grid that places most points by arithmetic (raster)."""
