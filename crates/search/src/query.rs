//! From what a reader typed to the best pages: phrase matches first.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::collector::{FilterCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use kyhop_domain::search::IndexTerms;

use crate::pages::{Fields, StoredPage};

/// Which documents a search may show.
pub(crate) enum Among {
    /// Every document of the session in the index: no filter, so a query
    /// of one term keeps Tantivy's block-max WAND, which skips the blocks
    /// of pages that cannot reach the top.
    All,
    Only(Arc<HashSet<u64>>),
}

/// The best `limit` pages of `session` for the query's terms: first the
/// pages that have every pair of syllables the reader typed together (the
/// words as they meant them), then the pages that have every syllable.
/// Each tier is ranked by BM25.
pub(crate) fn best_pages(
    searcher: &Searcher,
    fields: &Fields,
    session: i64,
    query: &IndexTerms,
    among: &Among,
    limit: usize,
) -> tantivy::Result<Vec<StoredPage>> {
    let mut found: Vec<DocAddress> = Vec::new();
    for tier in [&query.pairs, &query.syllables] {
        if tier.is_empty() || found.len() >= limit {
            continue;
        }
        let every = all_of(fields, session, tier);
        // Room for the pages the earlier tier already holds.
        let wanted = limit + found.len();
        let hits = match among {
            Among::All => searcher.search(&every, &TopDocs::with_limit(wanted).order_by_score())?,
            Among::Only(allowed) => {
                let allowed = allowed.clone();
                let filtered = FilterCollector::new(
                    "document".to_owned(),
                    move |document: u64| allowed.contains(&document),
                    TopDocs::with_limit(wanted).order_by_score(),
                );
                searcher.search(&every, &filtered)?
            }
        };
        for (_, address) in hits {
            if found.len() < limit && !found.contains(&address) {
                found.push(address);
            }
        }
    }
    found
        .into_iter()
        .filter_map(|address| match searcher.doc::<TantivyDocument>(address) {
            Ok(doc) => fields.stored(&doc).map(Ok),
            Err(e) => Some(Err(e)),
        })
        .collect()
}

/// A query matching the pages that have every one of `terms`.
fn all_of(fields: &Fields, session: i64, terms: &[String]) -> Box<dyn Query> {
    let mut distinct: Vec<&String> = terms.iter().collect();
    distinct.sort();
    distinct.dedup();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = distinct
        .into_iter()
        .map(|t| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                fields.term(session, t),
                IndexRecordOption::WithFreqs,
            ));
            (Occur::Must, q)
        })
        .collect();
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}
