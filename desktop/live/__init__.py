"""The ingest service (`bouncedesk ingest`): webhooks, live sources, spool, metrics."""
