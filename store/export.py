"""CSV and Parquet exports of the store, exactly as ``shared/SCHEMA.md`` lays out.

Each file is written to a temporary name and renamed into place, so a reader (a
dashboard) never sees half a file and a crash never destroys the last good one.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from store.schema import CORRECTION_COLUMNS, TABLES
from store.sqlite import Store


def _typed(rows: list[dict], columns: dict[str, pa.DataType]) -> pa.Table:
    data: dict[str, list] = {c: [] for c in columns}
    for r in rows:
        for c, t in columns.items():
            v = r.get(c)
            if v is not None and pa.types.is_date32(t) and isinstance(v, str):
                v = date.fromisoformat(v)
            elif v is not None and pa.types.is_timestamp(t) and isinstance(v, str):
                v = datetime.fromisoformat(v)
            elif v is not None and pa.types.is_boolean(t):
                v = bool(v)
            data[c].append(v)
    return pa.table({c: pa.array(data[c], type=t) for c, t in columns.items()})


def _csv_frame(table: pa.Table) -> pd.DataFrame:
    df = table.to_pandas()
    for name, t in zip(table.column_names, table.schema.types, strict=True):
        if pa.types.is_list(t):
            df[name] = df[name].map(lambda v: "; ".join(v) if v is not None else None)
        elif pa.types.is_boolean(t):
            df[name] = df[name].map(lambda v: None if v is None else ("true" if v else "false"))
        elif pa.types.is_integer(t):
            df[name] = df[name].astype("Int64")
    return df


def _atomic(path: Path, write) -> None:  # type: ignore[no-untyped-def]
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def export(store: Store, out_dir: Path) -> dict[str, int]:
    """Write ``documents``, ``positions`` and ``indicators`` as CSV and Parquet
    (plus ``corrections.csv``); return the row count of each table."""
    counts: dict[str, int] = {}
    for name, columns in TABLES.items():
        rows = store.rows(name, "ORDER BY rowid")
        if name == "indicators":
            for r in rows:
                if isinstance(r.get("provenance"), dict):
                    r["provenance"] = json.dumps(r["provenance"], ensure_ascii=False)
        table = _typed(rows, columns)
        counts[name] = table.num_rows
        _atomic(out_dir / f"{name}.parquet", lambda p, t=table: pq.write_table(t, p))
        frame = _csv_frame(table)
        _atomic(
            out_dir / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False, encoding="utf-8")
        )
    corr = store.conn.execute(
        "SELECT row_id, field, old_value, new_value, reviewer, at FROM corrections ORDER BY rowid"
    )
    crows = [dict(zip(CORRECTION_COLUMNS, r, strict=True)) for r in corr.fetchall()]
    cframe = pd.DataFrame(crows, columns=list(CORRECTION_COLUMNS))
    _atomic(out_dir / "corrections.csv", lambda p: cframe.to_csv(p, index=False, encoding="utf-8"))
    counts["corrections"] = len(crows)
    return counts
