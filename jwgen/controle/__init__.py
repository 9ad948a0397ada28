"""The reference receiver (controle): STB chapter 6 as code, rules as data.

>>> from jwgen.controle import receive
>>> receive(b"not a declaration").status
'unrecognised'
"""
from ._findings import Finding
from .ledger import Ledger
from .receiver import Outcome, receive
from .rule_table import check_rule_table

__all__ = ["Finding", "Ledger", "Outcome", "check_rule_table", "receive"]
