"""Every write of the certificates module, one file per part (import the functions from
the part's file: ``services.issuance``, ``services.records``, ``services.kiosks``)."""
