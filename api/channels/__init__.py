"""Patient and clinician channels: WebSocket and SMS."""
