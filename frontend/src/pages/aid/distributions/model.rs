//! The pure logic of the distribution pages, tested natively: labels of statuses and
//! reasons, the round builder's draft and its request, and the delivery checklist's row
//! state on a slow connection: each row is changed at once (optimistically) and keeps the
//! `Idempotency-Key` of its delivery until the server answers, so a retry after a timeout
//! sends the same key and the server records the delivery once.

use crate::i18n::{t, Lang};
use danvan_domain::{
    aid::{
        parse_quantity_typed, parse_vnd, CreateRound, DistributionLine, GoodsLine, LineStatus, NotDeliveredReason,
        RoundStatus,
    },
    validation::FieldError,
};
use std::collections::HashMap;
use uuid::Uuid;

pub fn round_status_label(lang: Lang, status: RoundStatus) -> &'static str {
    t(
        lang,
        match status {
            RoundStatus::Draft => "distributions.status.draft",
            RoundStatus::Approved => "distributions.status.approved",
            RoundStatus::Delivering => "distributions.status.delivering",
            RoundStatus::Completed => "distributions.status.completed",
            RoundStatus::Cancelled => "distributions.status.cancelled",
        },
    )
}

pub fn line_status_label(lang: Lang, status: LineStatus) -> &'static str {
    t(
        lang,
        match status {
            LineStatus::Planned => "distributions.line.planned",
            LineStatus::Delivered => "distributions.line.delivered",
            LineStatus::NotDelivered => "distributions.line.not_delivered",
            LineStatus::Cancelled => "distributions.line.cancelled",
        },
    )
}

pub fn reason_label(lang: Lang, reason: NotDeliveredReason) -> &'static str {
    t(
        lang,
        match reason {
            NotDeliveredReason::Absent => "distributions.reason.absent",
            NotDeliveredReason::Moved => "distributions.reason.moved",
            NotDeliveredReason::Refused => "distributions.reason.refused",
            NotDeliveredReason::Deceased => "distributions.reason.deceased",
        },
    )
}

/// The round builder's fields as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundDraft {
    pub campaign_id: String,
    pub name: String,
    /// The deepest area chosen: a province, a district or a commune.
    pub area_id: String,
    pub location_id: String,
    /// Cash each, typed the Vietnamese way.
    pub cash_each: String,
    /// (item id, quantity typed) per goods line.
    pub items: Vec<(String, String)>,
    pub category_ids: Vec<Uuid>,
}

impl RoundDraft {
    /// Adds or removes a category.
    pub fn toggle_category(&mut self, id: Uuid) {
        if let Some(index) = self.category_ids.iter().position(|known| *known == id) {
            self.category_ids.remove(index);
        } else {
            self.category_ids.push(id);
        }
    }

    /// The request, or the fields that cannot be read (named as the API names them).
    pub fn request(&self, lang: Lang) -> Result<CreateRound, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = |field: &str, text: &str, errors: &mut Vec<FieldError>| match text.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError::new(field, "required", t(lang, "distributions.required")));
                None
            }
        };
        let campaign = id("campaign_id", &self.campaign_id, &mut errors);
        let area = id("area_id", &self.area_id, &mut errors);
        let cash_each = if self.cash_each.trim().is_empty() {
            0
        } else {
            parse_vnd(&self.cash_each).unwrap_or_else(|| {
                errors.push(FieldError::new("cash_each", "invalid", t(lang, "aid.not_an_amount")));
                0
            })
        };
        let mut items = Vec::new();
        for (index, (item, quantity)) in self.items.iter().enumerate() {
            if item.is_empty() && quantity.trim().is_empty() {
                continue;
            }
            let item = id(&format!("items[{index}].item_id"), item, &mut errors);
            let quantity = parse_quantity_typed(quantity, lang);
            if quantity.is_none() {
                errors.push(FieldError::new(
                    format!("items[{index}].quantity"),
                    "invalid",
                    t(lang, "aid.not_a_quantity"),
                ));
            }
            if let (Some(item_id), Some(quantity)) = (item, quantity) {
                items.push(GoodsLine { item_id, quantity });
            }
        }
        let location_id = self.location_id.parse::<Uuid>().ok().filter(|_| !items.is_empty());
        match (campaign, area) {
            (Some(campaign_id), Some(area_id)) if errors.is_empty() => {
                let request = CreateRound {
                    campaign_id,
                    name: self.name.trim().to_owned(),
                    area_id,
                    location_id,
                    cash_each,
                    items,
                    category_ids: self.category_ids.clone(),
                };
                request.validate().map(|()| request)
            }
            _ => Err(errors),
        }
    }
}

/// Which rows the checklist shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecklistFilter {
    /// Still to visit: planned, and not delivered (who may come by later).
    #[default]
    ToDo,
    /// Delivered.
    Done,
    All,
}

impl ChecklistFilter {
    pub fn shows(self, status: LineStatus) -> bool {
        match self {
            ChecklistFilter::ToDo => matches!(status, LineStatus::Planned | LineStatus::NotDelivered),
            ChecklistFilter::Done => status == LineStatus::Delivered,
            ChecklistFilter::All => status != LineStatus::Cancelled,
        }
    }
}

/// Where a row stands on this phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// As the server last said.
    Settled,
    /// Sent; shown as done already, waiting for the answer.
    Sending,
    /// The answer did not come (or was an error to show); the key is kept for a retry.
    Failed(String),
}

/// The checklist's rows with what this phone did to them meanwhile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checklist {
    pub lines: Vec<DistributionLine>,
    /// The `Idempotency-Key` of each delivery not yet answered.
    pub keys: HashMap<Uuid, String>,
    pub states: HashMap<Uuid, RowState>,
}

impl Checklist {
    pub fn new(lines: Vec<DistributionLine>) -> Checklist {
        Checklist { lines, ..Checklist::default() }
    }

    /// The key to send the delivery of `line` with: the one kept from an unanswered
    /// attempt, else `fresh` (kept from now on).
    pub fn key_for(&mut self, line: Uuid, fresh: impl FnOnce() -> String) -> String {
        self.keys.entry(line).or_insert_with(fresh).clone()
    }

    /// Marks `line` as `status` at once, before the server answers.
    pub fn optimistic(&mut self, line: Uuid, status: LineStatus, confirmation: &str) {
        if let Some(row) = self.lines.iter_mut().find(|row| row.id == line) {
            row.status = status;
            if status == LineStatus::Delivered {
                row.confirmation = confirmation.to_owned();
            }
        }
        self.states.insert(line, RowState::Sending);
    }

    /// The server's answer: the row as stored; its key is spent.
    pub fn answered(&mut self, answer: DistributionLine) {
        self.keys.remove(&answer.id);
        self.states.insert(answer.id, RowState::Settled);
        if let Some(row) = self.lines.iter_mut().find(|row| row.id == answer.id) {
            *row = answer;
        }
    }

    /// No answer (or a refusal): the row goes back to `previous`; a timeout keeps the key so
    /// that the retry is recorded once, a refusal drops it.
    pub fn failed(&mut self, previous: DistributionLine, message: String, keep_key: bool) {
        if !keep_key {
            self.keys.remove(&previous.id);
        }
        self.states.insert(previous.id, RowState::Failed(message));
        if let Some(row) = self.lines.iter_mut().find(|row| row.id == previous.id) {
            *row = previous;
        }
    }

    pub fn state(&self, line: Uuid) -> RowState {
        self.states.get(&line).cloned().unwrap_or(RowState::Settled)
    }

    /// The rows `filter` shows, in the server's order (by name).
    pub fn visible(&self, filter: ChecklistFilter) -> Vec<&DistributionLine> {
        self.lines
            .iter()
            .filter(|row| filter.shows(row.status) || self.states.get(&row.id).is_some_and(|s| *s != RowState::Settled))
            .collect()
    }

    /// (done, to do) among the lines still counted.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.lines.iter().filter(|row| row.status == LineStatus::Delivered).count();
        let counted = self.lines.iter().filter(|row| row.status != LineStatus::Cancelled).count();
        (done, counted - done)
    }
}

/// Whether an error is worth retrying with the same key: no answer reached the phone.
pub fn is_timeout(status: Option<u16>) -> bool {
    status.is_none_or(|status| status >= 500)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use danvan_domain::named::NamedRef;

    fn line(n: u128, status: LineStatus) -> DistributionLine {
        let named = |name: &str| NamedRef { id: Uuid::from_u128(n + 100), name: name.into() };
        DistributionLine {
            id: Uuid::from_u128(n),
            round_id: Uuid::from_u128(1),
            beneficiary: named("Nguyễn Văn An"),
            household: None,
            commune: named("Phường Phúc Xá"),
            address: "Số 1".into(),
            category: named("Hộ nghèo"),
            status,
            reason: None,
            delivered_by: None,
            delivered_at: None,
            confirmation: String::new(),
            note: String::new(),
            version: 1,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_delivery_keeps_its_key_until_answered_so_a_retry_is_recorded_once() {
        let mut list = Checklist::new(vec![line(2, LineStatus::Planned), line(3, LineStatus::Planned)]);
        let first = list.key_for(Uuid::from_u128(2), || "k1".into());
        list.optimistic(Uuid::from_u128(2), LineStatus::Delivered, "Nguyễn Thị Bình");
        assert_eq!(list.progress(), (1, 1), "shown as delivered at once");
        list.failed(line(2, LineStatus::Planned), "timeout".into(), true);
        assert_eq!(list.key_for(Uuid::from_u128(2), || "k2".into()), first, "the retry reuses the key");
        assert!(matches!(list.state(Uuid::from_u128(2)), RowState::Failed(_)));
        let mut delivered = line(2, LineStatus::Delivered);
        delivered.confirmation = "Nguyễn Thị Bình".into();
        list.answered(delivered);
        assert_eq!(list.key_for(Uuid::from_u128(2), || "k3".into()), "k3", "answered: a new delivery takes a new key");
        assert_eq!(list.state(Uuid::from_u128(2)), RowState::Settled);
        // A refusal (409) drops the key.
        list.key_for(Uuid::from_u128(3), || "k4".into());
        list.failed(line(3, LineStatus::Planned), "already".into(), false);
        assert_eq!(list.key_for(Uuid::from_u128(3), || "k5".into()), "k5");
    }

    #[test]
    fn the_checklist_filters_what_is_left_to_do_and_what_is_done() {
        let list = Checklist::new(vec![
            line(2, LineStatus::Planned),
            line(3, LineStatus::Delivered),
            line(4, LineStatus::NotDelivered),
            line(5, LineStatus::Cancelled),
        ]);
        assert_eq!(list.visible(ChecklistFilter::ToDo).len(), 2);
        assert_eq!(list.visible(ChecklistFilter::Done).len(), 1);
        assert_eq!(list.visible(ChecklistFilter::All).len(), 3);
        assert_eq!(list.progress(), (1, 2));
        assert!(is_timeout(None) && is_timeout(Some(503)) && !is_timeout(Some(409)));
    }

    #[test]
    fn the_builder_reads_money_and_goods_the_vietnamese_way() {
        let mut draft = RoundDraft {
            campaign_id: Uuid::from_u128(1).to_string(),
            name: "Đợt 1".into(),
            area_id: Uuid::from_u128(2).to_string(),
            location_id: Uuid::from_u128(3).to_string(),
            cash_each: "500.000".into(),
            items: vec![(Uuid::from_u128(4).to_string(), "12,5".into()), (String::new(), String::new())],
            category_ids: Vec::new(),
        };
        assert!(draft.request(Lang::Vi).is_err_and(|e| e.iter().any(|e| e.field == "category_ids")));
        draft.toggle_category(Uuid::from_u128(5));
        let request = draft.request(Lang::Vi).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((request.cash_each, request.items[0].quantity.milli()), (500_000, 12_500));
        assert_eq!(request.location_id, Some(Uuid::from_u128(3)));
        draft.toggle_category(Uuid::from_u128(5));
        assert!(draft.category_ids.is_empty());
        let no_area = RoundDraft { area_id: String::new(), ..draft };
        assert!(no_area.request(Lang::En).is_err_and(|e| e.iter().any(|e| e.field == "area_id")));
        assert_eq!(round_status_label(Lang::En, RoundStatus::Delivering), "Delivering");
    }
}
