"""Human and machine views of a receiver's answer: the uitval table, JSON, explain."""
from .uitval import explain, outcome_json, uitval_rows, uitval_table

__all__ = ["explain", "outcome_json", "uitval_rows", "uitval_table"]
