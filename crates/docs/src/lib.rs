//! KyHop's documents: reading untrusted PDFs (in a bounded child process),
//! the resolution and minutes layouts (Nghị định 30/2020/NĐ-CP), PAdES
//! signatures and their verification, and the content-addressed blob store.
//! Library code: no HTTP, no database.
#![forbid(unsafe_code)]

pub mod blobs;
pub mod child;
pub mod images;
pub mod minutes;
pub mod ocr;
pub mod pdf;
pub mod sign;
