"""Local problems through the EMBRACE loop's five steps: mapping, analysis, intervention, follow-up,
feedback. The record is in the SQL store (and on the bus); each step's evidence is read live."""
