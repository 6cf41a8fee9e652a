"""Rasa SDK action server: thin actions around the triage protocol (actions/protocol)."""
