"""電子申請 (online applications): the procedure catalogue, forms as data, submissions and
the staff workflow.  Module page: docs/modules/applications.md."""
