"""The declaration model: records, the tree of a JW321, and its counts and totals."""
from ._declaration import Declaration, Node, Prestatie, Verzekerde
from ._record import Raw, Record, blank
from .numbering import close, finalize, renumber
from .totals import Totals, amount_nodes, compute_totals, dc_of, prestatie_amount, record_amount, signed, split_signed

__all__ = ["Declaration", "Node", "Prestatie", "Raw", "Record", "Totals", "Verzekerde", "amount_nodes", "blank",
           "close", "compute_totals", "dc_of", "prestatie_amount", "record_amount", "finalize", "renumber", "signed", "split_signed"]
