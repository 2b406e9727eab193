"""The ANTS sandbox: a separate process serving docs/ants-api.md over HTTP with its own state."""
