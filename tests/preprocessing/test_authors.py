import pytest

from dashboard.preprocessing.authors import author_names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mina Okafor", "Mina Okafor"),
        ("By Mina Okafor, Staff Reporter", "Mina Okafor"),
        ("Posted by Mina Okafor", "Mina Okafor"),
        ("Analysis by Jon Park", "Jon Park"),
        # Dates and times that extractors leave on a byline.
        ("Carla Ruiz November", "Carla Ruiz"),
        ("Carla Ruiz Monday; November", "Carla Ruiz"),
        ("Mina Okafor July 29, 2024 10:30 KST", "Mina Okafor"),
        ("Theresa May", "Theresa May"),
        ("Ed Grant", "Ed Grant"),
        # Bio sentences and jobs after the name.
        ("Jon Park is a reporter covering defence", "Jon Park"),
        ("Jon Park News reporter", "Jon Park"),
        ("Jon Park; AP Defence Writer", "Jon Park"),
        ("Jon Park; Staff writer", "Jon Park"),
        ("Jon Park; Associated Press", "Jon Park"),
        ("Ana Ruiz; MS; RDN", "Ana Ruiz"),
        # Several people.
        ("Anna Kim and Lee Jun-ho", "Anna Kim; Lee Jun-ho"),
        ("Anna Kim; Anna Kim", "Anna Kim"),
        ("ANNA KIM; LEE JUN-HO Associated Press", "ANNA KIM; LEE JUN-HO"),
        ("Sarah E Okafor", "Sarah E Okafor"),
        ("Maria de la Cruz", "Maria de la Cruz"),
        # Other scripts and labels.
        ("김민수 기자", "김민수"),
        ("Текст: Анна Петрова", "Анна Петрова"),
        ("Por María López", "María López"),
        # Roles only when that is all there is.
        ("Admin", "Admin"),
        ("Posted by newsdesk", "newsdesk"),
        ("Harbour Times Staff", "Harbour Times Staff"),
        ("Reuters", "Reuters"),
        ("newsdesk; Mina Okafor", "Mina Okafor"),
        # Not names at all.
        ("By contrast, the allies", ""),
        ("The Harbour; Coastal defence ministries", ""),
        ("The Associated Press", "The Associated Press"),
        ("mina@paper.example", ""),
        ("", ""),
        ("—", ""),
    ],
)
def test_author_names(value, expected):
    assert author_names(value) == expected


def test_a_part_naming_the_outlet_is_not_an_author():
    assert author_names("Jill Moreno; Harbour Business", ("Harbour",)) == "Jill Moreno"
    assert author_names("Jill Moreno; Harbour Business", ()) == "Jill Moreno; Harbour Business"
