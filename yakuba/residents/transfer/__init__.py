"""Moving the register in and out: CSV import/export and the sync adapter for an external standard system."""
