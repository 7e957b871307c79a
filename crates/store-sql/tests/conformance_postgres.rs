//! The store conformance suite on PostgreSQL: a fresh database in a
//! throwaway cluster for each case.

use kyhop_store::conformance::Fresh;
use kyhop_store_sql::PgStore;

async fn fresh_store() -> Fresh {
    let url = kyhop_test_postgres::fresh_database();
    let store = PgStore::open(&url).await.expect("a fresh PostgreSQL store");
    (store, Box::new(()))
}

kyhop_store::conformance_suite!(fresh_store());
