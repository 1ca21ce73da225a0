"""The weekly reporting web app (EMBRACE IQ): server-rendered pages, no JavaScript framework."""
