//! The council's own seal and signature images: which PNG (by SHA-256)
//! stands for its seal and for each signer.

use sqlx::Row;

use super::councils::council_in;
use super::people::person_in;
use super::{rows, SqlStore};
use kyhop_domain::events::Stream;
use kyhop_domain::{SignatureImage, SignatureImageKind};
use kyhop_store::{NewSignatureImage, Result, StoreError};

fn image_of(row: &super::DbRow) -> Result<SignatureImage> {
    Ok(SignatureImage {
        kind: row.try_get::<String, _>("kind")?.parse()?,
        person_id: row.try_get("person_id")?,
        sha256: row.try_get("sha256")?,
        width: rows::int(row, "width")?,
        height: rows::int(row, "height")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

impl SqlStore {
    pub(super) async fn set_signature_image_impl(
        &self,
        actor: i64,
        council_id: i64,
        image: NewSignatureImage,
    ) -> Result<SignatureImage> {
        let mut tx = self.write(Some(actor)).await?;
        council_in(tx.conn(), council_id).await?;
        match (image.kind, image.person_id) {
            (SignatureImageKind::Seal, None) => {}
            (SignatureImageKind::Signature, Some(person)) => {
                if person_in(tx.conn(), person).await?.council_id != council_id {
                    return Err(StoreError::invalid_reference(
                        "person_id",
                        format!("no person {person} in this council"),
                    ));
                }
            }
            _ => {
                return Err(StoreError::invalid_reference(
                    "person_id",
                    "a signature is a person's; the seal is the council's",
                ))
            }
        }
        let now = tx.now_db();
        sqlx::query(
            "DELETE FROM signature_images WHERE council_id = $1 AND kind = $2 AND COALESCE(person_id, 0) = $3",
        )
        .bind(council_id)
        .bind(image.kind.as_str())
        .bind(image.person_id.unwrap_or(0))
        .execute(tx.conn())
        .await?;
        let row = sqlx::query(
            "INSERT INTO signature_images (council_id, kind, person_id, sha256, width, height, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(council_id)
        .bind(image.kind.as_str())
        .bind(image.person_id)
        .bind(&image.sha256)
        .bind(i64::from(image.width))
        .bind(i64::from(image.height))
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        let kept = image_of(&row)?;
        tx.emit(
            Stream::Council(council_id),
            "council.signature_image_set",
            &serde_json::json!({ "kind": kept.kind, "person_id": kept.person_id, "sha256": kept.sha256 }),
        )
        .await?;
        tx.commit().await?;
        Ok(kept)
    }

    pub(super) async fn signature_images_impl(
        &self,
        council_id: i64,
    ) -> Result<Vec<SignatureImage>> {
        sqlx::query(
            "SELECT * FROM signature_images WHERE council_id = $1 ORDER BY kind, COALESCE(person_id, 0)",
        )
        .bind(council_id)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(image_of)
        .collect()
    }

    pub(super) async fn remove_signature_image_impl(
        &self,
        actor: i64,
        council_id: i64,
        kind: SignatureImageKind,
        person_id: Option<i64>,
    ) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let removed = sqlx::query(
            "DELETE FROM signature_images WHERE council_id = $1 AND kind = $2 AND COALESCE(person_id, 0) = $3",
        )
        .bind(council_id)
        .bind(kind.as_str())
        .bind(person_id.unwrap_or(0))
        .execute(tx.conn())
        .await?
        .rows_affected();
        if removed == 0 {
            return Err(StoreError::NotFound("signature image"));
        }
        tx.emit(
            Stream::Council(council_id),
            "council.signature_image_removed",
            &serde_json::json!({ "kind": kind, "person_id": person_id }),
        )
        .await?;
        tx.commit().await
    }
}
