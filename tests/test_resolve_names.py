"""Grouping names across reports and transliterations."""

from __future__ import annotations

import pytest

from rightslens.resolve.names import fold_name, group_person_names, group_plain_names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nursultan Nazarbayev", "Nursultan Nazarbaev"),
        ("Yevgeniy Zhovtis", "Evgeniy Zhovtis"),
        ("Yevgeniy Zhovtis", "Yevgenii Jovtis"),
        ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokaev"),
        ("Aleksandr Kharlamov", "Alexandr Kharlamov"),
    ],
)
def test_resolve_fold_name_makes_transliterations_equal(a, b):
    assert fold_name(a) == fold_name(b)


def test_resolve_groups_transliterations_of_one_person():
    groups = group_person_names(["Nursultan Nazarbayev", "Nursultan Nazarbaev", "Nazarbayev"])
    assert len(groups) == 1
    assert groups[0].name in {"Nursultan Nazarbayev", "Nursultan Nazarbaev"}
    assert "Nazarbayev" in groups[0].variants


def test_resolve_people_sharing_a_surname_stay_apart():
    groups = group_person_names(["Marat Zhylanbayev", "Aigul Zhylanbayeva", "Serik Zhylanbayev"])
    assert len(groups) == 3


def test_resolve_bare_surname_with_two_candidates_is_not_merged():
    groups = group_person_names(["Marat Ibraimov", "Serik Ibraimov", "Ibraimov"])
    assert sorted(len(g.forms) for g in groups) == [1, 1, 1]


def test_resolve_initial_matches_given_name():
    groups = group_person_names(["Mikhail Ivanov", "M. Ivanov"])
    assert len(groups) == 1


def test_resolve_plain_names_ignore_case_and_article():
    groups = group_plain_names(
        ["the Committee for National Security", "Committee for National Security", "Supreme Court"]
    )
    assert sorted(len(g.forms) for g in groups) == [1, 2]
