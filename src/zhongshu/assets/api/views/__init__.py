"""Views of the assets API: the ledger and stocktakes (`ledger`), and maintenance, inspections,
monthly snapshots and scheduled stocktakes (`maintenance`)."""
