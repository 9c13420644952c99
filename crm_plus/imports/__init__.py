"""Import of customers, contacts and suppliers from Excel (批量导入 / 数据清洗; README, "Import").

- columns.py   the template columns (Chinese + English headers) and how headers are recognised
- template.py  the downloadable .xlsx templates (example row, drop-down lists)
- reader.py    rows of the uploaded .xlsx / .csv
- checks.py    the checks of a whole file (``analyse``): set-based, nothing written; by kind of row:
  rows.py      what the checks make of each row (RowResult) and of the file (Analysis)
  cleaning.py  one cell: the DocTypes' own rules, select values in Chinese or English, links
  parties.py   customers and suppliers: duplicates, close matches, owner rules, anomalies
  contacts.py  contacts: the party they name, the contacts it already has
  rights.py    who may import what, and name another owner
- similarity.py, anomalies.py  the pure rules (tested in tests/ without a site)
- write.py     bulk inserts of new records, merges that fill only empty fields
- report.py    the .xlsx report of errors, duplicates, close matches and anomalies per row
- jobs.py      the Validate and Import background jobs of a CP Import

Frappe's Data Import is not used for the writes: it inserts one document at a time (about 10,000
saves for 10,000 rows), knows "insert" or "update by name" but not "merge into the record with the
same normalised name / tax id, filling only empty fields", and has no close-match decisions. Its
file readers are reused where they serve (CSV).
"""
