"""CMS (PKCS #7) detached signatures: the envelope around a card's signature (RFC 5652).

:func:`signed_attributes` gives the bytes the card signs (the DER ``SET`` of
contentType, signingTime and messageDigest); :func:`assemble` wraps the
card's signature and certificate into a ``ContentInfo``/``SignedData`` with no
encapsulated content (detached).  :func:`parse` reads such a structure back —
also one made by OpenSSL or by ``cryptography``'s ``PKCS7SignatureBuilder`` —
for :func:`yakuba.jpki.services.verify_document_signature`.

Only the profile used here is accepted: one signer identified by issuer and
serial number, SHA-256, RSA (PKCS #1 v1.5) or ECDSA, ``id-data`` content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509

from . import der

ID_DATA = "1.2.840.113549.1.7.1"
ID_SIGNED_DATA = "1.2.840.113549.1.7.2"
ATTR_CONTENT_TYPE = "1.2.840.113549.1.9.3"
ATTR_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
ATTR_SIGNING_TIME = "1.2.840.113549.1.9.5"
SHA256 = "2.16.840.1.101.3.4.2.1"
RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
SHA256_WITH_RSA = "1.2.840.113549.1.1.11"
ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2"

#: Signature algorithms accepted in a SignerInfo, by the key type they need.
RSA_SIGNATURE_ALGORITHMS = frozenset({RSA_ENCRYPTION, SHA256_WITH_RSA})
EC_SIGNATURE_ALGORITHMS = frozenset({ECDSA_WITH_SHA256})


class CmsError(ValueError):
    """The bytes are not a CMS signature of the accepted profile."""


def signed_attributes(digest: bytes, signing_time: datetime.datetime) -> bytes:
    """The DER ``SET OF Attribute`` that is signed (tag ``SET``, as RFC 5652 §5.4 requires)."""
    return der.set_of(
        der.sequence(der.oid(ATTR_CONTENT_TYPE), der.set_of(der.oid(ID_DATA))),
        der.sequence(der.oid(ATTR_SIGNING_TIME), der.set_of(der.utc_time(signing_time))),
        der.sequence(der.oid(ATTR_MESSAGE_DIGEST), der.set_of(der.octet_string(digest))),
    )


def signature_algorithm_for(certificate: x509.Certificate) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return SHA256_WITH_RSA
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ECDSA_WITH_SHA256
    raise CmsError("unsupported key type")


def assemble(certificate: x509.Certificate, attributes: bytes, signature: bytes) -> bytes:
    """``ContentInfo`` of a detached ``SignedData`` signed by ``certificate``'s key."""
    algorithm = signature_algorithm_for(certificate)
    algorithm_identifier = (
        der.sequence(der.oid(algorithm), der.null())
        if algorithm == SHA256_WITH_RSA
        else der.sequence(der.oid(algorithm))
    )
    signer_info = der.sequence(
        der.integer(1),
        der.sequence(certificate.issuer.public_bytes(), der.integer(certificate.serial_number)),
        der.sequence(der.oid(SHA256)),
        der.context(0, der.read_one(attributes).content),  # [0] IMPLICIT SET OF Attribute
        algorithm_identifier,
        der.octet_string(signature),
    )
    from cryptography.hazmat.primitives.serialization import Encoding

    signed_data = der.sequence(
        der.integer(1),
        der.set_of(der.sequence(der.oid(SHA256))),
        der.sequence(der.oid(ID_DATA)),  # detached: no eContent
        der.context(0, certificate.public_bytes(Encoding.DER)),  # [0] IMPLICIT CertificateSet
        der.set_of(signer_info),
    )
    return der.sequence(der.oid(ID_SIGNED_DATA), der.context(0, signed_data))


@dataclass(frozen=True)
class ParsedSignature:
    """The parts of a detached CMS signature that a verifier needs."""

    issuer: bytes  # DER of the signer's issuer Name
    serial_number: int
    signature_algorithm: str
    signature: bytes
    certificates: tuple[bytes, ...]  # DER, as carried in the envelope
    #: What the signature covers: the DER SET of signed attributes, or None when
    #: there are none (then the signature is over the content itself).
    signed_attributes: bytes | None
    message_digest: bytes | None
    signing_time: datetime.datetime | None


def _algorithm(element: der.Element) -> str:
    parts = element.expect(der.SEQUENCE).children()
    if not parts or len(parts) > 2:
        raise CmsError("bad algorithm identifier")
    if len(parts) == 2 and parts[1].tag != der.NULL:
        raise CmsError("unexpected algorithm parameters")
    return der.decode_oid(parts[0])


def _attributes(element: der.Element) -> tuple[bytes, bytes, datetime.datetime | None]:
    """(the signed SET re-tagged as SET, messageDigest, signingTime) of ``[0] IMPLICIT``."""
    signed = der.tlv(der.SET, element.content)
    values: dict[str, list[der.Element]] = {}
    for attribute in element.children():
        parts = attribute.expect(der.SEQUENCE).children()
        if len(parts) != 2:
            raise CmsError("bad attribute")
        kind = der.decode_oid(parts[0])
        if kind in values:
            raise CmsError("attribute repeated")
        values[kind] = parts[1].expect(der.SET).children()
    content_type = values.get(ATTR_CONTENT_TYPE)
    digest = values.get(ATTR_MESSAGE_DIGEST)
    if not content_type or len(content_type) != 1 or der.decode_oid(content_type[0]) != ID_DATA:
        raise CmsError("content type attribute missing or not id-data")
    if not digest or len(digest) != 1:
        raise CmsError("message digest attribute missing")
    signing_time = values.get(ATTR_SIGNING_TIME)
    moment = der.decode_time(signing_time[0]) if signing_time and len(signing_time) == 1 else None
    return signed, digest[0].expect(der.OCTET_STRING).content, moment


def parse(data: bytes) -> ParsedSignature:
    """Read a detached CMS signature; :class:`CmsError` when it is not of the accepted profile."""
    try:
        return _parse(data)
    except der.DerError as error:
        raise CmsError(str(error)) from error


def _parse(data: bytes) -> ParsedSignature:
    content_info = der.read_one(data).expect(der.SEQUENCE).children()
    if len(content_info) != 2 or der.decode_oid(content_info[0]) != ID_SIGNED_DATA:
        raise CmsError("not SignedData")
    explicit = content_info[1].expect(0xA0).children()
    if len(explicit) != 1:
        raise CmsError("bad SignedData wrapper")
    parts = explicit[0].expect(der.SEQUENCE).children()
    if len(parts) < 4:
        raise CmsError("SignedData too short")
    version, digest_algorithms, encapsulated, *rest = parts
    if der.decode_integer(version) not in (1, 3):
        raise CmsError("unsupported SignedData version")
    if [_algorithm(item) for item in digest_algorithms.expect(der.SET).children()] != [SHA256]:
        raise CmsError("digest algorithm is not SHA-256")
    content = encapsulated.expect(der.SEQUENCE).children()
    if not content or der.decode_oid(content[0]) != ID_DATA:
        raise CmsError("content type is not id-data")
    if len(content) != 1:
        raise CmsError("not a detached signature")
    certificates: tuple[bytes, ...] = ()
    if rest and rest[0].tag == 0xA0:
        certificates = tuple(item.encoded for item in rest.pop(0).children())
    if rest and rest[0].tag == 0xA1:
        rest.pop(0)  # CRLs carried in the envelope are ignored: the verifier uses its own
    if len(rest) != 1:
        raise CmsError("bad SignedData fields")
    signers = rest[0].expect(der.SET).children()
    if len(signers) != 1:
        raise CmsError("exactly one signer expected")
    fields = signers[0].expect(der.SEQUENCE).children()
    if len(fields) < 5 or der.decode_integer(fields[0]) != 1:
        raise CmsError("unsupported SignerInfo")
    issuer_and_serial = fields[1].expect(der.SEQUENCE).children()
    if len(issuer_and_serial) != 2:
        raise CmsError("signer must be identified by issuer and serial number")
    issuer = issuer_and_serial[0].expect(der.SEQUENCE).encoded
    serial_number = der.decode_integer(issuer_and_serial[1])
    if _algorithm(fields[2]) != SHA256:
        raise CmsError("signer digest algorithm is not SHA-256")
    index = 3
    signed = digest = None
    signing_time = None
    if fields[index].tag == 0xA0:
        signed, digest, signing_time = _attributes(fields[index])
        index += 1
    if len(fields) < index + 2:
        raise CmsError("SignerInfo too short")
    algorithm = _algorithm(fields[index])
    if algorithm not in RSA_SIGNATURE_ALGORITHMS | EC_SIGNATURE_ALGORITHMS:
        raise CmsError("unsupported signature algorithm")
    signature = fields[index + 1].expect(der.OCTET_STRING).content
    if len(fields) > index + 3 or (len(fields) == index + 3 and fields[index + 2].tag != 0xA1):
        raise CmsError("unexpected SignerInfo fields")
    return ParsedSignature(
        issuer=issuer,
        serial_number=serial_number,
        signature_algorithm=algorithm,
        signature=signature,
        certificates=certificates,
        signed_attributes=signed,
        message_digest=digest,
        signing_time=signing_time,
    )
