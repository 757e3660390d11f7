import codecs

import pytest

from dashboard.preprocessing.ingest.decode import NotText, binary_kind, encoding_of, text_from_bytes

WESTERN = "The minister’s “pact” was signed in Séoul – café; naïve résumé. " * 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (WESTERN.encode("utf-8"), WESTERN),
        (codecs.BOM_UTF8 + WESTERN.encode("utf-8"), WESTERN),
        (WESTERN.encode("cp1252"), WESTERN),
        (("Le ministre a signé l'accord à Séoul. " * 3).encode("latin-1"), "Le ministre a signé l'accord à Séoul. " * 3),
        (WESTERN.encode("utf-16"), WESTERN),
        (("한국 국방부는 일요일 도쿄에서 안보협력 프레임워크에 서명했다. " * 3).encode("euc-kr"), "한국 국방부는 일요일 도쿄에서 안보협력 프레임워크에 서명했다. " * 3),
        (("防衛相は日曜日、東京で日米韓の安全保障協力枠組みに署名した。" * 3).encode("shift_jis"), "防衛相は日曜日、東京で日米韓の安全保障協力枠組みに署名した。" * 3),
    ],
)
def test_text_from_bytes_decodes(data, expected):
    assert text_from_bytes(data) == expected


def test_a_cut_multibyte_character_at_the_end_of_a_head_is_still_utf8():
    assert encoding_of("Séoul café".encode()[:-1]) == "utf-8"


@pytest.mark.parametrize(
    ("head", "phrase"),
    [
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x89PNG\r\n", "PNG"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"some\x00bytes", "NUL"),
    ],
)
def test_binary_kind_names_the_format(head, phrase):
    assert phrase in binary_kind(head)


def test_utf16_is_not_taken_for_binary():
    assert binary_kind("text".encode("utf-16")) is None


def test_control_characters_make_text_binary():
    with pytest.raises(NotText, match="control characters"):
        text_from_bytes(bytes(range(1, 32)) * 20)
