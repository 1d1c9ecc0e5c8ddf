"""`candor export elan` and `candor import-codes`: coders check Candor's codes in ELAN and bring them back.

The batch is built from real transcripts (AnnoMI sessions, an ELAN file, a
Zoom VTT, TEI-CORPO's ELAN conversation) and from the bundled example saved
as plain text without times, coded by Candor and written as batch tables.
We cannot download ELAN's XSD here (no network), so the EAF 3.0 structure is
checked field by field.
"""

from __future__ import annotations

import json
import re
import stat
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

import candor
from candor.batch.tables import iter_table, read_table, session_rows, write_part
from candor.errors import CandorError
from candor.evaluate import evaluate
from candor.exports.elan import export_elan
from candor.formats import read_sessions
from candor.gold import read_gold
from candor.importcodes import import_codes, write_gold
from candor.model import CODES, Role, Speaker, Transcript, Turn

SAMPLE = Path(__file__).parent / "samples" / "chat_elan" / "session.eaf"  # Dana Whitfield and Sam Ortiz
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
# EAF 3.0: the children of ANNOTATION_DOCUMENT, in the order the schema's sequence gives them.
EAF_ORDER = ["LICENSE", "HEADER", "TIME_ORDER", "TIER", "LINGUISTIC_TYPE", "LOCALE", "LANGUAGE", "CONSTRAINT",
             "CONTROLLED_VOCABULARY", "LEXICON_REF", "REF_LINK_SET", "EXTERNAL_REF"]
NCNAME = re.compile(r"[A-Za-z_][\w.-]*")


def add_part(batch: Path, part: int, sessions: list[tuple[Transcript, str]]) -> None:
    rows: dict[str, list] = {"sessions": [], "turns": [], "sentences": []}
    for transcript, source in sessions:
        for table, new in session_rows(candor.analyze(transcript), source, part).items():
            rows[table] += new
    write_part(batch, part, rows)


@pytest.fixture(scope="module")
def batch(shared_data, tmp_path_factory) -> Path:
    """Two parts, as `candor batch` writes them: three AnnoMI sessions; then four files of other formats."""
    root = tmp_path_factory.mktemp("elan")
    annomi = shared_data / "annomi" / "AnnoMI-simple.csv"
    add_part(root / "batch", 1, [(t, str(annomi)) for t in candor.read_all(annomi)[:3]])
    untimed = root / "example without times.txt"  # a plain text transcript: no times at all
    untimed.write_text(re.sub(r"^\[[\d:]+\] ", "", candor.example_path().read_text(), flags=re.M), encoding="utf-8")
    formats = shared_data / "formats"
    others = [
        (SAMPLE, {}),
        (untimed, {}),
        (formats / "elan_eaf" / "test.eaf", {"therapist": "L2"}),
        (formats / "zoom_vtt" / "GMT20240124-202901_Recording.transcript.vtt", {}),
    ]
    add_part(root / "batch", 2, [(t, str(p)) for p, kw in others for t in candor.read_all(p, **kw)])
    return root / "batch"


@pytest.fixture(scope="module")
def exported(batch, tmp_path_factory) -> dict[str, Path]:
    """session_id -> its .eaf."""
    files = export_elan(batch, tmp_path_factory.mktemp("eaf"))
    return {_header(ET.parse(f).getroot())["candor:session_id"]: f for f in files}


def turns_of(batch: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for part in iter_table(batch, "turns"):
        for row in part.to_pylist():
            out.setdefault(row["session_id"], []).append(row)
    return out


def _header(root: ET.Element) -> dict[str, str]:
    return {p.get("NAME"): p.text or "" for p in root.iterfind("HEADER/PROPERTY")}


def _file_of(exported: dict[str, Path], batch: Path, source_name: str) -> Path:
    sessions = read_table(batch, "sessions").to_pylist()
    [sid] = [s["session_id"] for s in sessions if Path(s["source"]).name == source_name]
    return exported[sid]


# --- the files -------------------------------------------------------------------------------------


def test_one_file_per_session_named_after_its_source(batch, exported):
    sessions = read_table(batch, "sessions").to_pylist()
    assert len(sessions) == 7 and set(exported) == {s["session_id"] for s in sessions}
    names = sorted(f.name for f in exported.values())
    assert [n for n in names if n.startswith("AnnoMI-simple_")] == sorted(
        f"AnnoMI-simple_{s['session']}_{s['session_id']}.eaf" for s in sessions if s["source"].endswith(".csv")
    )
    assert f"example_without_times_{sessions[4]['session_id']}.eaf" in names
    for f in exported.values():
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.eaf", f.name)
        assert stat.S_IMODE(f.stat().st_mode) == 0o600  # transcript text: the owner's only
    assert not list(next(iter(exported.values())).parent.glob(".*"))  # no temp files left


def test_every_file_is_well_formed_eaf_3(batch, exported):
    for f in exported.values():
        assert_valid_eaf(ET.parse(f).getroot())


def assert_valid_eaf(root: ET.Element) -> None:
    """What the EAF 3.0 schema and ELAN require, field by field."""
    assert root.tag == "ANNOTATION_DOCUMENT"
    assert root.get("FORMAT") == "3.0" and root.get("VERSION") == "3.0" and root.get("AUTHOR") is not None
    assert root.get(f"{XSI}noNamespaceSchemaLocation") == "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"
    datetime.fromisoformat(root.get("DATE"))  # xsd:dateTime
    ranks = [EAF_ORDER.index(child.tag) for child in root]
    assert ranks == sorted(ranks) and ranks.count(1) == 1 and ranks.count(2) == 1
    assert root.find("HEADER").get("TIME_UNITS") == "milliseconds"

    ids = [e.get("TIME_SLOT_ID") for e in root.iter("TIME_SLOT")] + [
        e.get("ANNOTATION_ID") for e in root.iter() if e.tag in ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION")
    ]
    assert len(ids) == len(set(ids)) and all(NCNAME.fullmatch(i) for i in ids)  # xsd:ID
    slots = {s.get("TIME_SLOT_ID"): int(s.get("TIME_VALUE")) for s in root.iter("TIME_SLOT")}
    assert all(v >= 0 for v in slots.values()) and list(slots.values()) == sorted(slots.values())
    numbers = [int(i[1:]) for i in ids if re.fullmatch(r"a\d+", i)]
    assert int(_header(root)["lastUsedAnnotationId"]) >= max(numbers, default=0)

    types = {t.get("LINGUISTIC_TYPE_ID"): t for t in root.iter("LINGUISTIC_TYPE")}
    stereotypes = {c.get("STEREOTYPE") for c in root.iter("CONSTRAINT")}
    tiers = {t.get("TIER_ID"): t for t in root.iter("TIER")}
    assert len(tiers) == len(root.findall("TIER"))
    annotation_tier = {
        a.get("ANNOTATION_ID"): tier_id for tier_id, t in tiers.items() for a in t.iterfind("ANNOTATION/*")
    }
    for tier_id, tier in tiers.items():
        kind = types[tier.get("LINGUISTIC_TYPE_REF")]  # declared
        parent = tier.get("PARENT_REF")
        if parent is None:  # a speaker: time-aligned turns that never overlap
            assert kind.get("TIME_ALIGNABLE") == "true" and kind.get("CONSTRAINTS") is None
            spans = []
            for a in tier.iterfind("ANNOTATION/ALIGNABLE_ANNOTATION"):
                start, end = slots[a.get("TIME_SLOT_REF1")], slots[a.get("TIME_SLOT_REF2")]
                assert start < end
                spans.append((start, end))
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), tier_id
            assert not tier.findall("ANNOTATION/REF_ANNOTATION")
        else:  # Candor's codes or flags: one value per annotation of the parent tier
            assert parent in tiers and tiers[parent].get("PARENT_REF") is None
            assert kind.get("CONSTRAINTS") == "Symbolic_Association" in stereotypes
            assert kind.get("TIME_ALIGNABLE") == "false"
            refs = [a.get("ANNOTATION_REF") for a in tier.iterfind("ANNOTATION/REF_ANNOTATION")]
            assert all(annotation_tier.get(r) == parent for r in refs) and len(refs) == len(set(refs))
            assert len(refs) == len(tiers[parent].findall("ANNOTATION"))
        for a in tier.iterfind("ANNOTATION/*"):
            assert a.find("ANNOTATION_VALUE") is not None


def test_speakers_turns_and_codes_match_the_batch_tables(batch, exported):
    coded = 0
    for sid, turns in turns_of(batch).items():
        root = ET.parse(exported[sid]).getroot()
        tiers = {t.get("TIER_ID"): t for t in root.iter("TIER")}
        speakers = list(dict.fromkeys(t["speaker"] for t in turns))
        assert [t for t in tiers if tiers[t].get("PARENT_REF") is None] == speakers
        assert all(tiers[s].get("PARTICIPANT") == s for s in speakers)
        values = {}  # turn -> (codes, flags) as the file shows them
        for speaker in speakers:
            own = [t for t in turns if t["speaker"] == speaker]
            texts = [a.findtext("ANNOTATION_VALUE") for a in tiers[speaker].iterfind("ANNOTATION/*")]
            assert texts == [t["text"] for t in own]
            assert _header(root)[f"candor:tier {speaker}"] == " ".join([own[0]["role"], *(str(t["turn"]) for t in own)])
            if own[0]["role"] != "therapist":
                assert f"Candor codes ({speaker})" not in tiers
                continue
            ids = [a.get("ANNOTATION_ID") for a in tiers[speaker].iterfind("ANNOTATION/*")]
            turn_of = dict(zip(ids, (t["turn"] for t in own)))
            for label, tier_id in enumerate((f"Candor codes ({speaker})", f"Candor flags ({speaker})")):
                for a in tiers[tier_id].iterfind("ANNOTATION/REF_ANNOTATION"):
                    turn = turn_of[a.get("ANNOTATION_REF")]
                    values.setdefault(turn, ["", ""])[label] = a.findtext("ANNOTATION_VALUE")
        for t in turns:
            if t["role"] == "therapist":
                assert values[t["turn"]] == [" ".join(t["codes"]) or "none", " ".join(t["flags"]) or "-"]
                coded += bool(t["codes"])
    assert coded >= 10  # the example and the ELAN sample disclose


def test_candors_reader_reads_the_export_back(batch, exported, shared_data):
    for sid, turns in turns_of(batch).items():
        [back] = read_sessions(exported[sid])
        assert [(u.speaker, u.text) for u in back.turns] == [(t["speaker"], t["text"]) for t in turns]
        assert back.format == "elan"
    # Roles come back where the names say them (AnnoMI's speakers are "therapist" and "client").
    for f in exported.values():
        if f.name.startswith("AnnoMI-simple_"):
            [t] = candor.read_all(f)
            assert t.therapist.name == "therapist" and t.role_of("client") is Role.CLIENT


def test_times_real_where_known_synthetic_where_not(batch, exported):
    # The ELAN sample keeps its own times to the millisecond.
    [sample] = read_sessions(_file_of(exported, batch, "session.eaf"))
    assert [(u.start, u.end) for u in sample.turns][:2] == [(1.2, 5.4), (6.1, 12.8)]
    # AnnoMI gives starts only: a turn lasts until the next one starts.
    first = next(f for f in exported.values() if f.name.startswith("AnnoMI-simple_0_"))
    [annomi] = read_sessions(first)
    assert (annomi.turns[0].start, annomi.turns[0].end, annomi.turns[1].start) == (13.0, 24.0, 24.0)
    # A text transcript without times: turns one after another at 150 words a minute, a second at least.
    [plain] = read_sessions(_file_of(exported, batch, "example without times.txt"))
    assert plain.turns[0].start == 0.0
    for u, after in zip(plain.turns, plain.turns[1:]):
        assert after.start == u.end
        assert u.end - u.start == pytest.approx(max(1.0, 0.4 * len(u.text.split())))


def test_export_is_reproducible(batch, exported, tmp_path):
    again = export_elan(batch, tmp_path)
    assert sorted(f.name for f in again) == sorted(f.name for f in exported.values())
    assert all(f.read_bytes() == (next(iter(exported.values())).parent / f.name).read_bytes() for f in again)


def test_awkward_names_and_characters_are_escaped(tmp_path):
    text = 'I said "5 < 6 & 7 > 2" to my kids\x07 </ANNOTATION_VALUE> too.'
    t = Transcript(
        source="../Sitzung #3 (Zoë).txt",
        speakers=(Speaker("Dr. Zoë O'Neil & co", Role.THERAPIST), Speaker("<Sam>", Role.CLIENT)),
        turns=(Turn(1, "<Sam>", "I'm stuck."), Turn(2, "Dr. Zoë O'Neil & co", text)),
        format="text",
    )
    add_part(tmp_path / "batch", 1, [(t, t.source)])
    [f] = export_elan(tmp_path / "batch", tmp_path / "eaf")
    assert re.fullmatch(r"Sitzung_3_Zoe_s[0-9a-f]{12}\.eaf", f.name)
    assert_valid_eaf(ET.parse(f).getroot())
    [back] = read_sessions(f)
    said = text.replace("\x07", "")  # a character XML cannot hold becomes a space, and spaces collapse
    assert [(u.speaker, u.text) for u in back.turns] == [("<Sam>", "I'm stuck."), (t.speakers[0].name, said)]


# --- import-codes ----------------------------------------------------------------------------------


def _edit(path: Path, tier_id: str, turn_position: int, value: str, out: Path | None = None) -> Path:
    """What a coder does in ELAN: change one value of a tier, save. ELAN writes the whole file again."""
    tree = ET.parse(path)
    tier = next(t for t in tree.getroot().iter("TIER") if t.get("TIER_ID") == tier_id)
    tier.findall("ANNOTATION/*/ANNOTATION_VALUE")[turn_position].text = value
    out = out or path
    tree.write(out, encoding="UTF-8", xml_declaration=True)
    return out


def test_a_coders_corrections_come_back_as_gold_that_evaluate_scores(batch, exported, tmp_path):
    sample = _file_of(exported, batch, "session.eaf")
    sid = _header(ET.parse(sample).getroot())["candor:session_id"]
    # Candor coded the therapist's turns 1, 3, 5 as none, none, fact. The coder disagrees twice:
    coded = tmp_path / sample.name
    _edit(sample, "Candor codes (Dana Whitfield)", 1, " Immediacy ", coded)  # turn 3
    _edit(coded, "Candor codes (Dana Whitfield)", 2, "fact, Feeling")  # turn 5
    _edit(coded, "Candor flags (Dana Whitfield)", 2, "returns-focus")  # turn 5 ends on a question to the client

    lines = import_codes([coded])
    assert [(g["id"], g["codes"], g["flags"]) for g in lines] == [
        (f"{sid}-1", [], []),
        (f"{sid}-3", ["immediacy"], []),
        (f"{sid}-5", ["fact", "feeling"], ["returns_focus"]),
    ]
    turns = turns_of(batch)[sid]
    assert [g["text"] for g in lines] == [turns[0]["text"], turns[2]["text"], turns[4]["text"]]
    assert [g["prev"] for g in lines] == [None, turns[1]["text"], turns[3]["text"]]

    gold = write_gold(lines, tmp_path / "gold.jsonl")
    assert stat.S_IMODE(gold.stat().st_mode) == 0o600
    assert [g.id for g in read_gold(gold)] == [g["id"] for g in lines]
    r = evaluate(gold, None, None)
    assert r["turns"] == 3
    # Self-involving: gold turns 3 and 5, Candor turn 5: tp 1, fp 0, fn 1, tn 1, n 3.
    # P = 1; R = 1/2; F1 = 2/(2+0+1) = 2/3; chance = (1)(2) + (2)(1) = 4; kappa = (3*2 - 4)/(9 - 4) = 0.4
    assert r["self_involving"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "kappa": 0.4,
                                   "support": 2, "tp": 1, "fp": 0, "fn": 1, "tn": 1}
    # fact: both say turn 5 only: kappa 1. feeling and immediacy: the gold's one turn, Candor's none:
    # F1 0; chance = 0*1 + 3*2 = 6; kappa = (3*2 - 6)/(9 - 6) = 0.
    assert r["codes"]["fact"]["kappa"] == 1.0 and r["codes"]["fact"]["f1"] == 1.0
    for code in ("feeling", "immediacy"):
        assert (r["codes"][code]["fn"], r["codes"][code]["tn"], r["codes"][code]["kappa"]) == (1, 2, 0.0)
    assert r["flags"]["returns_focus"]["fn"] == 1
    # Macro F1 over the codes the coder used: (1 + 0 + 0) / 3.
    assert r["macro_f1"]["codes"] == {"f1": 0.3333, "over": ["fact", "feeling", "immediacy"]}


def test_unchanged_files_import_as_candors_own_coding(batch, exported):
    lines = {g["id"]: g for g in import_codes([next(iter(exported.values())).parent])}
    therapist = [t for turns in turns_of(batch).values() for t in turns if t["role"] == "therapist"]
    assert sorted(lines) == sorted(t["turn_id"] for t in therapist)
    for t in therapist:
        assert (lines[t["turn_id"]]["codes"], lines[t["turn_id"]]["flags"]) == (list(t["codes"]), list(t["flags"]))
        assert lines[t["turn_id"]]["text"] == t["text"]


def test_renumbered_ids_and_reordered_annotations_still_import(batch, exported, tmp_path):
    sample = _file_of(exported, batch, "example without times.txt")
    tree = ET.parse(sample)
    root = tree.getroot()
    # Renumber every annotation id and time slot as another tool might, and write each tier backwards.
    new_id = {a.get("ANNOTATION_ID"): f"ann{900 - n}" for n, a in enumerate(root.iter()) if a.get("ANNOTATION_ID")}
    new_slot = {s.get("TIME_SLOT_ID"): f"slot{n}x" for n, s in enumerate(root.iter("TIME_SLOT"))}
    for a in root.iter():
        for key, mapping in (("ANNOTATION_ID", new_id), ("ANNOTATION_REF", new_id),
                             ("TIME_SLOT_REF1", new_slot), ("TIME_SLOT_REF2", new_slot), ("TIME_SLOT_ID", new_slot)):
            if a.get(key):
                a.set(key, mapping[a.get(key)])
    for tier in root.iter("TIER"):
        annotations = list(tier)
        for a in annotations:
            tier.remove(a)
        tier.extend(reversed(annotations))
    moved = tmp_path / "renumbered.eaf"
    tree.write(moved, encoding="UTF-8", xml_declaration=True)
    assert import_codes([moved]) == import_codes([sample])


# --- what coders get wrong -------------------------------------------------------------------------


def test_a_typo_is_a_one_line_error_naming_file_tier_and_time(batch, exported, tmp_path):
    sample = _file_of(exported, batch, "session.eaf")
    typo = _edit(sample, "Candor codes (Dana Whitfield)", 2, "fcat", tmp_path / "coded.eaf")  # turn 5, at 27.4 s
    with pytest.raises(CandorError) as err:
        import_codes([typo])
    assert str(err.value) == (
        "coded.eaf: tier 'Candor codes (Dana Whitfield)' at 00:00:27: 'fcat' is not a code; "
        f"codes are: {', '.join(CODES)}"
    )
    _edit(sample, "Candor flags (Dana Whitfield)", 0, "same_boat, returns focus", typo)
    with pytest.raises(CandorError, match=r"^coded.eaf: tier 'Candor flags \(Dana Whitfield\)' at 00:00:01: "
                                          r"'returns' is not a flag; flags are: same_boat, .*, or - for none$"):
        import_codes([typo])


@pytest.mark.parametrize(
    ("codes", "flags", "expected"),
    [
        ("FACT  feeling", "", (["fact", "feeling"], [])),
        ("feeling;fact,", "Same-Boat; returns_focus", (["fact", "feeling"], ["same_boat", "returns_focus"])),
        ("None", "none", ([], [])),
        ("immediacy", " - ", (["immediacy"], [])),
    ],
)
def test_harmless_variations_are_accepted(batch, exported, tmp_path, codes, flags, expected):
    sample = _file_of(exported, batch, "session.eaf")
    coded = _edit(sample, "Candor codes (Dana Whitfield)", 0, codes, tmp_path / "coded.eaf")
    _edit(coded, "Candor flags (Dana Whitfield)", 0, flags)
    first = import_codes([coded])[0]
    assert (first["codes"], first["flags"]) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "no codes; type the codes, or none"), ("none fact", "'none' goes with other codes")],
)
def test_empty_or_contradictory_codes_are_refused(batch, exported, tmp_path, value, message):
    coded = _edit(_file_of(exported, batch, "session.eaf"), "Candor codes (Dana Whitfield)", 1, value,
                  tmp_path / "coded.eaf")
    where = "coded.eaf: tier 'Candor codes (Dana Whitfield)' at 00:00:13"  # turn 3
    with pytest.raises(CandorError, match=re.escape(f"{where}: {message}")):
        import_codes([coded])


def test_an_added_or_deleted_turn_is_refused(batch, exported, tmp_path):
    tree = ET.parse(_file_of(exported, batch, "session.eaf"))
    tier = next(t for t in tree.getroot().iter("TIER") if t.get("TIER_ID") == "Sam Ortiz")
    tier.remove(tier.find("ANNOTATION"))
    tree.write(tmp_path / "cut.eaf", encoding="UTF-8", xml_declaration=True)
    with pytest.raises(CandorError) as err:
        import_codes([tmp_path / "cut.eaf"])
    assert str(err.value).startswith("cut.eaf: tier 'Sam Ortiz' has 2 annotations but Candor exported 3;")


def test_files_without_candors_tiers_are_refused(shared_data, batch, exported, tmp_path):
    with pytest.raises(CandorError, match=r"^DOC_FR_2020_CHOIX_5.eaf: not a file from candor export elan"):
        import_codes([shared_data / "formats" / "elan_eaf" / "DOC_FR_2020_CHOIX_5.eaf"])
    tree = ET.parse(_file_of(exported, batch, "session.eaf"))
    for tier in [t for t in tree.getroot().findall("TIER") if t.get("PARENT_REF")]:
        tree.getroot().remove(tier)
    tree.write(tmp_path / "bare.eaf", encoding="UTF-8", xml_declaration=True)
    with pytest.raises(CandorError, match=r"^bare.eaf: no 'Candor codes' tier under a therapist tier"):
        import_codes([tmp_path / "bare.eaf"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(CandorError, match="no .eaf files in this folder"):
        import_codes([tmp_path / "empty"])


def test_the_same_session_twice_is_refused(batch, exported, tmp_path):
    sample = _file_of(exported, batch, "session.eaf")
    copy = tmp_path / "copy.eaf"
    copy.write_bytes(sample.read_bytes())
    assert import_codes([sample, sample]) == import_codes([sample])  # one file given twice is read once
    with pytest.raises(CandorError, match=r"^copy.eaf: session s[0-9a-f]{12} is also in .*; give each session once$"):
        import_codes([sample, copy])


# --- bad batch folders -----------------------------------------------------------------------------


def test_a_folder_that_is_not_a_batch_is_a_one_line_error(tmp_path):
    for folder, says in [
        (tmp_path / "missing", "no such folder"),
        (tmp_path, "not a Candor batch output (no sessions table)"),
    ]:
        with pytest.raises(CandorError) as err:
            export_elan(folder, tmp_path / "eaf")
        assert says in str(err.value) and "candor batch --out" in str(err.value) and "\n" not in str(err.value)
    write_part(tmp_path / "empty", 1, {})
    with pytest.raises(CandorError, match="the batch holds no sessions; see its errors table"):
        export_elan(tmp_path / "empty", tmp_path / "eaf")


def test_gold_lines_are_json_lines(batch, exported, tmp_path):
    lines = import_codes([_file_of(exported, batch, "session.eaf")])
    out = write_gold(lines, tmp_path / "gold.jsonl")
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == lines
    with pytest.raises(CandorError, match="that is a folder"):
        write_gold(lines, tmp_path)
