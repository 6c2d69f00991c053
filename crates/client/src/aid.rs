//! Aid, part one: the item list and the locations that keep goods, donors (their contacts
//! revealed with a reason), campaigns with their report and cash ledger, pledges,
//! donations with their receipts, and the stock ledger (balances, movements, transfers and
//! adjustments that a second person approves).
//!
//! A donor the server already has is refused as `409 duplicate_donor`, the problem's
//! `existing` naming it ([`existing_donor`]).

use crate::{Api, Call, ClientError, Download, Result, Tagged, Transport};
use danvan_domain::{
    aid::{
        Campaign, CampaignReport, CashEntry, CreateCampaign, CreateDisbursement, CreateDonation, CreateDonor,
        CreateItem, CreateLocation, CreatePledge, CreateStockAdjustment, CreateStockTransfer, DecideAdjustment,
        Donation, Donor, DonorStatement, Item, Location, Pledge, RevealedContact, ReverseRequest, StockAdjustment,
        StockBalance, StockMovement, StockTransfer, UpdateCampaign, UpdateDonor, UpdateItem, UpdateLocation,
        UpdatePledge,
    },
    named::NamedRef,
    page::Page,
    personal::RevealRequest,
};
use uuid::Uuid;

const ITEMS: &str = "/api/v1/aid-items";
const LOCATIONS: &str = "/api/v1/aid-locations";
const DONORS: &str = "/api/v1/donors";
const CAMPAIGNS: &str = "/api/v1/campaigns";
const PLEDGES: &str = "/api/v1/pledges";
const DONATIONS: &str = "/api/v1/donations";
const BALANCES: &str = "/api/v1/stock-balances";
const MOVEMENTS: &str = "/api/v1/stock-movements";
const TRANSFERS: &str = "/api/v1/stock-transfers";
const ADJUSTMENTS: &str = "/api/v1/stock-adjustments";

/// The problem code of a donor the server already has.
pub const DUPLICATE_DONOR: &str = "duplicate_donor";

/// The donor a `409 duplicate_donor` names: the one the server already has.
pub fn existing_donor(error: &ClientError) -> Option<&NamedRef> {
    error.problem().filter(|problem| problem.code == DUPLICATE_DONOR).and_then(|problem| problem.existing.as_ref())
}

/// The paper size of a donation's receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A5,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        }
    }
}

impl<T: Transport> Api<T> {
    // --- items and locations ---

    /// The item list, in its order; `active` filters retired items in or out.
    pub async fn list_aid_items(&self, active: Option<bool>) -> Result<Vec<Item>> {
        let active = active.map(|active| active.to_string()).unwrap_or_default();
        self.json(Call::get(ITEMS).query(&[("active", active)])).await
    }

    pub async fn create_aid_item(&self, body: &CreateItem, idempotency_key: Option<&str>) -> Result<Item> {
        self.json(Call::create(ITEMS, body, idempotency_key)).await
    }

    pub async fn update_aid_item(&self, id: Uuid, etag: &str, body: &UpdateItem) -> Result<Item> {
        self.json(Call::patch(format!("{ITEMS}/{id}"), etag, body)).await
    }

    /// `query`: province_id, q, limit, cursor.
    pub async fn list_aid_locations(&self, query: &[(&str, &str)]) -> Result<Page<Location>> {
        self.json(Call::get(LOCATIONS).query(query)).await
    }

    /// Every location the filters of [`Api::list_aid_locations`] pick (pickers).
    pub async fn all_aid_locations(&self, query: &[(&str, &str)]) -> Result<Vec<Location>> {
        self.every(LOCATIONS, query).await
    }

    pub async fn create_aid_location(&self, body: &CreateLocation, idempotency_key: Option<&str>) -> Result<Location> {
        self.json(Call::create(LOCATIONS, body, idempotency_key)).await
    }

    pub async fn get_aid_location(&self, id: Uuid) -> Result<Tagged<Location>> {
        self.tagged(Call::get(format!("{LOCATIONS}/{id}"))).await
    }

    pub async fn update_aid_location(&self, id: Uuid, etag: &str, body: &UpdateLocation) -> Result<Location> {
        self.json(Call::patch(format!("{LOCATIONS}/{id}"), etag, body)).await
    }

    // --- donors ---

    /// `query`: q (words of the name without diacritics, or a tax code), kind, limit, cursor.
    pub async fn list_donors(&self, query: &[(&str, &str)]) -> Result<Page<Donor>> {
        self.json(Call::get(DONORS).query(query)).await
    }

    /// `query`: format (`csv`, `xlsx`), lang, and the filters of [`Api::list_donors`].
    pub async fn export_donors(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download(&format!("{DONORS}/export"), query).await
    }

    /// A new donor. A donor the server already has (same tax code, or same name without
    /// diacritics and same phone) is the error `409 duplicate_donor`, whose problem names it
    /// in `existing` (see [`existing_donor`]).
    pub async fn create_donor(&self, body: &CreateDonor, idempotency_key: Option<&str>) -> Result<Donor> {
        self.json(Call::create(DONORS, body, idempotency_key)).await
    }

    pub async fn get_donor(&self, id: Uuid) -> Result<Tagged<Donor>> {
        self.tagged(Call::get(format!("{DONORS}/{id}"))).await
    }

    pub async fn update_donor(&self, id: Uuid, etag: &str, body: &UpdateDonor) -> Result<Donor> {
        self.json(Call::patch(format!("{DONORS}/{id}"), etag, body)).await
    }

    /// The donor's phone and e-mail in full; the reason goes to the audit log.
    pub async fn reveal_donor(&self, id: Uuid, body: &RevealRequest) -> Result<RevealedContact> {
        self.json(Call::post(format!("{DONORS}/{id}/reveal")).json(body)).await
    }

    /// Everything the donor gave, in total and by campaign.
    pub async fn donor_statement(&self, id: Uuid) -> Result<DonorStatement> {
        self.json(Call::get(format!("{DONORS}/{id}/statement"))).await
    }

    // --- campaigns and their cash ---

    /// `query`: status, org_unit_id, q, limit, cursor.
    pub async fn list_campaigns(&self, query: &[(&str, &str)]) -> Result<Page<Campaign>> {
        self.json(Call::get(CAMPAIGNS).query(query)).await
    }

    /// Every campaign the filters of [`Api::list_campaigns`] pick (pickers).
    pub async fn all_campaigns(&self, query: &[(&str, &str)]) -> Result<Vec<Campaign>> {
        self.every(CAMPAIGNS, query).await
    }

    pub async fn create_campaign(&self, body: &CreateCampaign, idempotency_key: Option<&str>) -> Result<Campaign> {
        self.json(Call::create(CAMPAIGNS, body, idempotency_key)).await
    }

    pub async fn get_campaign(&self, id: Uuid) -> Result<Tagged<Campaign>> {
        self.tagged(Call::get(format!("{CAMPAIGNS}/{id}"))).await
    }

    /// Changes the campaign as read at `etag`, its status included (planned → open →
    /// closed, closed → open).
    pub async fn update_campaign(&self, id: Uuid, etag: &str, body: &UpdateCampaign) -> Result<Campaign> {
        self.json(Call::patch(format!("{CAMPAIGNS}/{id}"), etag, body)).await
    }

    /// What the campaign raised: cash and goods against the targets, by donor, location
    /// and month.
    pub async fn campaign_report(&self, id: Uuid) -> Result<CampaignReport> {
        self.json(Call::get(format!("{CAMPAIGNS}/{id}/report"))).await
    }

    /// `query`: format (`csv`, `xlsx`), lang.
    pub async fn export_campaign_report(&self, id: Uuid, query: &[(&str, &str)]) -> Result<Download> {
        self.download(&format!("{CAMPAIGNS}/{id}/report/export"), query).await
    }

    /// The campaign's cash ledger. `query`: limit, cursor.
    pub async fn list_campaign_cash(&self, id: Uuid, query: &[(&str, &str)]) -> Result<Page<CashEntry>> {
        self.json(Call::get(format!("{CAMPAIGNS}/{id}/cash")).query(query)).await
    }

    /// Money paid out of the campaign.
    pub async fn create_disbursement(
        &self,
        campaign: Uuid,
        body: &CreateDisbursement,
        idempotency_key: Option<&str>,
    ) -> Result<CashEntry> {
        self.json(Call::create(format!("{CAMPAIGNS}/{campaign}/disbursements"), body, idempotency_key)).await
    }

    /// Undoes a cash entry with an entry that points to it.
    pub async fn reverse_cash_entry(&self, id: Uuid, body: &ReverseRequest) -> Result<CashEntry> {
        self.json(Call::post(format!("/api/v1/cash-entries/{id}/reverse")).json(body)).await
    }

    // --- pledges ---

    /// `query`: campaign_id, donor_id, limit, cursor.
    pub async fn list_pledges(&self, query: &[(&str, &str)]) -> Result<Page<Pledge>> {
        self.json(Call::get(PLEDGES).query(query)).await
    }

    pub async fn create_pledge(&self, body: &CreatePledge, idempotency_key: Option<&str>) -> Result<Pledge> {
        self.json(Call::create(PLEDGES, body, idempotency_key)).await
    }

    pub async fn get_pledge(&self, id: Uuid) -> Result<Tagged<Pledge>> {
        self.tagged(Call::get(format!("{PLEDGES}/{id}"))).await
    }

    pub async fn update_pledge(&self, id: Uuid, etag: &str, body: &UpdatePledge) -> Result<Pledge> {
        self.json(Call::patch(format!("{PLEDGES}/{id}"), etag, body)).await
    }

    // --- donations ---

    /// Newest day first. `query`: campaign_id, donor_id, location_id, channel, from, to
    /// (`YYYY-MM-DD`), limit, cursor.
    pub async fn list_donations(&self, query: &[(&str, &str)]) -> Result<Page<Donation>> {
        self.json(Call::get(DONATIONS).query(query)).await
    }

    /// `query`: format (`csv`, `xlsx`), lang, and the filters of [`Api::list_donations`].
    pub async fn export_donations(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download(&format!("{DONATIONS}/export"), query).await
    }

    /// Records a donation into an open campaign; the answer carries its receipt number.
    pub async fn create_donation(&self, body: &CreateDonation, idempotency_key: Option<&str>) -> Result<Donation> {
        self.json(Call::create(DONATIONS, body, idempotency_key)).await
    }

    pub async fn get_donation(&self, id: Uuid) -> Result<Donation> {
        self.json(Call::get(format!("{DONATIONS}/{id}"))).await
    }

    /// The donation's receipt as a PDF on `paper`.
    pub async fn donation_receipt(&self, id: Uuid, paper: Paper) -> Result<Download> {
        self.download(&format!("{DONATIONS}/{id}/receipt"), &[("paper", paper.as_str())]).await
    }

    /// Undoes the donation (its ledger entries and movements), with the reason.
    pub async fn reverse_donation(&self, id: Uuid, body: &ReverseRequest) -> Result<Donation> {
        self.json(Call::post(format!("{DONATIONS}/{id}/reverse")).json(body)).await
    }

    // --- stock ---

    /// `query`: location_id, item_id, limit, cursor.
    pub async fn list_stock_balances(&self, query: &[(&str, &str)]) -> Result<Page<StockBalance>> {
        self.json(Call::get(BALANCES).query(query)).await
    }

    /// `query`: format (`csv`, `xlsx`), lang, and the filters of [`Api::list_stock_balances`].
    pub async fn export_stock_balances(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download(&format!("{BALANCES}/export"), query).await
    }

    /// Newest first. `query`: location_id (required), item_id, limit, cursor.
    pub async fn list_stock_movements(&self, query: &[(&str, &str)]) -> Result<Page<StockMovement>> {
        self.json(Call::get(MOVEMENTS).query(query)).await
    }

    /// `query`: location_id, limit, cursor.
    pub async fn list_stock_transfers(&self, query: &[(&str, &str)]) -> Result<Page<StockTransfer>> {
        self.json(Call::get(TRANSFERS).query(query)).await
    }

    /// Moves goods between two locations; `409 insufficient_stock` when a balance would go
    /// below zero.
    pub async fn create_stock_transfer(
        &self,
        body: &CreateStockTransfer,
        idempotency_key: Option<&str>,
    ) -> Result<StockTransfer> {
        self.json(Call::create(TRANSFERS, body, idempotency_key)).await
    }

    pub async fn reverse_stock_transfer(&self, id: Uuid, body: &ReverseRequest) -> Result<StockTransfer> {
        self.json(Call::post(format!("{TRANSFERS}/{id}/reverse")).json(body)).await
    }

    /// `query`: status, location_id, limit, cursor.
    pub async fn list_stock_adjustments(&self, query: &[(&str, &str)]) -> Result<Page<StockAdjustment>> {
        self.json(Call::get(ADJUSTMENTS).query(query)).await
    }

    /// Asks for an adjustment, which waits for another person's approval.
    pub async fn create_stock_adjustment(
        &self,
        body: &CreateStockAdjustment,
        idempotency_key: Option<&str>,
    ) -> Result<StockAdjustment> {
        self.json(Call::create(ADJUSTMENTS, body, idempotency_key)).await
    }

    /// Approves an adjustment someone else asked for, which posts its movement (`409
    /// insufficient_stock` when it would take the balance below zero).
    pub async fn approve_stock_adjustment(&self, id: Uuid, body: &DecideAdjustment) -> Result<StockAdjustment> {
        self.json(Call::post(format!("{ADJUSTMENTS}/{id}/approve")).json(body)).await
    }

    pub async fn reject_stock_adjustment(&self, id: Uuid, body: &DecideAdjustment) -> Result<StockAdjustment> {
        self.json(Call::post(format!("{ADJUSTMENTS}/{id}/reject")).json(body)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Answer;

    #[derive(Clone)]
    struct Fixed(Answer);

    impl Transport for Fixed {
        async fn send(&self, _: Call) -> std::result::Result<Answer, String> {
            Ok(self.0.clone())
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the fixed transport does not wait"),
        }
    }

    fn request() -> CreateDonor {
        CreateDonor {
            kind: danvan_domain::aid::DonorKind::Business,
            name: "Công ty TNHH Hoàng Phúc".into(),
            tax_code: Some("0101234567".into()),
            contact_person: String::new(),
            phone: None,
            email: None,
            public_consent: true,
            note: String::new(),
        }
    }

    #[test]
    fn a_duplicate_donor_names_the_existing_one() {
        let body = r#"{"type":"/problems/duplicate_donor","title":"Conflict","status":409,
            "code":"duplicate_donor","detail":"this donor is already registered",
            "existing":{"id":"00000000-0000-0000-0000-000000000007","name":"Công ty TNHH Hoàng Phúc"}}"#;
        let api = Api::over(Fixed(Answer { status: 409, body: body.as_bytes().to_vec(), ..Answer::default() }));
        let error = block_on(api.create_donor(&request(), None)).err().unwrap_or_else(ClientError::network);
        assert_eq!(existing_donor(&error).map(|d| d.id), Some(Uuid::from_u128(7)));
        // Another conflict names no donor.
        let other = r#"{"type":"/problems/conflict","title":"Conflict","status":409,"code":"conflict"}"#;
        let api = Api::over(Fixed(Answer { status: 409, body: other.as_bytes().to_vec(), ..Answer::default() }));
        let error = block_on(api.create_donor(&request(), None)).err().unwrap_or_else(ClientError::network);
        assert_eq!(existing_donor(&error), None);
    }
}
