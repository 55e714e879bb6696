"""Provider release targets: clients that clear an address from a provider's suppression list."""
