"""My Number vault (個人番号の保管)."""
