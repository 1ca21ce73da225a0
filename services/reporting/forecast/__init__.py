"""Where next: next week's expected incidents per place, with an interval, backtested honestly."""
