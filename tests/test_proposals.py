"""Registry proposals (proposals.py): what a proposed entry holds and which id it gets."""

from __future__ import annotations

from newskb.models import OrgKind, Person
from newskb.proposals import entry_of, org_kind, plan


def test_a_proposal_holds_the_full_name_first_then_the_short_forms_the_transcript_used():
    (p,) = plan([("person", "佐々木ゆかり", 7)], {}, set(), {("person", "佐々木ゆかり"): {"佐々木"}})
    entry = entry_of(p)
    assert isinstance(entry, Person)
    assert (entry.name.ja, entry.aliases, entry.proposed) == ("佐々木ゆかり", ["佐々木ゆかり", "佐々木"], True)


def test_a_short_form_another_entry_already_holds_is_not_proposed_again():
    known = {("person", "佐々木")}
    (p,) = plan([("person", "佐々木ゆかり", 7)], {}, known, {("person", "佐々木ゆかり"): {"佐々木", "ゆかり"}})
    assert p.aliases == ("ゆかり",)


def test_a_name_is_proposed_once_however_often_it_is_quoted():
    wanted = [("person", "佐々木ゆかり", 7), ("person", "佐々木ゆかり", 8)]
    assert [(p.name, p.line) for p in plan(wanted, {}, set())] == [("佐々木ゆかり", 7)]


def test_an_organisation_proposal_takes_the_kind_its_name_says_else_company():
    assert org_kind("総務省") == org_kind("文化庁") == OrgKind.government
    assert org_kind("東都大学") == OrgKind.research
    assert org_kind("ミナト精機") == org_kind("欧州AI監視機構") == OrgKind.company
    (p,) = plan([("organization", "総務省", 12)], {}, set())
    assert entry_of(p).kind == OrgKind.government


def test_a_learned_society_is_research_and_a_council_is_no_government_unless_a_parliament_or_advisory_one():
    assert org_kind("日本ロボット学会") == OrgKind.research
    assert org_kind("北海道漁業振興協議会") == org_kind("国際AI安全評議会") == OrgKind.company
    assert org_kind("州議会") == org_kind("交通政策審議会") == OrgKind.government


def test_a_name_in_latin_script_keeps_its_spelling_as_its_english_name_and_folds_to_ascii_for_its_id():
    (p,) = plan([("person", "Sébastien Roux", 3)], {}, set())
    entry = entry_of(p)
    assert (p.id, entry.name.en, entry.name.ja) == ("sebastien-roux", "Sébastien Roux", "Sébastien Roux")
    # letters NFKD leaves whole fold too; capitals inside a name are its spelling, not title case
    (q, r) = plan([("person", "Łukasz Ørsted", 4), ("organization", "DeepMind", 5)], {}, set())
    assert (q.id, entry_of(q).name.en) == ("lukasz-orsted", "Łukasz Ørsted")
    assert (r.id, entry_of(r).name.en) == ("deepmind", "DeepMind")


def test_a_name_in_kana_or_kanji_is_still_romanised_and_title_cased():
    (p,) = plan([("person", "マリア・ロペス", 3)], {}, set())
    assert (p.id, entry_of(p).name.en) == ("maria-ropesu", "Maria Ropesu")
