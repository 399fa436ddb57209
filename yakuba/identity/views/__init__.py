"""Views of the identity module: ``citizen`` (portal door), ``staff`` (console door),
``organisation_admin`` (organisation pages of the console)."""
