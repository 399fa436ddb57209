"""My Number card authentication and signing (JPKI emulation)."""
