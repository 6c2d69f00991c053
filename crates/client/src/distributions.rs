//! Distribution rounds: the list, the eligibility preview, the create, one round and its
//! lines (the delivery checklist), the round's moves (each with the `ETag` last read),
//! and each delivery. A delivery sent with an `Idempotency-Key` is recorded once however
//! often it is retried: keep the key until the server answers.

use crate::{etag_of, Api, Call, Result, Tagged, Transport};
use danvan_domain::{
    aid::{
        CancelRequest, CreateRound, DeliverRequest, DistributionLine, DistributionRound, NotDeliveredRequest,
        RoundPreview,
    },
    page::Page,
};
use uuid::Uuid;

const ROUNDS: &str = "/api/v1/distribution-rounds";

/// The problem code of a person who already receives from the campaign (double dipping).
pub const ALREADY_COVERED: &str = "already_covered";
/// The problem code of a second delivery of a delivered line (under another key).
pub const ALREADY_DELIVERED: &str = "already_delivered";

impl<T: Transport> Api<T> {
    /// Newest first. `query`: campaign_id, status, province_id, limit, cursor.
    pub async fn list_distribution_rounds(&self, query: &[(&str, &str)]) -> Result<Page<DistributionRound>> {
        self.json(Call::get(ROUNDS).query(query)).await
    }

    /// Who a round of `body` would cover, and whether stock and cash suffice.
    pub async fn preview_distribution_round(&self, body: &CreateRound) -> Result<RoundPreview> {
        self.json(Call::post(format!("{ROUNDS}/preview")).json(body)).await
    }

    /// A draft round of every eligible person; `409 already_covered` when each already
    /// receives from the campaign.
    pub async fn create_distribution_round(
        &self,
        body: &CreateRound,
        idempotency_key: Option<&str>,
    ) -> Result<DistributionRound> {
        self.json(Call::create(ROUNDS, body, idempotency_key)).await
    }

    pub async fn get_distribution_round(&self, id: Uuid) -> Result<Tagged<DistributionRound>> {
        self.tagged(Call::get(format!("{ROUNDS}/{id}"))).await
    }

    /// By name. `query`: status, q, limit, cursor.
    pub async fn list_distribution_lines(&self, round: Uuid, query: &[(&str, &str)]) -> Result<Page<DistributionLine>> {
        self.json(Call::get(format!("{ROUNDS}/{round}/lines")).query(query)).await
    }

    /// Every line of the round the filters pick.
    pub async fn all_distribution_lines(&self, round: Uuid, query: &[(&str, &str)]) -> Result<Vec<DistributionLine>> {
        self.every(&format!("{ROUNDS}/{round}/lines"), query).await
    }

    pub async fn get_distribution_line(&self, id: Uuid) -> Result<Tagged<DistributionLine>> {
        self.tagged(Call::get(format!("/api/v1/distribution-lines/{id}"))).await
    }

    /// Approves the round as read at `etag` (a leader, or office staff other than its author).
    pub async fn approve_distribution_round(&self, id: Uuid, etag: &str) -> Result<DistributionRound> {
        self.json(Call::post(format!("{ROUNDS}/{id}/approve")).if_match(etag)).await
    }

    pub async fn start_distribution_round(&self, id: Uuid, etag: &str) -> Result<DistributionRound> {
        self.json(Call::post(format!("{ROUNDS}/{id}/start")).if_match(etag)).await
    }

    /// Completes the round once no line is planned.
    pub async fn complete_distribution_round(&self, id: Uuid, etag: &str) -> Result<DistributionRound> {
        self.json(Call::post(format!("{ROUNDS}/{id}/complete")).if_match(etag)).await
    }

    pub async fn cancel_distribution_round(
        &self,
        id: Uuid,
        etag: &str,
        body: &CancelRequest,
    ) -> Result<DistributionRound> {
        self.json(Call::post(format!("{ROUNDS}/{id}/cancel")).if_match(etag).json(body)).await
    }

    /// Moves `round` (as returned by a list or a move) by `step`, with its version as `If-Match`.
    pub async fn move_distribution_round(
        &self,
        round: &DistributionRound,
        step: RoundStep,
    ) -> Result<DistributionRound> {
        let etag = etag_of(round.version);
        match step {
            RoundStep::Approve => self.approve_distribution_round(round.id, &etag).await,
            RoundStep::Start => self.start_distribution_round(round.id, &etag).await,
            RoundStep::Complete => self.complete_distribution_round(round.id, &etag).await,
        }
    }

    /// Leaves the person of `line` out of a draft round.
    pub async fn exclude_distribution_line(&self, round: Uuid, line: Uuid) -> Result<DistributionLine> {
        self.json(Call::post(format!("{ROUNDS}/{round}/lines/{line}/exclude"))).await
    }

    /// Records the delivery of `line`; retried with the same `idempotency_key`, it is
    /// recorded once and the first answer comes back.
    pub async fn deliver_distribution_line(
        &self,
        round: Uuid,
        line: Uuid,
        body: &DeliverRequest,
        idempotency_key: Option<&str>,
    ) -> Result<DistributionLine> {
        self.json(Call::create(format!("{ROUNDS}/{round}/lines/{line}/deliver"), body, idempotency_key)).await
    }

    pub async fn not_delivered_distribution_line(
        &self,
        round: Uuid,
        line: Uuid,
        body: &NotDeliveredRequest,
    ) -> Result<DistributionLine> {
        self.json(Call::post(format!("{ROUNDS}/{round}/lines/{line}/not-delivered")).json(body)).await
    }
}

/// A move of a round that takes no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundStep {
    Approve,
    Start,
    Complete,
}
