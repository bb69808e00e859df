"""Data out: the knowledge base as SQLite (for Datasette), CSV, JSON Lines and a ClaimReview feed.

`tables` declares the relational shape once; `sqlite`, `flat` and
`claimreview` write it; `command` is `newskb export`. The site build
publishes the database and the feed too (render/api.py).
"""
