//! The database as the handlers use it: the connection pool, and on SQLite the one
//! writer that commits the writes of every request in groups.
//!
//! SQLite has one writer at a time, and with `synchronous=FULL` each commit waits for the
//! disk. Writers taking turns on pooled connections would pay one sync each; instead every
//! write is queued to one thread that runs whatever has queued meanwhile in one transaction,
//! each write in a savepoint of its own, commits once, and only then answers each request
//! (`danvan_store::db::write_batch`). A write that fails is undone alone; an acknowledged
//! write is on disk. PostgreSQL groups concurrent commits itself: there each write runs in
//! its own transaction on a pooled connection, retried on a serialization conflict.

use crate::error::ApiError;
use danvan_store::{
    db::{self, Backend, BatchedWrite, Isolation, Synchronous},
    DbConnection, Pool, StoreError,
};
use std::ops::Deref;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use tokio::sync::oneshot;

/// Writes waiting for the SQLite writer at most; one more is told the server is busy.
const QUEUE: usize = 4096;

/// Writes committed together at most, so that one batch never holds the others back long.
const MAX_BATCH: usize = 512;

/// The pool, and the SQLite writer when the database is SQLite.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    writer: Option<SyncSender<Box<dyn BatchedWrite>>>,
}

impl Deref for Database {
    type Target = Pool;

    fn deref(&self) -> &Pool {
        &self.pool
    }
}

impl Database {
    /// Starts the writer on SQLite, on a connection of its own beside the pool's.
    pub fn new(pool: Pool, url: &str, synchronous: Synchronous) -> Result<Database, String> {
        let backend = Backend::from_url(url).map_err(|e| e.to_string())?;
        let writer = match backend {
            Backend::Sqlite(_) => {
                let conn = db::open(&backend, synchronous).map_err(|e| format!("database: {e}"))?;
                let (sender, receiver) = mpsc::sync_channel(QUEUE);
                std::thread::Builder::new()
                    .name("sqlite-writer".into())
                    .spawn(move || commit_in_groups(conn, receiver))
                    .map_err(|e| format!("cannot start the database writer: {e}"))?;
                Some(sender)
            }
            Backend::Postgres(_) => None,
        };
        Ok(Database { pool, writer })
    }

    /// Runs `work` in a write transaction (see the module's documentation); its answer
    /// comes once it is committed.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnMut(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        self.write_at(Isolation::Serializable, work).await
    }

    /// [`Database::write`] at the given isolation on PostgreSQL (see [`Isolation`]).
    pub async fn write_at<T, F>(&self, isolation: Isolation, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnMut(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(writer) = &self.writer else {
            return crate::http::read(&self.pool, move |conn| db::write_at(conn, isolation, work)).await;
        };
        let (reply, answer) = oneshot::channel();
        writer.try_send(Box::new(Queued { work, outcome: None, reply })).map_err(|e| match e {
            TrySendError::Full(_) => ApiError::DatabaseBusy,
            TrySendError::Disconnected(_) => ApiError::Internal("the database writer has stopped".into()),
        })?;
        answer.await.map_err(|_| ApiError::Internal("the database writer has stopped".into()))?
    }
}

/// The writer's loop: wait for a write, take every other one queued meanwhile, commit them.
fn commit_in_groups(mut conn: DbConnection, queue: Receiver<Box<dyn BatchedWrite>>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(write) => batch.push(write),
                Err(_) => break,
            }
        }
        db::write_batch(&mut conn, batch);
    }
}

/// One request's write in the queue, with where its answer goes.
struct Queued<T, F> {
    work: F,
    outcome: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> BatchedWrite for Queued<T, F>
where
    T: Send + 'static,
    F: FnMut(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    fn run(&mut self, conn: &mut DbConnection) -> bool {
        // A panic in one request's work must not take down the writer and the batch with it.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (self.work)(conn)))
            .unwrap_or_else(|_| Err(ApiError::Internal("the write failed unexpectedly".into())));
        let keep = outcome.is_ok();
        self.outcome = Some(outcome);
        keep
    }

    fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
        let answer = match (committed, self.outcome) {
            (Ok(()), Some(outcome)) => outcome,
            (Ok(()), None) => Err(ApiError::Internal("the write did not run".into())),
            // Its own error says more than the batch's.
            (Err(_), Some(Err(error))) => Err(error),
            (Err(error), _) => Err(batch_failure(error)),
        };
        // The request may have gone (its client hung up); the write stands all the same.
        let _ = self.reply.send(answer);
    }
}

/// What each write of a batch whose transaction failed is told.
fn batch_failure(error: &StoreError) -> ApiError {
    match error {
        StoreError::Database(danvan_store::diesel::result::Error::DatabaseError(_, info))
            if crate::error::is_busy(info.message()) =>
        {
            ApiError::DatabaseBusy
        }
        other => ApiError::Internal(other.to_string()),
    }
}
