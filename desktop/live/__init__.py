"""The ingest service (`bouncedesk ingest`): webhooks, live sources, spool, metrics, release
targets — a third face beside the ui and the cli, over the services."""
