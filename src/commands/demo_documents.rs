//! The demo's documents: a report, two submissions, a review report and a
//! draft resolution (`assets/demo/documents.json`, written for this
//! project), typeset at the demo's first start in the council papers'
//! typography, then read and filed exactly as an upload is — the bounded
//! PDF reader, the blob store, the description proposed from the first
//! page — and published on their agenda items, so that a newcomer can read,
//! annotate and search without making PDFs first.

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use kyhop_docs::blobs::BlobStore;
use kyhop_docs::child::PdfChildren;
use kyhop_docs::minutes::{paper_pdf, Block, Paper};
use kyhop_domain::{date_line, propose, Confidentiality, UploadDescription};
use kyhop_server::services::filing::store_version;
use kyhop_store::Store;

const DOCUMENTS: &str = include_str!("../../assets/demo/documents.json");

#[derive(Deserialize)]
struct DemoDocument {
    agenda_item: String,
    file_name: String,
    issuer: String,
    number: String,
    heading: String,
    summary: String,
    audience: Confidentiality,
    body: Vec<Part>,
    sign_lines: Vec<String>,
    signer_name: String,
}

/// A paragraph, or a line set apart.
#[derive(Deserialize)]
#[serde(untagged)]
enum Part {
    Paragraph(String),
    Heading { heading: String },
    Line { line: String },
}

impl DemoDocument {
    fn paper(&self, place_name: &str, date: chrono::NaiveDate) -> Paper {
        let mut blocks = vec![
            Block::Title(self.heading.clone()),
            Block::Subtitle(self.summary.clone()),
        ];
        blocks.extend(self.body.iter().map(|part| match part {
            Part::Paragraph(text) => Block::Text(text.clone()),
            Part::Heading { heading } => Block::Heading(heading.clone()),
            Part::Line { line } => Block::Line(line.clone()),
        }));
        Paper {
            pdf_title: self.summary.clone(),
            issuer: self.issuer.clone(),
            number_line: format!("Số: {}", self.number),
            date_line: date_line(place_name, date),
            blocks,
            sign_lines: self.sign_lines.clone(),
            signer_name: Some(self.signer_name.clone()),
        }
    }
}

/// Typesets, files and publishes the demo's documents in `session_id`, as
/// `actor` (the secretary), unless the session has documents already;
/// `kyhop` reads them.
pub async fn publish(
    store: &dyn Store,
    data_dir: &Path,
    kyhop: &Path,
    actor: i64,
    session_id: i64,
    place_name: &str,
) -> anyhow::Result<()> {
    if !store.documents(session_id).await?.is_empty() {
        return Ok(());
    }
    let documents: Vec<DemoDocument> =
        serde_json::from_str(DOCUMENTS).context("reading the demo documents")?;
    let agenda = store.agenda(session_id).await?;
    let blobs = BlobStore::open(data_dir.join("blobs")).await?;
    let children = PdfChildren::per_core(kyhop.to_path_buf());
    let today = kyhop_domain::vi::vietnam_date(chrono::Utc::now());
    let mut ids = Vec::new();
    for doc in &documents {
        let item = agenda
            .iter()
            .find(|i| i.title == doc.agenda_item)
            .with_context(|| format!("no agenda item {:?} in the demo", doc.agenda_item))?;
        let pdf = paper_pdf(&doc.paper(place_name, today));
        let mut incoming = blobs.incoming().await?;
        incoming.write(&pdf).await?;
        let received = incoming.finish().await?;
        let description = UploadDescription {
            agenda_item_id: Some(item.id),
            confidentiality: doc.audience,
            ..UploadDescription::default()
        };
        let filed = store_version(
            &blobs,
            &children,
            received,
            doc.file_name.clone(),
            |version| {
                let first_page = version.pages.first().map_or("", |p| p.text.as_str());
                let meta = description.completed(&propose(first_page, &doc.file_name));
                store.create_document(actor, session_id, meta, version)
            },
        )
        .await
        .with_context(|| format!("filing the demo document {}", doc.file_name))?;
        ids.push(filed.id);
    }
    store.publish(actor, session_id, &ids).await?;
    Ok(())
}
