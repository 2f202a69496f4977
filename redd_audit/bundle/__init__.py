"""The evidence bundle of a run (contract.md section 9): an in-toto Statement v1 over every file
of the manifest, in a DSSE envelope (``bundle.intoto.jsonl``), optionally signed with Ed25519;
the checks ``redd-audit verify`` makes on a period folder.

Pure: no Prefect, no Great Expectations. Modules:

* :mod:`merkle`: the RFC 6962-style Merkle root of the subjects;
* :mod:`dsse`: the envelope and DSSE's pre-authentication encoding;
* :mod:`keys`: Ed25519 key files and key ids;
* :mod:`statement`: the statement of a run, written beside its manifest;
* :mod:`verify`: checks 1-5 of 9.3, with :mod:`summary_check` (check 4) and :mod:`report`
  (failures and notes);
* :mod:`compare`: the byte-for-byte comparison of ``--recompute``;
* :mod:`workbook_values`: the workbook's cached values of defined names.
"""
