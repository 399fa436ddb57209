"""The clamd INSTREAM client, against a real socket server speaking the protocol."""

from __future__ import annotations

import io
import socket

import pytest
from django.test import override_settings

from yakuba.applications import scanning
from yakuba.applications.models import ScanStatus
from yakuba.applications.scanning import ScanVerdict, parse_address, scan_bytes, scan_file

from .factories_attachments import EICAR, EICAR_SIGNATURE, FakeClamd, closed_tcp_address, small_pdf


@pytest.mark.parametrize("transport", ["tcp", "unix"])
def test_clean_file_is_clean_and_sent_whole(transport):
    data = small_pdf() * 3000  # about 2.4 MB: many chunks
    with FakeClamd(transport) as clamd:
        verdict = scan_file(io.BytesIO(data), address=clamd.address)
    assert verdict == ScanVerdict(ScanStatus.CLEAN, "")
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.streams == [data]
    assert max(clamd.chunk_sizes[0]) == scanning.CHUNK_BYTES
    assert sum(clamd.chunk_sizes[0]) == len(data)


@pytest.mark.parametrize("transport", ["tcp", "unix"])
def test_eicar_is_infected_with_the_signature_name(transport):
    with FakeClamd(transport) as clamd:
        verdict = scan_bytes(b"header\n" + EICAR + b"\ntrailer", address=clamd.address)
    assert verdict == ScanVerdict(ScanStatus.INFECTED, EICAR_SIGNATURE)
    assert verdict.is_infected is True


def test_address_comes_from_the_setting():
    with FakeClamd("tcp") as clamd, override_settings(YAKUBA_CLAMD_ADDRESS=clamd.address):
        verdict = scan_bytes(EICAR)
    assert verdict.status == ScanStatus.INFECTED


@override_settings(YAKUBA_CLAMD_ADDRESS="")
def test_no_address_is_not_scanned():
    assert scan_bytes(EICAR) == ScanVerdict(ScanStatus.NOT_SCANNED, "")


def test_nobody_listening_is_failed():
    verdict = scan_bytes(b"data", address=closed_tcp_address())
    assert verdict.status == ScanStatus.FAILED
    assert verdict.detail.startswith("unreachable: ")


def test_missing_unix_socket_is_failed(tmp_path):
    verdict = scan_bytes(b"data", address=f"unix://{tmp_path}/clamd.ctl")
    assert verdict.status == ScanStatus.FAILED
    assert verdict.detail.startswith("unreachable: ")


def test_clamd_error_reply_is_failed():
    with FakeClamd("tcp", mode="error") as clamd:
        verdict = scan_bytes(b"data", address=clamd.address)
    assert verdict == ScanVerdict(ScanStatus.FAILED, "clamd: INSTREAM size limit exceeded. ERROR")


def test_silent_clamd_times_out(monkeypatch):
    monkeypatch.setattr(scanning, "IO_TIMEOUT", 0.3)
    with FakeClamd("unix", mode="silent") as clamd:
        verdict = scan_bytes(b"data", address=clamd.address)
    assert verdict == ScanVerdict(ScanStatus.FAILED, "timeout")


def test_invalid_address_is_failed_not_an_exception():
    verdict = scan_bytes(b"data", address="clamd.example:3310")
    assert verdict.status == ScanStatus.FAILED
    assert verdict.detail.startswith("invalid address: ")


def test_empty_stream_is_sent_as_a_terminator_only():
    with FakeClamd("tcp") as clamd:
        verdict = scan_bytes(b"", address=clamd.address)
    assert verdict.status == ScanStatus.CLEAN
    assert clamd.streams == [b""]
    assert clamd.chunk_sizes == [[]]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("tcp://127.0.0.1:3310", (socket.AF_INET, ("127.0.0.1", 3310))),
        ("tcp://clamav:3310/", (socket.AF_INET, ("clamav", 3310))),
        ("tcp://[::1]:3310", (socket.AF_INET6, ("::1", 3310))),
        ("unix:///run/clamav/clamd.ctl", (socket.AF_UNIX, "/run/clamav/clamd.ctl")),
    ],
)
def test_parse_address(address, expected):
    assert parse_address(address) == expected


@pytest.mark.parametrize(
    "address",
    ["clamav:3310", "tcp://clamav", "tcp://clamav:0", "tcp://:3310", "unix://relative/path"],
)
def test_parse_address_refuses(address):
    with pytest.raises(scanning.ClamdAddressError):
        parse_address(address)
