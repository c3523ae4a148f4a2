"""Countries by code, name or other name; display names; country mentions in report text."""

from __future__ import annotations

import pytest

from rightslens.errors import NotFoundError, RightslensError
from rightslens.ingest.countries import (
    UnknownCountryError,
    code_of_name,
    country_code,
    country_name,
    country_names,
    find_countries,
    is_country_code,
)
from tests.conftest import CORPUS, needs_corpus


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("KZ", "KZ"),
        ("kz", "KZ"),
        (" KAZ ", "KZ"),
        ("398", "KZ"),
        ("XK", "XK"),
        ("Kazakhstan", "KZ"),
        ("Republic of Kazakhstan", "KZ"),
        ("Kyrgyz Republic", "KG"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Burma", "MM"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("united kingdom", "GB"),
        ("UK", "GB"),
        ("USA", "US"),
        ("Kosovo", "XK"),
    ],
)
def test_countries_code_from_code_name_or_alias(given: str, code: str):
    assert country_code(given) == code


@pytest.mark.parametrize(
    ("given", "suggested"),
    [("Kazakhstn", "Kazakhstan (KZ)"), ("Korea", "South Korea (KR)"), ("Kyrgystan", "(KG)")],
)
def test_countries_unknown_name_suggests_close_matches(given: str, suggested: str):
    with pytest.raises(UnknownCountryError, match=f"unknown country '{given}'") as raised:
        country_code(given)
    assert "did you mean" in str(raised.value) and suggested in str(raised.value)


def test_countries_unknown_name_is_a_bad_value_not_a_missing_item():
    with pytest.raises(RightslensError, match="unknown country 'Atlantis'") as raised:
        country_code("Atlantis")
    assert not isinstance(raised.value, NotFoundError)


def test_countries_parts_of_a_country_are_no_country_names():
    # "Gaza" and "Tibet" point a report to its country when scanning, but are not countries.
    assert code_of_name("Gaza") is None and code_of_name("Tibet") is None
    assert [code for code, _, _ in find_countries("refugees from Tibet and Gaza")] == ["CN", "PS"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("KAZAKHSTAN", "KZ"),
        ("Kazakstan", "KZ"),
        ("REPUBLIC OF KAZAKSTAN", "KZ"),
        ("RUSSIAN FEDERATION", "RU"),
        ("CONGO (DEMOCRATIC REPUBLIC OF THE)", "CD"),
        ("Congo", "CG"),
        ("KOREA (REPUBLIC OF)", "KR"),
        ("Democratic People’s Republic of Korea", "KP"),
        ("LAO PEOPLE’S DEMOCRATIC REPUBLIC", "LA"),
        ("IRAN", "IR"),
        ("Côte d’Ivoire", "CI"),
        ("TURKEY", "TR"),
        ("USA", "US"),
        ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "GB"),
        ("SERBIA AND MONTENEGRO", "CS"),
        ("Korea", None),
        ("Head of state", None),
        ("KZ", None),
    ],
)
def test_countries_whole_names_in_their_forms(name: str, code: str | None):
    assert code_of_name(name) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Congo, Democratic Republic of the", "CD"),
        ("Republic of the Congo", "CG"),
        ("Côte d’Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Korea, Republic of", "KR"),
        ("Bahamas, The", "BS"),
        ("The Gambia", "GM"),
        ("Kyrgyz Republic", "KG"),
        ("St. Kitts and Nevis", "KN"),
        ("Holy See", "VA"),
        ("Burma", "MM"),
        ("Macau", "MO"),
        ("Hong Kong", "HK"),
        ("Turkey (Türkiye)", "TR"),
        ("TheRussianFederation", "RU"),
        ("Guinea-Bissau", "GW"),
        ("Trinidad & Tobago", "TT"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("São Tomé and Príncipe", "ST"),
        ("Falkland Islands (Malvinas)", "FK"),
    ],
)
def test_countries_find_reads_english_name_forms(text: str, code: str):
    assert next(find_countries(text))[0] == code


@pytest.mark.parametrize("text", ["Nigeria", "SOMALIA", "Indian", "a guinea pig", "Dominican"])
def test_countries_find_matches_whole_words_only(text: str):
    found = [code for code, _, _ in find_countries(text)]
    assert found in (["NG"], ["SO"], [])
    assert "NE" not in found and "ML" not in found and "DM" not in found


def test_countries_find_skips_qualifiers_in_parentheses():
    # "Yugoslavia, (Socialist) Federal Republic of" does not make "Socialist" a country.
    text = "the Khaplang faction of the Nationalist Socialist Council of Nagaland killed eight"
    assert list(find_countries(text)) == []


@needs_corpus
def test_countries_find_in_a_state_department_report():
    text = (CORPUS / "usdos" / "kazakhstan-2023.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "Kyrgyz Republic" in line)
    found = [(code, sentence[start:end]) for code, start, end in find_countries(sentence)]
    assert ("BY", "Belarus") in found and ("RU", "Russia") in found
    assert ("KG", "Kyrgyz Republic") in found


def test_countries_display_names_read_naturally():
    assert country_name("KR") == "South Korea"
    assert country_name("CD") == "Democratic Republic of the Congo"
    assert country_name("VN") == "Vietnam"
    assert country_name("XK") == "Kosovo"
    assert country_names("KR") == ("South Korea", "Korea, Republic of")


def test_countries_codes_are_current_or_user_assigned():
    assert is_country_code("KZ") and is_country_code("XK")
    assert not is_country_code("ZZ") and not is_country_code("SU")
