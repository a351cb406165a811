"""A stateful sandbox of the Telnyx and iNumbering APIs (work in progress)."""
