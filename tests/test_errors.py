"""Bad input: every kind of mistake a person editing the YAML can make gets one exact line naming the file,
line and column, all problems of a build are reported together, and the command line prints them with a
hint and a summary, a traceback only with --debug."""
from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import LANGUAGES, review_lines, ROOT, TREATMENT_IDS, cut_to, replace, timeless, write
from leaflet_builder import cli
from leaflet_builder.inputs.files import MAX_YAML_BYTES
from leaflet_builder.inputs.content import load_edition, treatment_ids
from leaflet_builder.inputs.checks import check_all
from leaflet_builder.errors import ContentError, RenderError
from leaflet_builder.inputs.layouts import load_layout, load_layouts
from leaflet_builder.render.leaflet import render_leaflet
from leaflet_builder.build.pipeline import build

MASSAGE = "leaflets/en/massage.yaml"


def content_problems(root) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_edition(root, "en")
    return [str(problem) for problem in caught.value.problems]


def line_of(root, relative: str, text: str) -> int:
    """The line of ``relative`` on which ``text`` stands."""
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def layout_problems(root) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_layouts(root, treatment_ids(root))
    return [str(problem) for problem in caught.value.problems]


def test_yaml_syntax_error_names_where_the_unclosed_quote_began(project):
    write(project, MASSAGE, 'name: "Massage\nkey_message: It helps a little.\n')
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:3:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar at line 1, column 7)"]


def test_yaml_syntax_error_in_indentation(project):
    write(project, MASSAGE, "name: Massage\n key_message: It helps a little.\n")
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:2:13: YAML syntax error: mapping values are not allowed here"]


def test_unknown_key_suggests_the_known_one_and_is_not_also_reported_missing(project):
    replace(project, MASSAGE, "key_message:", "key_mesage:")
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:2:1: unknown key 'key_mesage'; did you mean 'key_message'?"]


def test_unknown_key_without_a_close_match_lists_the_known_keys(project):
    replace(project, "leaflets/en/shared.yaml", "  short: InformedHealth.org (IQWiG)\n",
            "  short: InformedHealth.org (IQWiG)\n  colour: blue\n")
    assert content_problems(project) == [
        "leaflets/en/shared.yaml:8:3: unknown key 'colour' (known keys: title, short, url, taken_on)"]


def test_missing_required_key_is_reported_at_its_mapping_with_its_parent(project):
    replace(project, "leaflets/en/shared.yaml",
            "  url: https://www.informedhealth.org/passive-treatments-massages-heat-and-manual-therapy.html\n", "")
    replace(project, MASSAGE, "name: Massage\n", "")
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:1:1: missing required key 'name'",
        "leaflets/en/shared.yaml:6:3: missing required key 'url' under 'source'",
    ]


def test_wrong_type(project):
    replace(project, MASSAGE, "name: Massage", "name: [Massage, Massages]")
    replace(project, "layouts/_default.yaml", "36\n    max_pages: 2", "36\n    max_pages: two")
    assert content_problems(project) == ["leaflets/en/massage.yaml:1:7: expected text, got a list"]
    assert layout_problems(project) == ["layouts/_default.yaml:8:16: expected a whole number, got text"]


def test_empty_text(project):
    replace(project, MASSAGE, "name: Massage", 'name: "  "')
    replace(project, "i18n/en.yaml", "  practice_stamp: Practice stamp", "  practice_stamp:")
    assert content_problems(project) == [
        f"i18n/en.yaml:{line_of(project, 'i18n/en.yaml', 'practice_stamp:')}:18: expected text, got nothing",
        "leaflets/en/massage.yaml:1:7: text is empty",
    ]


def test_text_too_long(project):
    replace(project, MASSAGE, "name: Massage", "name: " + "Massage " * 20)
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:1:7: text has 159 characters, more than the 80 allowed here"]


def test_duplicate_key_is_rejected_not_overwritten(project):
    replace(project, MASSAGE, "name: Massage\n", "name: Massage\nname: Massages\n")
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:2:1: duplicate key 'name' (first given on line 1)"]


def test_bad_colour(project):
    replace(project, "layouts/massage.yaml", "accent: [10, 80, 30, 35]", "accent: [10, 80, 300]")
    replace(project, "layouts/_default.yaml", "text: [0, 0, 0, 100]", "text: black")
    line = line_of(project, "layouts/_default.yaml", "text: black")
    assert layout_problems(project) == [
        f"layouts/_default.yaml:{line}:9: bad colour 'black': give CMYK as four percentages, e.g. [0, 0, 0, 100]",
        "layouts/massage.yaml:3:11: bad colour [10, 80, 300]: give CMYK as four percentages, e.g. [0, 0, 0, 100]",
    ]


def test_layout_named_after_no_treatment(project):
    (project / "layouts/massage.yaml").rename(project / "layouts/masage.yaml")
    assert layout_problems(project) == [
        "layouts/masage.yaml:1:1: no layout is called 'masage'; did you mean 'massage'? (layouts are named "
        "after a treatment in leaflets/treatments.yaml, or brochure)"]


def test_content_file_named_after_no_treatment(project):
    write(project, "leaflets/en/masage.yaml", "name: Massage\n")
    assert content_problems(project) == [
        "leaflets/en/masage.yaml:1:1: unknown treatment 'masage'; did you mean 'massage'? (treatments are "
        "listed in leaflets/treatments.yaml)"]


def test_unknown_icon_and_section_in_a_layout(project):
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: handz")
    replace(project, "layouts/_default.yaml", "[what_is_it, how_it_works,", "[what_is_it, how_it_work,")
    line = line_of(project, "layouts/_default.yaml", "how_it_work,")
    assert layout_problems(project) == [
        f"layouts/_default.yaml:{line}:24: unknown section 'how_it_work'; did you mean 'how_it_works'?",
        "layouts/massage.yaml:4:7: unknown icon 'handz'; did you mean 'hand'?",
    ]


def test_unknown_treatment_in_the_facts_file(project):
    replace(project, "leaflets/treatments.yaml", "  massage:\n", "  masage:\n")
    problems = content_problems(project)
    assert "leaflets/en/massage.yaml:1:1: unknown treatment 'massage'; did you mean 'masage'? (treatments are " \
           "listed in leaflets/treatments.yaml)" in problems
    assert "leaflets/en/masage.yaml:1:1: file not found" in problems


@pytest.mark.parametrize("text, message", [
    ("", "1:1: file is empty"),
    ("   \n\n", "1:1: file is empty"),
    ("# only a comment\n", "1:1: file is empty"),
])
def test_empty_file(project, text, message):
    write(project, MASSAGE, text)
    assert content_problems(project) == [f"leaflets/en/massage.yaml:{message}"]


def test_file_that_is_not_utf8_names_the_first_bad_byte(project):
    (project / MASSAGE).write_bytes("name: Massage\nkey_message: Gr\u00fc\u00dfe\n".encode("latin-1"))
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:2:16: file is not UTF-8 text; save it as UTF-8"]


def test_python_tags_are_not_loaded(project):
    write(project, MASSAGE, "name: !!python/object/apply:os.system [echo hacked]\n")
    assert content_problems(project) == [
        "leaflets/en/massage.yaml:1:7: YAML tag '!!python/object/apply:os.system' is not allowed; write plain "
        "text, numbers, lists and mappings only"]


def test_file_size_is_bounded(project):
    write(project, MASSAGE, "name: Massage\n" + "# padding\n" * (MAX_YAML_BYTES // 10))
    assert content_problems(project) == ["leaflets/en/massage.yaml:1:1: file is larger than 256 KiB"]


def test_alias_expansion_is_bounded(project):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    write(project, MASSAGE, "\n".join(levels) + "\n")
    assert content_problems(project) == ["leaflets/en/massage.yaml:1:1: aliases expand to too much data"]


def test_nesting_depth_is_bounded(project):
    write(project, MASSAGE, "name: " + "[" * 5000 + "]" * 5000 + "\n")
    assert content_problems(project) == ["leaflets/en/massage.yaml:1:1: lists or mappings are nested too deeply"]


def test_side_effects_need_their_brief_form(project):
    replace(project, MASSAGE, "side_effects_brief: May hurt or leave you sore; some people are allergic to "
            "massage oil\n", "")
    line = line_of(project, MASSAGE, "side_effects:")
    assert content_problems(project) == [
        f"leaflets/en/massage.yaml:{line}:1: 'side_effects' needs 'side_effects_brief' too: give both, or neither"]


def test_page_budget(project, edition_en):
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: hands\npaper:\n  a4:\n    max_pages: 1")
    with pytest.raises(RenderError) as caught:
        render_leaflet(edition_en, "massage", load_layout(project, "massage"))
    assert str(caught.value) == "massage (en, A4): needs 2 pages, layout allows 1"


def test_layout_error_becomes_a_page_budget_message(edition_en):
    wording = " ".join(["A verdict far too long for the box that holds it."] * 120)
    glance = {**edition_en.shared.glance, "effect": {**edition_en.shared.glance["effect"], "short": wording}}
    edition = dataclasses.replace(edition_en, shared=dataclasses.replace(edition_en.shared, glance=glance))
    with pytest.raises(RenderError) as caught:
        render_leaflet(edition, "massage", load_layout(ROOT, "massage"))
    assert str(caught.value) == (
        "massage (en, A4): needs more pages than the 2 the layout allows: the part that begins 'How long any "
        "effect lasts' "
        "cannot be split over pages and is taller than a page")


def test_questions_too_many_for_the_page_budget_are_named(edition_en):
    questions = tuple(f"Question {i}, long enough to take a line or two of the column?" for i in range(40))
    edition = dataclasses.replace(edition_en, shared=dataclasses.replace(edition_en.shared, questions=questions))
    with pytest.raises(RenderError, match=r"^massage \(en, A4\): needs [3-9] pages, layout allows 2$"):
        render_leaflet(edition, "massage", load_layout(ROOT, "massage"))


def test_a_layout_too_narrow_for_its_type_is_named(project, edition_en):
    replace(project, "layouts/_default.yaml", "right: 23, bottom: 16, left: 23", "right: 60, bottom: 16, left: 60")
    replace(project, "layouts/_default.yaml", "body: {size: 13, leading: 17.5}", "body: {size: 60, leading: 66}")
    with pytest.raises(RenderError) as caught:
        render_leaflet(edition_en, "massage", load_layout(project, "massage"))
    # which part fails first depends on where words may break (none is broken in English, which has no
    # dictionary); the message names it by its first words
    assert re.fullmatch(r"massage \(en, A4\): needs more pages than the 2 the layout allows: the part that "
                        r"begins '[^']{5,60}' cannot be split over pages and is taller than a page", str(caught.value))


def test_every_problem_of_a_build_is_reported_before_anything_renders(project, tmp_path):
    replace(project, MASSAGE, "key_message:", "key_mesage:")
    replace(project, "leaflets/en/traction.yaml", "name: Traction", "name:")
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: handz")
    report = build(project, tmp_path / "out", ("en",))
    assert sorted(str(p) for failure in report.failures for p in failure.problems) == [
        "layouts/massage.yaml:4:7: unknown icon 'handz'; did you mean 'hand'?",
        "leaflets/en/massage.yaml:2:1: unknown key 'key_mesage'; did you mean 'key_message'?",
        "leaflets/en/traction.yaml:1:6: expected text, got nothing",
    ]
    assert report.written == [] and report.not_built == ["all en PDFs"]
    assert not (tmp_path / "out").exists()


def test_command_line_prints_one_line_per_problem_a_hint_and_a_summary(project, tmp_path, capsys):
    replace(project, MASSAGE, "key_message:", "key_mesage:")
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: handz")
    assert cli.main(["--out", str(tmp_path / "out")], root=project) == 1
    warnings, review = review_lines(project)
    assert timeless(capsys.readouterr().err.splitlines()) == [
        *warnings,
        "layouts/massage.yaml:4:7: unknown icon 'handz'; did you mean 'hand'?",
        "leaflets/en/massage.yaml:2:1: unknown key 'key_mesage'; did you mean 'key_message'?",
        "hint: fix the lines named above and build again",
        "PDFs: 0 built (P pages), 0 up to date, S s; not built: all en PDFs; "
        f"{review}gallery: {tmp_path / 'out' / 'index.html'}",
    ]


def test_command_line_reports_a_leaflet_over_its_page_budget_and_builds_the_rest(project, tmp_path, capsys):
    """On a project of two treatments: massage over its budget, the other leaflet and the brochure built."""
    treatments = cut_to(project, ("massage", TREATMENT_IDS[0]))
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: hands\npaper:\n  a4:\n    max_pages: 1")
    assert cli.main(["--out", str(tmp_path / "out")], root=project) == 1
    warnings, review = review_lines(project)
    assert timeless(capsys.readouterr().err.splitlines()) == [
        *warnings,
        "error: massage (en, A4): needs 2 pages, layout allows 1",
        "hint: shorten the text of the leaflets named above",
        f"PDFs: {len(treatments)} built (P pages), 0 up to date, S s; not built: massage (en, A4); "
        f"{review}gallery: {tmp_path / 'out' / 'index.html'}",
    ]


def test_debug_shows_the_traceback(project, tmp_path, capsys):
    replace(project, MASSAGE, "key_message:", "key_mesage:")
    assert cli.main(["--out", str(tmp_path / "out"), "--debug"], root=project) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ContentError" in err
    assert "leaflets/en/massage.yaml:2:1: unknown key 'key_mesage'; did you mean 'key_message'?" in err.splitlines()


def test_unknown_language_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["--lang", "xx", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: unknown language 'xx'; available: {', '.join(LANGUAGES)}, or all",
        "hint: python build.py --help lists the options",
    ]


def test_unwritable_output_is_one_line(tmp_path, capsys):
    (tmp_path / "out").write_text("a file where the output folder should be")
    assert cli.main(["--out", str(tmp_path / "out")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"error: {tmp_path / 'out'}: cannot write: File exists",
                     "hint: check that the output folder can be written to"]


def test_a_file_every_language_reads_is_reported_once(project, tmp_path, capsys):
    replace(project, "leaflets/treatments.yaml", "  electrotherapy:\n    evidence: not-proven",
            "  electrotherapy:\n    evidence: not-proved")
    assert cli.main(["--out", str(tmp_path / "out")], root=project) == 1
    line = line_of(project, "leaflets/treatments.yaml", "not-proved")
    warnings, _ = review_lines(project)
    assert capsys.readouterr().err.splitlines()[:len(warnings) + 2] == [
        *warnings,
        f"leaflets/treatments.yaml:{line}:15: unknown evidence category 'not-proved'; did you mean 'not-proven'?",
        "hint: fix the lines named above and build again",
    ]


def test_placeholders_in_interface_strings_are_checked_not_run(project):
    replace(project, "i18n/en.yaml", 'page: "Page {page} of {pages}"', 'page: "Page {pag} of {pages}"')
    replace(project, "i18n/en.yaml", '"{day} {month} {year}"', '"{day.__class__} {month} {year}"')
    replace(project, "i18n/en.yaml", "read_more: \"Read the full article:\"", "read_more: \"Read {more}\"")
    replace(project, "i18n/en.yaml", 'as_read: "Article as read on {date}"', 'as_read: "Article as read on {date"')
    line = {key: line_of(project, "i18n/en.yaml", text) for key, text in
            (("day", "{day.__class__}"), ("date", '{date"'), ("pag", "{pag}"), ("more", "{more}"))}
    assert content_problems(project) == [
        f"i18n/en.yaml:{line['day']}:14: unknown placeholder '{{day.__class__}}' (this text can use "
        "{day}, {month}, {year}, {mm}, {dd})",
        f"i18n/en.yaml:{line['date']}:12: a brace is not closed or not opened (this text can use {{date}})",
        f"i18n/en.yaml:{line['pag']}:9: unknown placeholder '{{pag}}'; did you mean '{{page}}'? (this text can "
        "use {page}, {pages})",
        f"i18n/en.yaml:{line['more']}:14: unknown placeholder '{{more}}' (this text has no placeholders)",
    ]


def test_a_section_listed_twice_and_an_unknown_hyphenation_language(project):
    replace(project, "layouts/_default.yaml", "sections: [what_is_it, how_it_works, does_it_help,",
            "sections: [what_is_it, how_it_works, what_is_it,")
    replace(project, "i18n/en.yaml", "locale: en-GB\n", "locale: en-GB\nhyphenation: en_UK\n")
    assert content_problems(project) == [
        "i18n/en.yaml:4:14: unknown hyphenation dictionary 'en_UK'; did you mean 'en_US'?"]
    line = line_of(project, "layouts/_default.yaml", "sections: [what_is_it, how_it_works, what_is_it,")
    assert layout_problems(project) == [f"layouts/_default.yaml:{line}:38: 'what_is_it' is listed twice"]


def test_check_names_a_layout_file_no_build_would_read(project):
    (project / "layouts/massage.yaml").rename(project / "layouts/massge.yaml")
    assert [str(p) for p in check_all(project)] == [
        "layouts/massge.yaml:1:1: no layout is called 'massge'; did you mean 'massage'? (layouts are named "
        "after a treatment in leaflets/treatments.yaml, or brochure)"]
