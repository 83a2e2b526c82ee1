"""The canonical SQLite store: documents, positions, indicators, corrections, runs.

Writing a document replaces every row with its ``doc_id`` in one transaction, so
a crash mid-batch never leaves half a document and never touches the others.
Reviewers' corrections live in their own table and are re-applied (by
``row_id``) each time the document is written again; a correction whose row no
longer looks like the one the reviewer saw is not applied blindly: the row is
flagged ``correction_conflict`` for a person to look at.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from domain.records import DocumentResult
from store.schema import CORRECTABLE, KEYS, TABLES, sql_type

DB_NAME = "iki.sqlite"
LIST_FIELDS = {"fungsi", "sumber_data", "flags"}


def _encode(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in LIST_FIELDS:
        return json.dumps(list(value), ensure_ascii=False)
    if name == "provenance":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode_value(name: str, raw: Any) -> Any:
    if raw is None:
        return None
    if name in LIST_FIELDS:
        return json.loads(raw)
    if name == "needs_review":
        return bool(raw)
    return raw


class Store:
    """One output folder's SQLite database."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / DB_NAME
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._create()

    def _create(self) -> None:
        with self.conn:
            for table, cols in TABLES.items():
                defs = ", ".join(
                    f'"{c}" {sql_type(t)}' + (" PRIMARY KEY" if c == KEYS[table] else "")
                    for c, t in cols.items()
                )
                self.conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({defs})")
            self.conn.execute("CREATE INDEX IF NOT EXISTS positions_doc ON positions(doc_id)")
            self.conn.execute("CREATE INDEX IF NOT EXISTS indicators_doc ON indicators(doc_id)")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS corrections (row_id TEXT, field TEXT, old_value TEXT, "
                "new_value TEXT, reviewer TEXT, at TEXT, row_fingerprint TEXT)"
            )
            self.conn.execute("CREATE INDEX IF NOT EXISTS corrections_row ON corrections(row_id)")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "started_at TEXT, finished_at TEXT, pipeline_version TEXT, inputs TEXT, "
                "documents INTEGER, ok INTEGER, partial INTEGER, failed INTEGER, skipped INTEGER)"
            )

    def close(self) -> None:
        self.conn.close()

    # -- documents -------------------------------------------------------------------
    def is_done(self, doc_id: str, version: str) -> bool:
        """True when ``doc_id`` was ingested by this pipeline version without failing."""
        row = self.conn.execute(
            "SELECT status, pipeline_version FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return row is not None and row[0] in ("ok", "partial") and row[1] == version

    def write(self, result: DocumentResult, version: str) -> None:
        """Replace ``result``'s document in the store, then re-apply corrections."""
        doc = asdict(result.document)
        doc["pipeline_version"] = version
        doc["ingested_at"] = datetime.now(UTC)
        doc_id = doc["doc_id"]
        with self.conn:
            for table in ("indicators", "positions", "documents"):
                self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._insert("documents", [doc])
            self._insert("positions", [asdict(p) for p in result.positions])
            self._insert("indicators", [asdict(i) for i in result.indicators])
            self._reapply(doc_id)

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = list(TABLES[table])
        names = ", ".join(f'"{c}"' for c in cols)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
        self.conn.executemany(sql, [tuple(_encode(c, r.get(c)) for c in cols) for r in rows])

    # -- corrections -------------------------------------------------------------------
    def _row(self, row_id: str) -> dict[str, Any] | None:
        cur = self.conn.execute("SELECT * FROM indicators WHERE row_id = ?", (row_id,))
        raw = cur.fetchone()
        if raw is None:
            return None
        return {d[0]: decode_value(d[0], v) for d, v in zip(cur.description, raw, strict=True)}

    @staticmethod
    def _fingerprint(row: dict[str, Any]) -> str:
        return f"{row.get('sasaran') or ''} | {row.get('indikator') or ''}"

    @staticmethod
    def _as_text(name: str, value: Any) -> str | None:
        if value is None:
            return None
        if name in LIST_FIELDS:
            return json.dumps(list(value), ensure_ascii=False)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def correct(
        self, row_id: str, field: str, new_value: str | None, reviewer: str
    ) -> dict[str, Any]:
        """Record a reviewer's correction of one field and apply it now."""
        if field not in CORRECTABLE:
            raise ValueError(
                f"field {field!r} cannot be corrected; one of: {', '.join(sorted(CORRECTABLE))}"
            )
        row = self._row(row_id)
        if row is None:
            raise KeyError(f"no indicator row {row_id!r}")
        old = self._as_text(field, row[field])
        if field in LIST_FIELDS and new_value is not None and not new_value.startswith("["):
            new_value = json.dumps(
                [s.strip() for s in new_value.split(";") if s.strip()], ensure_ascii=False
            )
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self.conn:
            self.conn.execute(
                "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_id, field, old, new_value, reviewer, at, self._fingerprint(row)),
            )
            self._reapply(row["doc_id"], only_row=row_id)
        return {
            "row_id": row_id,
            "field": field,
            "old_value": old,
            "new_value": new_value,
            "reviewer": reviewer,
            "at": at,
        }

    def _reapply(self, doc_id: str, only_row: str | None = None) -> None:
        sql = "SELECT row_id, field, old_value, new_value, row_fingerprint FROM corrections WHERE "
        if only_row:
            cur = self.conn.execute(sql + "row_id = ? ORDER BY rowid", (only_row,))
        else:
            cur = self.conn.execute(
                sql + "substr(row_id, 1, ?) = ? ORDER BY rowid", (len(doc_id) + 1, f"{doc_id}-")
            )
        latest: dict[tuple[str, str], tuple[str | None, str | None, str]] = {}
        for row_id, field, old, new, fp in cur.fetchall():
            key = (row_id, field)
            first_old = latest[key][0] if key in latest else old
            latest[key] = (first_old, new, fp)
        touched: dict[str, list[str]] = {}
        for (row_id, field), (old, new, fp) in latest.items():
            row = self._row(row_id)
            if row is None:
                continue
            current = self._as_text(field, row[field])
            same_row = fuzz.ratio(self._fingerprint(row), fp or "") >= 90 or field in (
                "sasaran",
                "indikator",
            )
            if not same_row or (current != old and current != new):
                self._flag(row_id, "correction_conflict")
                continue
            value: Any = new
            if field in LIST_FIELDS and new is not None:
                value = new
            elif field == "pengali" and new is not None:
                value = float(new)
            elif field == "needs_review":
                value = 1 if (new or "").lower() in ("1", "true", "yes") else 0
            self.conn.execute(
                f'UPDATE indicators SET "{field}" = ? WHERE row_id = ?', (value, row_id)
            )
            touched.setdefault(row_id, []).append(field)
        for row_id, fields in touched.items():
            row = self._row(row_id)
            assert row is not None
            flags = [f for f in row["flags"] if f != "correction_conflict"]
            if "corrected" not in flags:
                flags.append("corrected")
            review = row["needs_review"] if "needs_review" in fields else False
            self.conn.execute(
                "UPDATE indicators SET flags = ?, needs_review = ?, confidence = 1.0 "
                "WHERE row_id = ?",
                (json.dumps(flags), int(bool(review)), row_id),
            )

    def _flag(self, row_id: str, flag: str) -> None:
        row = self._row(row_id)
        if row is None or flag in row["flags"]:
            return
        self.conn.execute(
            "UPDATE indicators SET flags = ?, needs_review = 1 WHERE row_id = ?",
            (json.dumps([*row["flags"], flag]), row_id),
        )

    # -- runs ----------------------------------------------------------------------------
    def start_run(self, version: str, inputs: list[str]) -> int:
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO runs (started_at, pipeline_version, inputs) VALUES (?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), version, json.dumps(inputs)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, documents = ?, ok = ?, partial = ?, "
                "failed = ?, skipped = ? WHERE run_id = ?",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    sum(counts.get(k, 0) for k in ("ok", "partial", "failed")),
                    counts.get("ok", 0),
                    counts.get("partial", 0),
                    counts.get("failed", 0),
                    counts.get("skipped", 0),
                    run_id,
                ),
            )

    # -- reading -------------------------------------------------------------------------
    def rows(
        self, table: str, where: str = "", params: tuple[Any, ...] = ()
    ) -> list[dict[str, Any]]:
        cur = self.conn.execute(f"SELECT * FROM {table} {where}", params)
        names = [d[0] for d in cur.description]
        return [
            {n: decode_value(n, v) for n, v in zip(names, r, strict=True)} for r in cur.fetchall()
        ]
