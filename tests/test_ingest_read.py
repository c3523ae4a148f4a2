"""Reading files: decoding, format sniffing, and one clear error per bad file."""

from __future__ import annotations

import gzip

import pytest

from rightslens.errors import IngestError
from rightslens.ingest.read import read_source, sniff_format
from tests.conftest import CORPUS, SAMPLES, needs_corpus

KAZAKH_LINE = "Правозащитники сообщили о задержании журналиста в Алматы."
WESTERN_LINE = "The ombudsman’s office received complaints about café owners’ détente."


def test_read_utf8_text_keeps_characters_and_format():
    data = (SAMPLES / "kazakhstan-2017.txt").read_bytes()
    source = read_source("kazakhstan-2017.txt", data)
    assert source.format == "text"
    assert source.encoding == "utf-8"
    assert source.text == data.decode("utf-8")
    assert source.data == data


@pytest.mark.parametrize(("line", "encoding"), [(KAZAKH_LINE, "cp1251"), (WESTERN_LINE, "cp1252")])
def test_read_legacy_encoding_is_decoded_not_rejected(line, encoding):
    body = "\n".join([line] * 20)
    source = read_source("report.txt", body.encode(encoding))
    assert source.text == body


def test_read_gzip_unwraps_and_keeps_original_bytes():
    raw = (SAMPLES / "kazakhstan-2017.txt").read_bytes()
    packed = gzip.compress(raw)
    source = read_source("kazakhstan-2017.txt.gz", packed)
    assert source.text == raw.decode("utf-8")
    assert source.data == packed


def test_read_crlf_newlines_are_normalized():
    source = read_source("r.txt", b"Section 1.\r\nSome text.\r\n")
    assert source.text == "Section 1.\nSome text.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (bytes(range(256)) * 40, "binary file that is not a PDF"),
        (b"\x1f\x8b\x08\x00garbage", "broken gzip file"),
    ],
)
def test_read_bad_input_names_file_and_reason(data, reason):
    with pytest.raises(IngestError) as caught:
        read_source("bad/input.bin", data)
    message = str(caught.value)
    assert message.startswith("bad/input.bin: ")
    assert reason in message
    assert "\n" not in message


def test_read_plain_text_named_gz_is_refused_with_its_reason():
    with pytest.raises(IngestError, match="x.html.gz: named .gz but not gzip-compressed"):
        read_source("x.html.gz", b"<html><body><p>Police detained him.</p></body></html>")


def test_read_file_over_size_limit_is_refused():
    with pytest.raises(IngestError, match="over the limit of 1,000"):
        read_source("big.txt", b"word " * 1000, max_bytes=1000)


def test_read_gzip_bomb_over_limit_is_refused():
    with pytest.raises(IngestError, match="unpacks to over the limit"):
        read_source("bomb.txt.gz", gzip.compress(b"a" * 5000), max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("page", "<!DOCTYPE html><html><body>" + "<p>x</p>" * 10, "html"),
        ("notes.md", "A report\n\nSome text.", "markdown"),
        ("page", "[Home](#) | [Topic](#) | [Country](#)\n\nText", "markdown"),
        ("report.txt", "KAZAKHSTAN 2019 HUMAN RIGHTS REPORT\nEXECUTIVE SUMMARY\n", "text"),
    ],
)
def test_sniff_format_from_content(name, text, expected):
    assert sniff_format(name, text) == expected


@needs_corpus
def test_read_corpus_formats_are_sniffed_right():
    expected = {".html": "html", ".md": "markdown", ".txt": "text"}
    for path in sorted(CORPUS.glob("*/*.*")):
        if path.suffix in expected:
            source = read_source(str(path), path.read_bytes())
            assert source.format == expected[path.suffix], path
