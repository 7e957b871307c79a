//! Search over 50,000 pages of Vietnamese text.
//!
//! `cargo bench --bench search [-- --pages 50000 --queries 2000]`
//!
//! Builds a real SQLite store in a temporary directory with 200 documents
//! whose pages (250 words each) are drawn by Zipf's law from common words of
//! council business followed by 6,000 Vietnamese-looking two-syllable words,
//! then times the same searches through both engines, one after the other:
//! the store's own (FTS5, `unicode61 remove_diacritics 2`, bm25 ranking)
//! and the Tantivy index the server puts in front of it (`kyhop-search`),
//! snippets included: one to three words from the 3,000 most frequent,
//! half typed without diacritics. The last line is JSON; `fts_…` figures
//! are the store's, `index_…` the index's, `p99_ratio` the store's p99 over
//! the index's; `index_filtered_p99_ms` the index's for a reader who may
//! not see one of the documents.

use std::time::Instant;

use kyhop_domain::PageText;
use kyhop_domain::{CouncilSettings, DocumentKind, NewDocument, NewSession, NewTerm, SessionKind};
use kyhop_store::prelude::*;
use kyhop_store::{AccountRecord, NewVersion, PageSearch};
use kyhop_store_sql::SqliteStore;
use serde_json::json;

mod support;
use support::arg;
use support::corpus::{strip_diacritics, vocabulary, zipf, Lcg};

fn main() -> anyhow::Result<()> {
    let pages_total = arg("--pages", 50_000);
    let queries = arg("--queries", 2_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(
            SqliteStore::open(&format!(
                "sqlite://{}",
                dir.path().join("bench.db").display()
            ))
            .await?,
        );
        let admin = store
            .create_account(
                None,
                AccountRecord {
                    username: "admin".into(),
                    display_name: "Admin".into(),
                    role: kyhop_domain::Role::Admin,
                    council_id: None,
                    person_id: None,
                    password_hash: None,
                    must_change_password: false,
                },
            )
            .await?
            .id;
        let council = store
            .create_council(
                admin,
                "HĐND đo tìm kiếm".into(),
                CouncilSettings::defaults("Hà Nội".into(), 50),
            )
            .await?;
        let term = store
            .create_term(
                admin,
                council.id,
                NewTerm {
                    name: "2026".into(),
                    start_year: 2026,
                    end_year: 2031,
                },
            )
            .await?;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
        let session = store
            .create_session(
                admin,
                council.id,
                NewSession {
                    term_id: term.id,
                    number: 1,
                    kind: SessionKind::Regular,
                    title: "Kỳ họp".into(),
                    place: "Hội trường".into(),
                    planned_start: date,
                    planned_end: date,
                },
            )
            .await?;
        let mut rng = Lcg(2026);
        let vocabulary = vocabulary();
        let weights = zipf(vocabulary.len());
        let documents = 200;
        let per_doc = pages_total.div_ceil(documents);
        let started = Instant::now();
        let mut indexed = 0;
        for d in 0..documents {
            let pages: Vec<PageText> = (1..=per_doc as u32)
                .map(|page| {
                    let text: Vec<&str> = (0..250)
                        .map(|_| vocabulary[rng.weighted(&weights)].as_str())
                        .collect();
                    PageText {
                        page,
                        text: text.join(" "),
                        scanned: false,
                    }
                })
                .collect();
            indexed += pages.len();
            let new = NewDocument {
                title: format!("Tài liệu {d}"),
                number: String::new(),
                kind: DocumentKind::Report,
                agenda_item_id: None,
                confidentiality: kyhop_domain::Confidentiality::Delegates,
                audience: Vec::new(),
            };
            let version = NewVersion {
                sha256: format!("{d:064}"),
                byte_size: 1,
                file_name: "x.pdf".into(),
                pages,
                recognition: None,
            };
            store
                .create_document(admin, session.id, new, version)
                .await?;
        }
        let index_s = started.elapsed().as_secs_f64();
        let among: Vec<i64> = store
            .documents(session.id)
            .await?
            .iter()
            .map(|d| d.id)
            .collect();
        let started = Instant::now();
        let index = kyhop_search::PageIndex::open(&dir.path().join("index"), store.clone())?;
        index.follow_all().await?;
        let index_build_s = started.elapsed().as_secs_f64();
        let engines: [std::sync::Arc<dyn PageSearch>; 2] = [store.clone(), index];
        // A reader who may not see one document (a draft, a confidential
        // one): the index filters by document instead of skipping blocks.
        let among_but_one = &among[1..];
        let mut filtered = Vec::with_capacity(queries);
        let mut latencies = [Vec::with_capacity(queries), Vec::with_capacity(queries)];
        let mut hits_total = [0, 0];
        for i in 0..queries {
            let n = 1 + rng.next(3);
            // What people search for: the council's words and rarer terms alike.
            let mut q: Vec<String> = (0..n)
                .map(|_| vocabulary[rng.next(vocabulary.len().min(3_000))].clone())
                .collect();
            if i % 2 == 1 {
                q = q.iter().map(|w| strip_diacritics(w)).collect();
            }
            let query = q.join(" ");
            for (e, engine) in engines.iter().enumerate() {
                let t = Instant::now();
                let hits = engine.search(session.id, &query, &among, 20).await?;
                latencies[e].push(t.elapsed().as_secs_f64() * 1000.0);
                hits_total[e] += hits.len();
            }
            let t = Instant::now();
            engines[1]
                .search(session.id, &query, among_but_one, 20)
                .await?;
            filtered.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let pct = |latencies: &mut Vec<f64>, p: f64| {
            latencies.sort_by(f64::total_cmp);
            latencies[((p / 100.0) * (latencies.len() - 1) as f64).round() as usize]
        };
        let r2 = |x: f64| (x * 100.0).round() / 100.0;
        let [mut fts, mut idx] = latencies;
        let (fts_p50, fts_p99) = (pct(&mut fts, 50.0), pct(&mut fts, 99.0));
        let (index_p50, index_p99) = (pct(&mut idx, 50.0), pct(&mut idx, 99.0));
        let filtered_p99 = pct(&mut filtered, 99.0);
        println!(
            "{}",
            json!({
                "pages": indexed,
                "queries": queries,
                "index_seconds": r2(index_s),
                "index_build_seconds": r2(index_build_s),
                "search_p50_ms": r2(fts_p50),
                "search_p99_ms": r2(fts_p99),
                "fts_p50_ms": r2(fts_p50),
                "fts_p99_ms": r2(fts_p99),
                "index_p50_ms": r2(index_p50),
                "index_p99_ms": r2(index_p99),
                "index_filtered_p99_ms": r2(filtered_p99),
                "p99_ratio": r2(fts_p99 / index_p99),
                "fts_mean_hits": r2(hits_total[0] as f64 / queries as f64),
                "index_mean_hits": r2(hits_total[1] as f64 / queries as f64),
            })
        );
        Ok(())
    })
}
