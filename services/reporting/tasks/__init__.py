"""Tasks: who does what by which week, as the weekly meeting decided; each partner reports its own."""
