//! Private notes. They are the author's own data, not a change of the
//! session: they never enter the shared event log, where every member of
//! the council could read them.

use super::{rows, Conn, DbRow};
use sqlx::Row;

use kyhop_domain::{NewNote, TextQuote};
use kyhop_store::{NoteScope, Result, StoreError, StoredNote};

const COLUMNS: &str =
    "n.id, n.document_id, n.kind, n.version, n.page, n.exact, n.prefix, n.suffix, n.body, \
    n.created_at, n.updated_at";

fn note(r: &DbRow) -> Result<StoredNote> {
    Ok(StoredNote {
        id: r.try_get("id")?,
        document_id: r.try_get("document_id")?,
        kind: r.try_get::<String, _>("kind")?.parse()?,
        version: rows::int(r, "version")?,
        page: rows::int(r, "page")?,
        quote: TextQuote {
            exact: r.try_get("exact")?,
            prefix: r.try_get("prefix")?,
            suffix: r.try_get("suffix")?,
        },
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl super::SqlStore {
    async fn own_note(&self, conn: &mut Conn, account: i64, id: i64) -> Result<StoredNote> {
        let sql = format!("SELECT {COLUMNS} FROM notes n WHERE n.id = $1 AND n.account_id = $2");
        match sqlx::query(&sql)
            .bind(id)
            .bind(account)
            .fetch_optional(conn)
            .await?
        {
            Some(row) => note(&row),
            None => Err(StoreError::NotFound("note")),
        }
    }

    pub(super) async fn create_note_impl(
        &self,
        account: i64,
        document_id: i64,
        new: NewNote,
    ) -> Result<StoredNote> {
        let mut tx = self.write(Some(account)).await?;
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO notes (document_id, account_id, kind, version, page, exact, prefix, suffix, body, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(document_id)
        .bind(account)
        .bind(new.kind.as_str())
        .bind(i64::from(new.version))
        .bind(i64::from(new.page))
        .bind(&new.quote.exact)
        .bind(&new.quote.prefix)
        .bind(&new.quote.suffix)
        .bind(&new.body)
        .bind(&now)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        let stored = self.own_note(tx.conn(), account, id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    pub(super) async fn notes_impl(
        &self,
        account: i64,
        scope: NoteScope,
    ) -> Result<Vec<StoredNote>> {
        let (filter, key) = match scope {
            NoteScope::Document(id) => ("n.document_id = $2", id),
            NoteScope::Session(id) => (
                "n.document_id IN (SELECT id FROM documents WHERE session_id = $2)",
                id,
            ),
            NoteScope::Note(id) => ("n.id = $2", id),
        };
        let sql = format!("SELECT {COLUMNS} FROM notes n WHERE n.account_id = $1 AND {filter} ORDER BY n.document_id, n.page, n.id");
        sqlx::query(&sql)
            .bind(account)
            .bind(key)
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(note)
            .collect()
    }

    pub(super) async fn update_note_impl(
        &self,
        account: i64,
        id: i64,
        body: String,
    ) -> Result<StoredNote> {
        let mut tx = self.write(Some(account)).await?;
        self.own_note(tx.conn(), account, id).await?;
        let now = tx.now_db();
        sqlx::query("UPDATE notes SET body = $1, updated_at = $2 WHERE id = $3")
            .bind(&body)
            .bind(&now)
            .bind(id)
            .execute(tx.conn())
            .await?;
        let stored = self.own_note(tx.conn(), account, id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    pub(super) async fn delete_note_impl(&self, account: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(account)).await?;
        self.own_note(tx.conn(), account, id).await?;
        sqlx::query("DELETE FROM notes WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }
}
