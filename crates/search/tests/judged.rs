//! Search quality on a judged set (`tests/fixtures/search_judged.json`):
//! twenty queries with the pages a reader typing them wants, over council
//! documents, the text fixtures and generated pages around them. The
//! index's precision must not fall below what the set records, nor below
//! the store's own full-text search on the same pages.

use std::sync::Arc;

use serde::Deserialize;

use kyhop_search::PageIndex;
use kyhop_store::conformance::Chamber;
use kyhop_store::PageSearch;

mod support;
use support::{sqlite, upload};

#[allow(dead_code)]
#[path = "../../../benches/support/corpus.rs"]
mod corpus;

#[derive(Deserialize)]
struct Judged {
    documents: Vec<JudgedDocument>,
    fixtures: Vec<String>,
    queries: Vec<JudgedQuery>,
    recorded: Recorded,
}

#[derive(Deserialize)]
struct JudgedDocument {
    title: String,
    pages: Vec<String>,
}

#[derive(Deserialize)]
struct JudgedQuery {
    q: String,
    /// [document, page], from 1.
    relevant: Vec<(usize, u32)>,
}

/// The index's figures when the set was last judged.
#[derive(Deserialize)]
struct Recorded {
    precision_at_5: f64,
    precision_at_1: f64,
}

/// Generated pages around the judged ones: the generated vocabulary's
/// syllable pairs, and one word in four a syllable of some query, alone.
/// Such pages have every syllable of many queries and none of their words,
/// as long Vietnamese documents do; a reader wants none of them.
const FILLER_DOCUMENTS: usize = 4;
const FILLER_PAGES: usize = 50;
const FILLER_WORDS: usize = 200;

#[tokio::test]
async fn the_index_finds_what_readers_want_at_least_as_well_as_the_store() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    let judged: Judged = serde_json::from_str(
        &std::fs::read_to_string(format!("{fixtures}/search_judged.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path()).await;
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;

    let mut documents: Vec<(String, Vec<String>)> = judged
        .documents
        .iter()
        .map(|d| (d.title.clone(), d.pages.clone()))
        .collect();
    for name in &judged.fixtures {
        let text = std::fs::read_to_string(format!("{fixtures}/{name}")).unwrap();
        documents.push((name.clone(), vec![text]));
    }
    let mut ids = Vec::new();
    for (title, pages) in &documents {
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        ids.push(upload(&chamber, title, &pages).await.id);
    }
    let vocabulary = corpus::vocabulary();
    let others = &vocabulary[vocabulary.len() - 6_000..];
    let scattered: Vec<&str> = judged
        .queries
        .iter()
        .flat_map(|q| q.q.split_whitespace())
        .collect();
    let mut rng = corpus::Lcg(2026);
    for d in 0..FILLER_DOCUMENTS {
        let pages: Vec<String> = (0..FILLER_PAGES)
            .map(|_| {
                let words: Vec<&str> = (0..FILLER_WORDS)
                    .map(|_| match rng.next(4) {
                        0 => scattered[rng.next(scattered.len())],
                        _ => others[rng.next(others.len())].as_str(),
                    })
                    .collect();
                words.join(" ")
            })
            .collect();
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        upload(&chamber, &format!("Phụ lục {d}"), &pages).await;
    }
    let documents = store.documents(session).await.unwrap();
    let among: Vec<i64> = documents.iter().map(|d| d.id).collect();

    let index = PageIndex::open(&dir.path().join("index"), store.clone()).unwrap();
    let engines: [(&str, Arc<dyn PageSearch>); 2] = [("store", store.clone()), ("index", index)];
    let mut figures = Vec::new();
    for (name, engine) in &engines {
        let (mut at_5, mut at_1) = (0.0, 0.0);
        for query in &judged.queries {
            let hits = engine.search(session, &query.q, &among, 5).await.unwrap();
            let relevant = |h: &kyhop_domain::SearchHit| {
                query
                    .relevant
                    .iter()
                    .any(|&(d, p)| ids[d - 1] == h.document_id && p == h.page)
            };
            let found = hits.iter().filter(|h| relevant(h)).count();
            // Of the five shown, or of all the relevant pages when there
            // are fewer: a perfect answer scores 1.
            at_5 += found as f64 / query.relevant.len().min(5) as f64;
            at_1 += f64::from(u8::from(hits.first().is_some_and(relevant)));
            println!(
                "{name} {:?}: {found}/{} in the top 5, first {}",
                query.q,
                query.relevant.len(),
                hits.first().is_some_and(relevant)
            );
        }
        let n = judged.queries.len() as f64;
        figures.push((at_5 / n, at_1 / n));
    }
    let [(store_5, store_1), (index_5, index_1)] = [figures[0], figures[1]];
    println!(
        "{}",
        serde_json::json!({
            "store_precision_at_5": store_5, "store_precision_at_1": store_1,
            "index_precision_at_5": index_5, "index_precision_at_1": index_1,
        })
    );
    assert!(
        index_5 >= judged.recorded.precision_at_5 && index_1 >= judged.recorded.precision_at_1,
        "the index's precision fell below the recorded figures"
    );
    assert!(
        index_5 >= store_5 && index_1 >= store_1,
        "the index finds less than the store"
    );
}
