use async_trait::async_trait;
use sqlx::Row;

use super::people::check_seats_in;
use super::rows::{self, fetch_all, fetch_one, COUNCIL_COLUMNS};
use super::{Conn, Db, SqlStore};
use kyhop_domain::events::Stream;
use kyhop_domain::{Council, CouncilSettings, NewTerm, Term};
use kyhop_store::{CouncilStore, Edit, Result};

fn bind_settings<'q>(
    q: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    s: &'q CouncilSettings,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    q.bind(&s.place_name)
        .bind(i64::from(s.total_seats))
        .bind(&s.yes_label)
        .bind(&s.no_label)
        .bind(&s.abstain_label)
        .bind(s.majority.base.as_str())
        .bind(i64::from(s.majority.fraction.numerator))
        .bind(i64::from(s.majority.fraction.denominator))
        .bind(s.majority.strict)
        .bind(i64::from(s.quorum.numerator))
        .bind(i64::from(s.quorum.denominator))
        .bind(i64::from(s.lead_time_days))
        .bind(i64::from(s.speech_limit_seconds))
        .bind(s.first_speakers_first)
        .bind(s.below_quorum.as_str())
        .bind(s.long_term_signatures)
}

/// One council, read inside `conn`'s transaction.
pub(super) async fn council_in(conn: &mut Conn, id: i64) -> Result<Council> {
    let sql = format!("SELECT {COUNCIL_COLUMNS} FROM councils WHERE id = $1");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::council, "council")
}

#[async_trait]
impl CouncilStore for SqlStore {
    async fn create_council(
        &self,
        actor: i64,
        name: String,
        settings: CouncilSettings,
    ) -> Result<Council> {
        let mut tx = self.write(Some(actor)).await?;
        let now = tx.now_db();
        let q = sqlx::query(
            "INSERT INTO councils (name, place_name, total_seats, yes_label, no_label, abstain_label,
                majority_base, majority_numerator, majority_denominator, majority_strict,
                quorum_numerator, quorum_denominator, lead_time_days, speech_limit_seconds,
                first_speakers_first, below_quorum, long_term_signatures, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        )
        .bind(&name);
        let id: i64 = bind_settings(q, &settings)
            .bind(&now)
            .fetch_one(tx.conn())
            .await?
            .try_get("id")?;
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
            "UPDATE councils SET place_name = $1, total_seats = $2, yes_label = $3, no_label = $4,
                abstain_label = $5, majority_base = $6, majority_numerator = $7, majority_denominator = $8,
                majority_strict = $9, quorum_numerator = $10, quorum_denominator = $11, lead_time_days = $12,
                speech_limit_seconds = $13, first_speakers_first = $14, below_quorum = $15,
                long_term_signatures = $16, name = $17
             WHERE id = $18",
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
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO terms (council_id, name, start_year, end_year) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(council_id)
        .bind(&new.name)
        .bind(new.start_year)
        .bind(new.end_year)
        .fetch_one(tx.conn())
        .await?;
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
            sqlx::query("SELECT * FROM terms WHERE council_id = $1 ORDER BY start_year, id")
                .bind(council_id),
            &self.reader,
            rows::term
        )
    }

    async fn term(&self, id: i64) -> Result<Term> {
        fetch_one!(
            sqlx::query("SELECT * FROM terms WHERE id = $1").bind(id),
            &self.reader,
            rows::term,
            "term"
        )
    }

    async fn update_term(&self, actor: i64, id: i64, edit: Edit<Term>) -> Result<Term> {
        let mut tx = self.write(Some(actor)).await?;
        let current = fetch_one!(
            sqlx::query("SELECT * FROM terms WHERE id = $1").bind(id),
            tx.conn(),
            rows::term,
            "term"
        )?;
        let term = edit(&current)?;
        sqlx::query("UPDATE terms SET name = $1, start_year = $2, end_year = $3 WHERE id = $4")
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
            sqlx::query("SELECT * FROM terms WHERE id = $1").bind(id),
            tx.conn(),
            rows::term,
            "term"
        )?;
        tx.delete("terms", id, Stream::Council(term.council_id), "term")
            .await?;
        tx.commit().await
    }

    async fn set_signature_image(
        &self,
        actor: i64,
        council_id: i64,
        image: kyhop_store::NewSignatureImage,
    ) -> Result<kyhop_domain::SignatureImage> {
        self.set_signature_image_impl(actor, council_id, image)
            .await
    }

    async fn signature_images(&self, council_id: i64) -> Result<Vec<kyhop_domain::SignatureImage>> {
        self.signature_images_impl(council_id).await
    }

    async fn remove_signature_image(
        &self,
        actor: i64,
        council_id: i64,
        kind: kyhop_domain::SignatureImageKind,
        person_id: Option<i64>,
    ) -> Result<()> {
        self.remove_signature_image_impl(actor, council_id, kind, person_id)
            .await
    }
}
