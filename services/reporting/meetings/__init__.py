"""The loop's meetings: the weekly one looks at last week and decides who does what next; the quarterly
one decides the priority areas. Each has an agenda made from the evidence and minutes it records."""
