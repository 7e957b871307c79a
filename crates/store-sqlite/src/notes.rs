//! Private notes. They are the author's own data, not a change of the
//! session: they never enter the shared event log, where every member of
//! the council could read them.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use kyhop_domain::{NewNote, TextQuote};
use kyhop_store::{NoteScope, Result, StoreError, StoredNote};

const COLUMNS: &str =
    "n.id, n.document_id, n.kind, n.version, n.page, n.exact, n.prefix, n.suffix, n.body, \
    n.created_at, n.updated_at";

fn note(r: &SqliteRow) -> Result<StoredNote> {
    Ok(StoredNote {
        id: r.try_get("id")?,
        document_id: r.try_get("document_id")?,
        kind: r.try_get::<String, _>("kind")?.parse()?,
        version: r.try_get("version")?,
        page: r.try_get("page")?,
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

impl super::SqliteStore {
    async fn own_note(
        &self,
        conn: &mut sqlx::SqliteConnection,
        account: i64,
        id: i64,
    ) -> Result<StoredNote> {
        let sql = format!("SELECT {COLUMNS} FROM notes n WHERE n.id = ? AND n.account_id = ?");
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
        let now = tx.now_text();
        let id = sqlx::query(
            "INSERT INTO notes (document_id, account_id, kind, version, page, exact, prefix, suffix, body, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(document_id)
        .bind(account)
        .bind(new.kind.as_str())
        .bind(new.version)
        .bind(new.page)
        .bind(&new.quote.exact)
        .bind(&new.quote.prefix)
        .bind(&new.quote.suffix)
        .bind(&new.body)
        .bind(&now)
        .bind(&now)
        .execute(tx.conn())
        .await?
        .last_insert_rowid();
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
            NoteScope::Document(id) => ("n.document_id = ?", id),
            NoteScope::Session(id) => (
                "n.document_id IN (SELECT id FROM documents WHERE session_id = ?)",
                id,
            ),
            NoteScope::Note(id) => ("n.id = ?", id),
        };
        let sql = format!("SELECT {COLUMNS} FROM notes n WHERE n.account_id = ? AND {filter} ORDER BY n.document_id, n.page, n.id");
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
        let now = tx.now_text();
        sqlx::query("UPDATE notes SET body = ?, updated_at = ? WHERE id = ?")
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
        sqlx::query("DELETE FROM notes WHERE id = ?")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }
}
