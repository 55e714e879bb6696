"""The ingest service (`bouncedesk ingest`): live feeds and release targets, over the services."""
