"""Diffs editors and readers read: paragraphs added or removed are marked whole, edited ones word by word."""

from newsdesk.newsroom.diff import paragraph_diff, texts_diff


def test_an_edited_paragraph_is_marked_word_by_word():
    diff = paragraph_diff(
        "The drills began on Monday with 300 troops.", "The drills began on Tuesday with 300 troops."
    )
    assert diff == "<p>The drills began on <del>Monday</del><ins>Tuesday</ins> with 300 troops.</p>"


def test_two_different_paragraphs_in_the_same_place_read_as_one_removed_and_one_added():
    before = "Storm closes the port.\nEDITOR ONE: Schools in Baku close early."
    after = "Storm closes the port.\nADMIN TWO: Rescue teams reach Sumgait."
    assert paragraph_diff(before, after) == (
        "<p>Storm closes the port.</p>"
        "<p><del>EDITOR ONE: Schools in Baku close early.</del></p>"
        "<p><ins>ADMIN TWO: Rescue teams reach Sumgait.</ins></p>"
    )


def test_a_paragraph_added_or_removed_is_marked_whole_and_the_rest_is_left_alone():
    assert paragraph_diff("One.\nTwo.", "One.\nNew in between.\nTwo.") == (
        "<p>One.</p><p><ins>New in between.</ins></p><p>Two.</p>"
    )
    assert (
        paragraph_diff("One.\nGone now.\nTwo.", "One.\nTwo.")
        == "<p>One.</p><p><del>Gone now.</del></p><p>Two.</p>"
    )


def test_body_diffs_escape_what_editors_typed():
    [(label, diff)] = texts_diff(
        {"body": "<p>Safe</p>"}, {"body": "<p>Safe</p><p>&lt;script&gt;x&lt;/script&gt;</p>"}
    )
    assert label == "Text"
    assert "<script>" not in diff and "&lt;script&gt;" in diff


def test_a_paragraph_inserted_before_an_edited_one_leaves_the_edit_marked_word_by_word():
    before = "Storm closes the port.\nFerries wait at Alat until Monday."
    after = "Storm closes the port.\nWinds reached 30 metres a second.\nFerries wait at Alat until Tuesday."
    assert paragraph_diff(before, after) == (
        "<p>Storm closes the port.</p>"
        "<p><ins>Winds reached 30 metres a second.</ins></p>"
        "<p>Ferries wait at Alat until <del>Monday.</del><ins>Tuesday.</ins></p>"
    )
