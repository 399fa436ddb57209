"""Delivery channels behind one interface (:mod:`.base`): e-mail, Web Push, LINE."""
