"""Language packs and situation packs: the loaders users rely on to add their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.lang import PackError, alternation, load_language, pack_for, read_pack
from watchfloor.nlp.sentences import sentences
from watchfloor.theatres import Theatre, TheatreError, load_theatre, read_theatre


def test_english_months_and_weekdays_come_from_dateparser() -> None:
    en = load_language("en")
    assert en.months["sept"] == 9 and en.months["december"] == 12
    assert en.weekdays["thursday"] == 3
    assert "we" not in en.weekdays  # a word of running text, dropped by the pack


def test_unknown_language_names_the_known_ones() -> None:
    with pytest.raises(PackError, match=r"packs are .*en"):
        load_language("xx")
    assert pack_for("xx") is None
    assert pack_for(None) is load_language("en")


def test_stems_take_case_endings(tmp_path: Path) -> None:
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "pack.toml").write_text('code = "ru"\nname = "Russian"\ndateparser = "ru"\n')
    (folder / "speech.toml").write_text('verbs = ["заявил*", "по словам"]\n')
    ru = read_pack(folder)
    assert ru.months["февраля"] == 2  # genitive, from dateparser's locale
    verbs = ru.regex("speech.verbs")
    assert verbs.search("Министр заявила, что") and verbs.search("по  словам министра")
    assert not verbs.search("заявка")


def test_alternation_prefers_the_longest_form() -> None:
    import re

    assert re.match(alternation(["Su-35", "Su-35S"]), "Su-35S").group() == "Su-35S"  # type: ignore[union-attr]


def test_sentences_split_on_any_script_but_not_after_abbreviations() -> None:
    text = "Gen. Khrenin spoke. Войска ушли. A. Lukashenko agreed."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Gen. Khrenin spoke.",
        "Войска ушли.",
        "A. Lukashenko agreed.",
    ]


def test_theatre_entries_need_a_name_and_a_source(tmp_path: Path) -> None:
    (tmp_path / "theatre.toml").write_text('name = "test"\n[settings]\nwar_start = 2020-09-27\n')
    (tmp_path / "actors.toml").write_text(
        'source = "written for the test"\n[[actor]]\nname = "A"\naliases = ["B"]\ntype = "person"\n'
    )
    theatre = read_theatre(tmp_path)
    assert theatre.names("actor", type="person") == ("A", "B")
    assert theatre.entries("actor")[0].source == "written for the test"
    assert str(theatre.date_setting("war_start")) == "2020-09-27"
    (tmp_path / "units.toml").write_text('[[unit]]\nname = "1st Brigade"\n')
    with pytest.raises(TheatreError, match=r"units.toml: unit #1 \(1st Brigade\): has no source"):
        read_theatre(tmp_path)


def test_theatre_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHFLOOR_THEATRE", raising=False)
    assert load_theatre(None).name == "belarus-2022"
    assert load_theatre("none") is Theatre.empty()
    monkeypatch.setenv("WATCHFLOOR_THEATRE", "none")
    assert load_theatre(None).is_empty
    with pytest.raises(TheatreError, match="no theatre 'atlantis'"):
        load_theatre("atlantis")
    with pytest.raises(TheatreError, match=r"has no theatre\.toml"):
        load_theatre(tmp_path)
