"""How plainly the English and German content reads (issue 20): the German Amstad reading ease and the
English Flesch-Kincaid grade of every content file, read from the YAML (nothing is built). The
formulas and how words, sentences and syllables are counted: leaflet_builder/inputs/readability.py;
python tools/readability.py prints the scores."""
import pytest

from conftest import ROOT
from leaflet_builder.inputs.readability import file_scores, syllables, text_score

GERMAN_EACH, GERMAN_AVERAGE = 55, 60  # Amstad reading ease: at least
ENGLISH_EACH = 7.0  # Flesch-Kincaid grade: at most


def test_every_german_file_reads_fairly_easily():
    scores = file_scores(ROOT, "de")
    assert len(scores) > 1
    assert not [(s.file, s.score) for s in scores if s.score < GERMAN_EACH]
    assert sum(s.score for s in scores) / len(scores) >= GERMAN_AVERAGE


def test_every_english_file_reads_at_grade_seven_or_below():
    scores = file_scores(ROOT, "en")
    assert len(scores) > 1
    assert not [(s.file, s.score) for s in scores if s.score > ENGLISH_EACH]


@pytest.mark.parametrize("lang, word, count", [
    ("de", "Kreuzschmerzen", 3), ("de", "Akupunktur", 4), ("de", "Kurzwellen-Diathermie", 6),
    ("de", "Bläschen", 2), ("en", "made", 1), ("en", "used", 1), ("en", "treated", 2), ("en", "little", 2),
    ("en", "rashes", 2), ("en", "therapy", 3), ("en", "short-wave", 2),
])
def test_syllables_are_counted_from_the_spelling(lang, word, count):
    assert syllables(word, lang) == count


def test_the_formulas_on_a_counted_text():
    # the second statement ends a sentence without a full stop; bold marks and addresses are no words
    english = text_score("en", ["**Massages** are meant to relax.", "See [the article](https://example.org/a)"])
    assert (english.words, english.sentences, english.syllables) == (8, 2, 13)
    assert english.score == round(0.39 * 8 / 2 + 11.8 * 13 / 8 - 15.59, 1)
    german = text_score("de", ["Wärme hilft nicht lange.", "Fragen Sie in der Praxis! Danke"])
    assert (german.words, german.sentences, german.syllables) == (10, 3, 15)
    assert german.score == round(180 - 10 / 3 - 58.5 * 15 / 10, 1)
