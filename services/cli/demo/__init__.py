"""`embrace run --demo`: an invented municipality with a past, a planted story and a working loop."""
