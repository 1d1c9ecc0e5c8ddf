"""The corpus report's numbers: the batch `sessions` and `errors` tables, aggregated.

Everything the page shows is reduced here to counts and bins whose size does
not depend on how many sessions there are, so the page stays small and the
charts never carry one point per session. Pure pandas and numpy; the column
names are the batch tables' (candor/batch/tables.py), derived from the model
so this module needs nothing from candor.batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from candor.assess.balance import share_percent as pct  # the tip's own wording of a share
from candor.assess.settings import Settings
from candor.model import FLAGS, SELF_INVOLVING_CODES, TIPS, Status

SI_CODES = SELF_INVOLVING_CODES
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
SESSION_COLUMNS: tuple[str, ...] = (
    "source", "therapist", "role_confidence", "therapist_turns", "therapist_sentences",
    "self_involving_sentences", "self_involving_turns", "warnings",
    *[f"code_{c}" for c in SI_CODES], *[f"flag_{f}" for f in FLAGS], *[f"tip_{t}" for t in TIPS],
)  # fmt: skip
ERROR_COLUMNS: tuple[str, ...] = ("source", "session", "kind", "reason")
MOMENT_BINS = 30  # self-involving turns per session: 0 to 29 each, then "30 or more"


def check_columns(frame: pd.DataFrame, needed: tuple[str, ...], table: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the {table} table lacks the column(s) {', '.join(missing)}; pass the batch table as read back, "
            f"e.g. candor.batch.tables.read_table(out, {table!r}).to_pandas()"
        )


def _ints(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column]).fillna(0).to_numpy(dtype=np.int64)


def _texts(frame: pd.DataFrame, column: str) -> pd.Series:
    """A string column with missing values as None, whatever dtype pandas chose."""
    return frame[column].astype(object).where(frame[column].notna(), None)


@dataclass(frozen=True)
class Headline:
    sessions: int
    sources: int
    therapists: int
    therapist_turns: int
    therapist_sentences: int
    self_involving_sentences: int
    self_involving_turns: int
    median_share: float | None  # over the sessions long enough to judge
    errors: int
    no_therapist: int  # sessions where no speaker was taken for the therapist
    guessed_roles: int  # sessions where Candor was less than sure who the therapist is
    with_warnings: int


@dataclass(frozen=True)
class ShareBins:
    """Self-involving share per session, for the sessions with enough therapist turns to judge.

    `zero` counts sessions with no self-involving turn; `counts[k]` those whose
    share (in percent) is above k*width and at most (k+1)*width.
    """

    width: int
    counts: tuple[int, ...]
    zero: int
    judged: int
    too_short: int
    in_band: int
    attention: int
    risk: int
    median: float | None
    p90: float | None
    highest: float | None


@dataclass(frozen=True)
class TherapistRow:
    name: str
    sessions: int
    therapist_turns: int
    self_involving_turns: int
    share: float | None  # None: too few therapist turns across their sessions to judge
    tips: dict[str, dict[str, int]]  # tip -> status -> sessions


@dataclass(frozen=True)
class Therapists:
    rows: tuple[TherapistRow, ...]  # the first `limit`, most sessions first
    total: int
    unnamed_sessions: int
    absent: int  # therapists with enough sessions and not one self-involving turn


@dataclass(frozen=True)
class Corpus:
    headline: Headline
    shares: ShareBins
    therapists: Therapists
    tips: dict[str, dict[str, int]]  # tip -> status -> sessions
    codes: dict[str, tuple[int, int]]  # code -> (sentences, sessions with any)
    flags: dict[str, tuple[int, int]]
    moments: tuple[int, ...]  # sessions with 0, 1, ... MOMENT_BINS - 1, then MOMENT_BINS or more
    errors: tuple[tuple[str, str, str, str], ...]  # the first `limit`: source, session, kind, reason
    error_kinds: dict[str, int]


def summarise(sessions: pd.DataFrame, errors: pd.DataFrame, settings: Settings, limit: int = 200) -> Corpus:
    check_columns(sessions, SESSION_COLUMNS, "sessions")
    check_columns(errors, ERROR_COLUMNS, "errors")
    turns = _ints(sessions, "therapist_turns")
    involved = _ints(sessions, "self_involving_turns")
    shares = share_bins(turns, involved, settings)
    names = _texts(sessions, "therapist")
    headline = Headline(
        sessions=len(sessions),
        sources=int(sessions["source"].nunique()),
        therapists=int(names.dropna().nunique()),
        therapist_turns=int(turns.sum()),
        therapist_sentences=int(_ints(sessions, "therapist_sentences").sum()),
        self_involving_sentences=int(_ints(sessions, "self_involving_sentences").sum()),
        self_involving_turns=int(involved.sum()),
        median_share=shares.median,
        errors=len(errors),
        no_therapist=int(names.isna().sum()),
        guessed_roles=int((pd.to_numeric(sessions["role_confidence"]).fillna(1.0) < 1).sum()),
        with_warnings=int(sessions["warnings"].fillna("").astype(str).str.len().gt(0).sum()),
    )
    moments = np.bincount(np.minimum(involved, MOMENT_BINS), minlength=MOMENT_BINS + 1)
    kinds = errors["kind"].fillna("unknown").astype(str).value_counts()
    return Corpus(
        headline=headline,
        shares=shares,
        therapists=therapists(sessions, names, turns, involved, settings, limit),
        tips={t: status_counts(sessions[f"tip_{t}"]) for t in TIPS},
        codes={c: _sentences_and_sessions(sessions, f"code_{c}") for c in SI_CODES},
        flags={f: _sentences_and_sessions(sessions, f"flag_{f}") for f in FLAGS},
        moments=tuple(int(n) for n in moments),
        errors=tuple(
            tuple("" if v is None else str(v) for v in row)
            for row in zip(*(_texts(errors.head(limit), c) for c in ERROR_COLUMNS))
        ),
        error_kinds={str(k): int(kinds[k]) for k in sorted(kinds.index)},
    )


def _sentences_and_sessions(sessions: pd.DataFrame, column: str) -> tuple[int, int]:
    counts = _ints(sessions, column)
    return int(counts.sum()), int((counts > 0).sum())


def status_counts(column: pd.Series) -> dict[str, int]:
    counts = column.value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def share_bins(turns: np.ndarray, involved: np.ndarray, settings: Settings) -> ShareBins:
    """Bins in whole percentage points, right-closed so a share exactly on a threshold
    falls on the side the tip puts it (the balance tip flags a share *above* band_high)."""
    judged = turns >= max(1, settings.min_therapist_turns)
    t, i = turns[judged], np.minimum(involved[judged], turns[judged])
    share = i / t if len(t) else np.zeros(0)
    highest = float(share.max()) if len(share) else 0.0
    upper = min(100, max(int(np.ceil(settings.band_risk * 100)) + 10, int(np.ceil(highest * 20)) * 5))
    width = 1 if upper <= 50 else 2
    nbins = -(-upper // width)
    positive = i > 0
    # ceil(100*i / (t*width)) in integers: no float rounding at the bin edges
    k = -(-(100 * i[positive]) // (t[positive] * width)) - 1
    counts = np.bincount(np.clip(k, 0, nbins - 1), minlength=nbins)
    risk = int((share > settings.band_risk).sum())
    attention = int((share > settings.band_high).sum()) - risk
    return ShareBins(
        width=width,
        counts=tuple(int(n) for n in counts),
        zero=int((~positive).sum()),
        judged=int(judged.sum()),
        too_short=int((~judged).sum()),
        in_band=len(share) - attention - risk,
        attention=attention,
        risk=risk,
        median=float(np.median(share)) if len(share) else None,
        p90=float(np.percentile(share, 90)) if len(share) else None,
        highest=highest if len(share) else None,
    )


def therapists(
    sessions: pd.DataFrame, names: pd.Series, turns: np.ndarray, involved: np.ndarray, settings: Settings, limit: int
) -> Therapists:
    named = names.notna().to_numpy()
    frame = pd.DataFrame(
        {"name": names[named].astype(str).to_numpy(), "turns": turns[named], "involved": involved[named]}
    )
    agg = frame.groupby("name", sort=True).agg(
        sessions=("turns", "size"), turns=("turns", "sum"), involved=("involved", "sum")
    )
    # The balance tip's rule across sessions: enough turns to judge, enough sessions, not one self-involving turn.
    absent = agg[(agg["turns"] >= settings.min_therapist_turns) & (agg["sessions"] >= settings.absence_sessions)]
    absent = int((absent["involved"] == 0).sum())
    # Most sessions first; name last, so the order never depends on the input's.
    top = agg.reset_index().sort_values(["sessions", "turns", "name"], ascending=[False, False, True]).head(limit)
    tips: dict[str, pd.DataFrame] = {}
    chosen = sessions[named][frame["name"].isin(top["name"]).to_numpy()]
    for tip in TIPS:
        tips[tip] = pd.crosstab(chosen["therapist"].astype(str), chosen[f"tip_{tip}"].astype(str))
    rows = []
    for name, n, t, i in top[["name", "sessions", "turns", "involved"]].itertuples(index=False, name=None):
        judged = t >= max(1, settings.min_therapist_turns)
        rows.append(TherapistRow(
            name=name, sessions=int(n), therapist_turns=int(t), self_involving_turns=int(i),
            share=float(min(i, t) / t) if judged else None,
            tips={tip: {s: int(tips[tip].at[name, s]) if s in tips[tip].columns and name in tips[tip].index else 0
                        for s in STATUSES} for tip in TIPS},
        ))  # fmt: skip
    return Therapists(tuple(rows), total=len(agg), unnamed_sessions=int((~named).sum()), absent=absent)
