"""The standard's nouns that every layer shares: receiver roles, outcome statuses, the retourcodes of every answer.

At the bottom of the pipeline: it imports nothing of jwgen, and spec, model, generate, controle, report
and cli all read these names from here, so a status or a role is written once.

>>> RECEIVER, VECOZO
('receiver', 'vecozo')
>>> sorted(NOT_A_REJECTION)
['0200', '8002', '8096']
"""
from __future__ import annotations

#: The two roles a receiving system plays. The *receiver* is the party that pays and answers with the retour
#: message: the gemeente for JW321, the zorgverzekeraar for GZ321 (each standard names its profile);
#: VECOZO checks the file technically and forwards it (STB 6.1).
RECEIVER = "receiver"
VECOZO = "vecozo"
ROLES = (RECEIVER, VECOZO)

#: What the receiver's answer to one file is.
APPROVED = "approved"  # fully approved: voorloop (8001) + sluit
PARTIAL = "partial"  # some records rejected, returned with their retourcodes
REJECTED_FILE = "rejected-file"  # a file-level finding: voorloop + sluit with the file's codes
REJECTED_RECORDS = "rejected-records"  # VECOZO: a record-level finding rejects the whole file, every record returned
FORWARDED = "forwarded"  # VECOZO found nothing and forwards the file; no retour message
UNRECOGNISED = "unrecognised"  # no recognisable voorlooprecord: no retour message can be sent (STB 6.8.1)
STATUSES = (APPROVED, PARTIAL, REJECTED_FILE, REJECTED_RECORDS, FORWARDED, UNRECOGNISED)
#: The answers a file without defects gets: approved by the receiver, forwarded by VECOZO.
PASSED = frozenset({APPROVED, FORWARDED})

#: What the receiver's memory (ledger) keeps of each line it judged.
LINE_APPROVED = "approved"
LINE_REJECTED = "rejected"
LINE_STATUSES = (LINE_APPROVED, LINE_REJECTED)

#: Retourcodes every retour message uses (JWT001-VEKT / COD954-VEKT).
CODE_APPROVED = "8001"  # the whole file approved (voorlooprecord)
CODE_NO_REMARK = "0200"  # geen opmerking: a co-returned record of a rejected group
CODE_NOT_ASSESSED = "8002"  # not assessed because a record above it was rejected
CODE_GOOD_BUT_FILE_REJECTED = "8096"  # VECOZO: good record, rejected because the whole file is
CODE_FILE_REJECTED = "8073"  # VECOZO's voorlooprecord when a record-level finding rejects the whole file
#: Codes that say a returned record itself is fine.
NOT_A_REJECTION = frozenset({CODE_NO_REMARK, CODE_NOT_ASSESSED, CODE_GOOD_BUT_FILE_REJECTED})
