"""Web pages of the documents app (thin: parse input, call a service, render)."""
