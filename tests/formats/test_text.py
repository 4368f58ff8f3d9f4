"""From bytes to text: decided per line, never for a whole file at once."""

from __future__ import annotations

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.formats.text import decode, decode_value, legacy_bytes


def test_valid_utf8_stays_utf8_whatever_else_the_file_holds():
    raw = "Zoë,Ångström\n".encode() + b"Bad \xc3 byte,x\n" + "Müller,ok\n".encode()
    text = decode(raw, "f.csv")
    assert text.splitlines() == ["Zoë,Ångström", "Bad \ufffd byte,x", "Müller,ok"]
    assert text.replaced == (2,)
    assert not text.legacy


def test_a_file_with_no_utf8_is_read_in_windows_1252():
    raw = "Dupré,Société,“quoted” – €\n".encode("cp1252") + b"plain\n"
    text = decode(raw, "f.csv")
    assert text == "Dupré,Société,“quoted” – €\nplain\n"
    assert text.legacy and text.replaced == ()


def test_the_bytes_windows_1252_leaves_undefined_are_kept_to_be_read_again():
    raw = "Αθήνα".encode("cp1253")  # 0xC1... and bytes cp1252 does not define
    text = decode(b"x\n" + raw + b"\n", "f.vcf")
    assert text.legacy
    assert legacy_bytes(text.splitlines()[1]).decode("cp1253") == "Αθήνα"


@pytest.mark.parametrize(
    "raw",
    [
        "Łukasz,Kraków\n".encode("utf-16-le"),
        "Łukasz,Kraków\n".encode("utf-16-be"),
        b"\xff\xfe" + "Łukasz,Kraków\n".encode("utf-16-le"),
        b"\xfe\xff" + "Łukasz,Kraków\n".encode("utf-16-be"),
        b"\xef\xbb\xbf" + "Łukasz,Kraków\n".encode(),
    ],
)
def test_utf16_and_byte_order_marks(raw: bytes):
    assert decode(raw, "f.csv") == "Łukasz,Kraków\n"


def test_empty_and_binary_files_are_refused():
    with pytest.raises(NetgoalsError, match=r"f\.csv is empty"):
        decode(b" \r\n", "f.csv")
    with pytest.raises(NetgoalsError, match="not a text file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00", "f.csv")


@pytest.mark.parametrize(
    ("raw", "charset", "expected"),
    [
        (b"Iksi\xf1ski", "windows-1250", ("Iksiński", False)),
        ("Jürgen".encode(), "", ("Jürgen", False)),
        ("Jürgen".encode(), "ISO-8859-1", ("JÃ¼rgen", False)),  # it says so: it is believed
        ("Jürgen".encode(), "x-unknown", ("Jürgen", False)),
        (b"B\xf6rse", "", ("Börse", False)),
        ("ÑÑ".encode() + b"\x80", "UTF-8", ("ÑÑ\ufffd", True)),
    ],
)
def test_one_value_in_the_charset_it_claims(raw: bytes, charset: str, expected: tuple):
    assert decode_value(raw, charset) == expected
