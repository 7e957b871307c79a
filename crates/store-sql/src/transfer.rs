//! Moves a council's database from SQLite to PostgreSQL (`kyhop migrate`):
//! every row of every table, in one transaction, into a database that is
//! empty and at this release's schema — or nothing at all.
//!
//! The two schemas hold the same tables with the same columns (the
//! conformance suite runs the same loads and saves on both); only the
//! types differ (text times, 0/1 flags and blobs on SQLite). Rows travel as
//! JSON that SQLite writes and PostgreSQL reads into each table's own row
//! type (`json_populate_recordset`), so every value goes through the
//! target column's own input rules: a value it cannot take stops the copy.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use futures_util::TryStreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, PgPool, SqlitePool};

use crate::postgres::MIGRATOR as PG_MIGRATOR;
use crate::sqlite::SqliteStore;

/// Rows sent to PostgreSQL in one statement.
const BATCH_ROWS: usize = 500;

/// The full-text index keeps each page's text as its backend's search
/// folds it (SQLite's tokenizer folds most accents itself, PostgreSQL's
/// index is given words already folded): its rows are folded again for
/// the target, not copied as they are.
const SEARCH_INDEX: &str = "page_search";

/// Why a database was not moved. Nothing was written to the target.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The target holds rows (`table` is the first found).
    #[error("the target database is not empty: table {table} has {rows} row(s)")]
    TargetNotEmpty { table: String, rows: i64 },
    /// The target has tables but no KyHop schema.
    #[error("the target database holds tables that are not KyHop's: {tables}")]
    TargetForeign { tables: String },
    /// The target's KyHop schema is of another release.
    #[error("the target database is at another schema version (it has migrations {has}, this release {ours})")]
    TargetOtherVersion { has: String, ours: String },
    /// A table of one side is missing, or has other columns, on the other.
    #[error("the source and target schemas differ at {table}: {difference}")]
    SchemaMismatch { table: String, difference: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] kyhop_store::StoreError),
}

/// What was moved: the rows of each table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TransferReport {
    pub tables: BTreeMap<String, i64>,
}

impl TransferReport {
    pub fn rows(&self) -> i64 {
        self.tables.values().sum()
    }
}

/// A table of the target, as the copy needs it.
struct Table {
    name: String,
    /// Its columns, but the generated ones (which PostgreSQL computes).
    columns: Vec<String>,
    /// Its primary key's columns: the order rows are read in, so that a
    /// row that refers to an earlier row of the same table comes after it.
    key: Vec<String>,
    /// Columns numbered by an identity sequence, set past the copied ids.
    identities: Vec<String>,
}

/// Copies the SQLite database at `from` (brought up to this release's
/// schema first, as serving it would) into the PostgreSQL database at
/// `to`, which must be empty.
pub async fn sqlite_to_postgres(from: &str, to: &str) -> Result<TransferReport, TransferError> {
    // Opening the source migrates it to this release; then it is read
    // through a connection of its own, in one read transaction (a snapshot).
    SqliteStore::open_existing(from).await?.close().await;
    let source = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::from_str(from)?.read_only(true))
        .await?;
    let target = PgPool::connect(to).await?;
    let moved = copy(&source, &target).await;
    source.close().await;
    target.close().await;
    moved
}

async fn copy(source: &SqlitePool, target: &PgPool) -> Result<TransferReport, TransferError> {
    prepare_target(target).await?;
    let tables = target_tables(target).await?;
    check_source_tables(source, &tables).await?;
    let mut report = TransferReport::default();
    let mut read = source.acquire().await?;
    let mut read = read.begin().await?;
    // The write turn of every instance on the target: none writes between.
    let mut write = crate::postgres::begin_write(target).await?;
    for table in &tables {
        let rows = copy_table(&mut read, &mut write, table).await?;
        for column in &table.identities {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{column}'), \
                 COALESCE(MAX(\"{column}\"), 0) + 1, false) FROM \"{t}\"",
                t = table.name
            ))
            .execute(&mut *write)
            .await?;
        }
        report.tables.insert(table.name.clone(), rows);
    }
    write.commit().await?;
    read.rollback().await?;
    Ok(report)
}

/// Brings an empty target to this release's schema; refuses one with
/// rows, with tables not KyHop's, or at another schema version.
async fn prepare_target(target: &PgPool) -> Result<(), TransferError> {
    let ours: Vec<i64> = PG_MIGRATOR.iter().map(|m| m.version).collect();
    let has_schema: bool =
        sqlx::query_scalar("SELECT to_regclass('public._sqlx_migrations') IS NOT NULL")
            .fetch_one(target)
            .await?;
    if has_schema {
        let has: Vec<i64> = sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(target)
        .await?;
        if has != ours {
            return Err(TransferError::TargetOtherVersion {
                has: versions(&has),
                ours: versions(&ours),
            });
        }
    } else {
        let tables = public_tables(target).await?;
        if !tables.is_empty() {
            return Err(TransferError::TargetForeign {
                tables: tables.join(", "),
            });
        }
        PG_MIGRATOR
            .run(target)
            .await
            .map_err(|e| crate::migration_error(e, &PG_MIGRATOR))?;
    }
    for table in public_tables(target).await? {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(target)
            .await?;
        if rows > 0 {
            return Err(TransferError::TargetNotEmpty { table, rows });
        }
    }
    Ok(())
}

fn versions(list: &[i64]) -> String {
    let list: Vec<String> = list.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(", "))
}

/// The tables of the target's public schema but sqlx's bookkeeping.
async fn public_tables(target: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public' \
         AND tablename <> '_sqlx_migrations' ORDER BY tablename",
    )
    .fetch_all(target)
    .await
}

/// The target's tables, each after every table it refers to.
async fn target_tables(target: &PgPool) -> Result<Vec<Table>, TransferError> {
    let names = public_tables(target).await?;
    let references: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(c.conrelid::regclass AS TEXT), CAST(c.confrelid::regclass AS TEXT) \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE c.contype = 'f' AND n.nspname = 'public'",
    )
    .fetch_all(target)
    .await?;
    let mut tables = Vec::new();
    for name in dependency_order(&names, &references)? {
        let columns = sqlx::query_scalar(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' \
             ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(target)
        .await?;
        let identities = sqlx::query_scalar(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 AND is_identity = 'YES'",
        )
        .bind(&name)
        .fetch_all(target)
        .await?;
        let key = sqlx::query_scalar(
            "SELECT CAST(a.attname AS TEXT) FROM pg_index i \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = CAST($1 AS regclass) AND i.indisprimary \
             ORDER BY array_position(i.indkey, a.attnum)",
        )
        .bind(&name)
        .fetch_all(target)
        .await?;
        tables.push(Table {
            name,
            columns,
            key,
            identities,
        });
    }
    Ok(tables)
}

/// `names` ordered so that each comes after the tables it refers to
/// (`references`: referring, referred); a table referring to itself is
/// ordered by its key instead.
fn dependency_order(
    names: &[String],
    references: &[(String, String)],
) -> Result<Vec<String>, TransferError> {
    let mut left: BTreeSet<&String> = names.iter().collect();
    let mut ordered = Vec::new();
    while !left.is_empty() {
        let ready: Vec<&String> = left
            .iter()
            .copied()
            .filter(|t| {
                references
                    .iter()
                    .all(|(from, to)| from != *t || to == *t || !left.contains(to))
            })
            .collect();
        if ready.is_empty() {
            return Err(TransferError::SchemaMismatch {
                table: left
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                difference: "these tables refer to each other in a cycle".into(),
            });
        }
        for t in ready {
            left.remove(t);
            ordered.push(t.clone());
        }
    }
    Ok(ordered)
}

/// Every table of the source is one of the target's, with the same
/// columns (but the full-text index's own shadow tables).
async fn check_source_tables(source: &SqlitePool, tables: &[Table]) -> Result<(), TransferError> {
    let source_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' AND name NOT LIKE 'page_search_%' ORDER BY name",
    )
    .fetch_all(source)
    .await?;
    let known: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    if let Some(extra) = source_tables.iter().find(|t| !known.contains(t.as_str())) {
        return Err(TransferError::SchemaMismatch {
            table: extra.clone(),
            difference: "only in the source".into(),
        });
    }
    for table in tables {
        let columns: BTreeSet<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(&table.name)
                .fetch_all(source)
                .await?
                .into_iter()
                .collect();
        let wanted: BTreeSet<String> = table.columns.iter().cloned().collect();
        if columns != wanted {
            let only_source: Vec<_> = columns.difference(&wanted).cloned().collect();
            let only_target: Vec<_> = wanted.difference(&columns).cloned().collect();
            return Err(TransferError::SchemaMismatch {
                table: table.name.clone(),
                difference: format!(
                    "columns only in the source: [{}]; only in the target: [{}]",
                    only_source.join(", "),
                    only_target.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Copies one table's rows in batches; how many.
async fn copy_table(
    read: &mut sqlx::SqliteConnection,
    write: &mut sqlx::PgConnection,
    table: &Table,
) -> Result<i64, TransferError> {
    // SQLite writes each row as a JSON object; a blob as PostgreSQL's hex
    // text for bytea (JSON has no bytes).
    let fields: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            format!("'{c}', CASE typeof(\"{c}\") WHEN 'blob' THEN '\\x' || hex(\"{c}\") ELSE \"{c}\" END")
        })
        .collect();
    let order = if table.key.is_empty() {
        String::new()
    } else {
        let key: Vec<String> = table.key.iter().map(|c| format!("\"{c}\"")).collect();
        format!(" ORDER BY {}", key.join(", "))
    };
    let select = format!(
        "SELECT json_object({}) FROM \"{}\"{order}",
        fields.join(", "),
        table.name
    );
    let columns: Vec<String> = table.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let insert = format!(
        "INSERT INTO \"{t}\" ({c}) SELECT {c} FROM json_populate_recordset(NULL::\"{t}\", CAST($1 AS json))",
        t = table.name,
        c = columns.join(", ")
    );
    let mut rows = sqlx::query_scalar::<_, String>(&select).fetch(&mut *read);
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    let mut copied = 0;
    loop {
        let mut row = rows.try_next().await?;
        if table.name == SEARCH_INDEX {
            row = row.map(|r| folded_for_search(&r)).transpose()?;
        }
        let done = row.is_none();
        batch.extend(row);
        if batch.len() == BATCH_ROWS || (done && !batch.is_empty()) {
            let sent = sqlx::query(&insert)
                .bind(format!("[{}]", batch.join(",")))
                .execute(&mut *write)
                .await?;
            copied += i64::try_from(sent.rows_affected()).unwrap_or(i64::MAX);
            batch.clear();
        }
        if done {
            return Ok(copied);
        }
    }
}

/// A row of the search index with its text folded as PostgreSQL's index
/// keeps it.
fn folded_for_search(row: &str) -> Result<String, TransferError> {
    let mut row: serde_json::Value =
        serde_json::from_str(row).map_err(|e| TransferError::SchemaMismatch {
            table: SEARCH_INDEX.into(),
            difference: format!("a row SQLite wrote is not JSON: {e}"),
        })?;
    if let Some(text) = row.get_mut("text") {
        let folded = crate::postgres::index_text(text.as_str().unwrap_or_default());
        *text = serde_json::Value::String(folded);
    }
    Ok(row.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn refs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn referred_tables_come_first_and_self_references_do_not_block() {
        let order = dependency_order(
            &names(&["votes", "polls", "people", "councils"]),
            &refs(&[
                ("votes", "polls"),
                ("votes", "people"),
                ("polls", "councils"),
                ("people", "councils"),
                ("people", "people"),
            ]),
        )
        .unwrap();
        let at = |t: &str| order.iter().position(|o| o == t).unwrap();
        assert!(at("councils") < at("polls") && at("councils") < at("people"));
        assert!(at("polls") < at("votes") && at("people") < at("votes"));
    }

    #[test]
    fn a_cycle_is_refused_not_looped() {
        let e = dependency_order(&names(&["a", "b"]), &refs(&[("a", "b"), ("b", "a")]));
        assert!(matches!(e, Err(TransferError::SchemaMismatch { .. })));
    }
}
