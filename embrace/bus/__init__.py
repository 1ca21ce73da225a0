"""Stages and the runners that execute them: in-process for the embedded run, faust agents on Kafka."""
