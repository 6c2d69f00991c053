//! Where file contents are kept. Everything else reaches them through [`BlobStore`], so an
//! object store could take the database's place without the rest changing; the one
//! implementation, [`DatabaseBlobs`], keeps them in the `blobs` table, so that one backup
//! of the database holds every file and any server can answer for any of them.
//!
//! Contents are addressed by their SHA-256: a [`Blob`] is made from bytes and carries
//! their hash, so a key never names other bytes than its own.

use crate::limit::LimitInText;
use crate::{now, schema::blobs, DbConnection, StoreError};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

/// Bytes and the SHA-256 that keys them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    sha256: String,
    bytes: Vec<u8>,
}

impl Blob {
    /// Hashes `bytes`: work for a request's own thread, before the write that keeps them.
    pub fn new(bytes: Vec<u8>) -> Blob {
        Blob { sha256: hex(&Sha256::digest(&bytes)), bytes }
    }

    /// The lower-case hex SHA-256 of the bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A store of contents by hash.
pub trait BlobStore {
    /// Keeps the blob; a content already kept is left as it is, so each is stored once.
    fn put(&mut self, blob: &Blob) -> Result<(), StoreError>;
    /// The bytes kept under `sha256`, if any.
    fn get(&mut self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Forgets the content under `sha256`; the caller knows nothing refers to it any more.
    fn remove(&mut self, sha256: &str) -> Result<(), StoreError>;
}

/// Contents in the `blobs` table, written in the transaction of the write that needs them.
pub struct DatabaseBlobs<'c>(pub &'c mut DbConnection);

impl BlobStore for DatabaseBlobs<'_> {
    fn put(&mut self, blob: &Blob) -> Result<(), StoreError> {
        // Looked up before the insert rather than inserted on conflict: on PostgreSQL a
        // concurrent upload of the same content then ends in a serialization failure,
        // which the write runs again and which then finds the row.
        let kept: i64 = blobs::table.find(blob.sha256()).count().get_result(self.0)?;
        if kept == 0 {
            diesel::insert_into(blobs::table)
                .values((
                    blobs::sha256.eq(blob.sha256()),
                    blobs::size.eq(i64::try_from(blob.len()).unwrap_or(i64::MAX)),
                    blobs::bytes.eq(blob.bytes()),
                    blobs::created_at.eq(now()),
                ))
                .execute(self.0)?;
        }
        Ok(())
    }

    fn get(&mut self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(blobs::table.find(sha256).select(blobs::bytes).first_row(self.0).optional()?)
    }

    fn remove(&mut self, sha256: &str) -> Result<(), StoreError> {
        diesel::delete(blobs::table.find(sha256)).execute(self.0)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_is_keyed_by_the_sha256_of_its_bytes() {
        let blob = Blob::new(b"abc".to_vec());
        assert_eq!(blob.sha256(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!((blob.len(), blob.bytes()), (3, &b"abc"[..]));
    }
}
