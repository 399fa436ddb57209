"""Registrations of the kiosk part: none.

The kiosk screens are not part of the citizen site (no menu entry, no マイページ card): a
copier opens them after its enrolment. The only personal data they touch is the card
holder's person id and card certificate serial in the Django session for the duration of
one visit (cleared at the end, on 「最初に戻る」 and on the idle timeout); what is kept is
the issuance, registered as 「証明書交付記録」 by the issuance part
(``registrations/issuance.py``).
"""
