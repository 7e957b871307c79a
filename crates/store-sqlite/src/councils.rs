use async_trait::async_trait;

use super::people::check_seats_in;
use super::rows::{self, fetch_all, fetch_one, COUNCIL_COLUMNS};
use super::SqliteStore;
use kyhop_domain::events::Stream;
use kyhop_domain::{Council, CouncilSettings, NewTerm, Term};
use kyhop_store::{CouncilStore, Edit, Result};

fn bind_settings<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    s: &'q CouncilSettings,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    q.bind(&s.place_name)
        .bind(s.total_seats)
        .bind(&s.yes_label)
        .bind(&s.no_label)
        .bind(&s.abstain_label)
        .bind(s.majority.base.as_str())
        .bind(s.majority.fraction.numerator)
        .bind(s.majority.fraction.denominator)
        .bind(s.majority.strict)
        .bind(s.quorum.numerator)
        .bind(s.quorum.denominator)
        .bind(s.lead_time_days)
        .bind(s.speech_limit_seconds)
        .bind(s.first_speakers_first)
        .bind(s.below_quorum.as_str())
}

/// One council, read inside `conn`'s transaction.
pub(super) async fn council_in(conn: &mut sqlx::SqliteConnection, id: i64) -> Result<Council> {
    let sql = format!("SELECT {COUNCIL_COLUMNS} FROM councils WHERE id = ?");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::council, "council")
}

#[async_trait]
impl CouncilStore for SqliteStore {
    async fn create_council(
        &self,
        actor: i64,
        name: String,
        settings: CouncilSettings,
    ) -> Result<Council> {
        let mut tx = self.write(Some(actor)).await?;
        let now = tx.now_text();
        let q = sqlx::query(
            "INSERT INTO councils (name, place_name, total_seats, yes_label, no_label, abstain_label,
                majority_base, majority_numerator, majority_denominator, majority_strict,
                quorum_numerator, quorum_denominator, lead_time_days, speech_limit_seconds,
                first_speakers_first, below_quorum, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&name);
        let id = bind_settings(q, &settings)
            .bind(&now)
            .execute(tx.conn())
            .await?
            .last_insert_rowid();
        let council = Council {
            id,
            name,
            created_at: tx.now,
            settings,
        };
        tx.emit(Stream::Council(id), "council.created", &council)
            .await?;
        tx.commit().await?;
        Ok(council)
    }

    async fn councils(&self) -> Result<Vec<Council>> {
        let sql = format!("SELECT {COUNCIL_COLUMNS} FROM councils ORDER BY id");
        fetch_all!(sqlx::query(&sql), &self.reader, rows::council)
    }

    async fn council(&self, id: i64) -> Result<Council> {
        council_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn update_council(&self, actor: i64, id: i64, edit: Edit<Council>) -> Result<Council> {
        let mut tx = self.write(Some(actor)).await?;
        let current = council_in(tx.conn(), id).await?;
        let council = edit(&current)?;
        check_seats_in(tx.conn(), id, council.settings.total_seats).await?;
        let q = sqlx::query(
            "UPDATE councils SET place_name = ?, total_seats = ?, yes_label = ?, no_label = ?,
                abstain_label = ?, majority_base = ?, majority_numerator = ?, majority_denominator = ?,
                majority_strict = ?, quorum_numerator = ?, quorum_denominator = ?, lead_time_days = ?,
                speech_limit_seconds = ?, first_speakers_first = ?, below_quorum = ?, name = ?
             WHERE id = ?",
        );
        bind_settings(q, &council.settings)
            .bind(&council.name)
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.emit(Stream::Council(id), "council.updated", &council)
            .await?;
        tx.commit().await?;
        Ok(council)
    }

    async fn delete_council(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        tx.delete("councils", id, Stream::Council(id), "council")
            .await?;
        tx.commit().await
    }

    async fn create_term(&self, actor: i64, council_id: i64, new: NewTerm) -> Result<Term> {
        let mut tx = self.write(Some(actor)).await?;
        let id = sqlx::query(
            "INSERT INTO terms (council_id, name, start_year, end_year) VALUES (?, ?, ?, ?)",
        )
        .bind(council_id)
        .bind(&new.name)
        .bind(new.start_year)
        .bind(new.end_year)
        .execute(tx.conn())
        .await?
        .last_insert_rowid();
        let term = Term {
            id,
            council_id,
            name: new.name,
            start_year: new.start_year,
            end_year: new.end_year,
        };
        tx.emit(Stream::Council(council_id), "term.created", &term)
            .await?;
        tx.commit().await?;
        Ok(term)
    }

    async fn terms(&self, council_id: i64) -> Result<Vec<Term>> {
        fetch_all!(
            sqlx::query("SELECT * FROM terms WHERE council_id = ? ORDER BY start_year, id")
                .bind(council_id),
            &self.reader,
            rows::term
        )
    }

    async fn term(&self, id: i64) -> Result<Term> {
        fetch_one!(
            sqlx::query("SELECT * FROM terms WHERE id = ?").bind(id),
            &self.reader,
            rows::term,
            "term"
        )
    }

    async fn update_term(&self, actor: i64, id: i64, edit: Edit<Term>) -> Result<Term> {
        let mut tx = self.write(Some(actor)).await?;
        let current = fetch_one!(
            sqlx::query("SELECT * FROM terms WHERE id = ?").bind(id),
            tx.conn(),
            rows::term,
            "term"
        )?;
        let term = edit(&current)?;
        sqlx::query("UPDATE terms SET name = ?, start_year = ?, end_year = ? WHERE id = ?")
            .bind(&term.name)
            .bind(term.start_year)
            .bind(term.end_year)
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.emit(Stream::Council(term.council_id), "term.updated", &term)
            .await?;
        tx.commit().await?;
        Ok(term)
    }

    async fn delete_term(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let term = fetch_one!(
            sqlx::query("SELECT * FROM terms WHERE id = ?").bind(id),
            tx.conn(),
            rows::term,
            "term"
        )?;
        tx.delete("terms", id, Stream::Council(term.council_id), "term")
            .await?;
        tx.commit().await
    }
}
