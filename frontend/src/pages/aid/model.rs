//! Aid's pure logic, tested natively: the words for the module's enums, money and
//! quantities in the reader's language, the filters the lists keep in their URL, the
//! forms' drafts (a donor, a campaign, a donation at the desk, a disbursement, a transfer,
//! an adjustment) and the requests they become, the autocompletes' choices and the
//! campaign's progress and months.

use crate::{
    api::tasks::decode,
    components::{
        chart_model::{Month, Series},
        form::check,
    },
    i18n::{t, Lang},
    text::fold,
};
use chrono::NaiveDate;
use danvan_domain::{
    aid::{
        format_quantity, format_vnd, parse_quantity_typed, parse_vnd, AdjustmentReason, AdjustmentStatus,
        BeneficiaryCategory, Campaign, CampaignReport, CampaignStatus, CashEntryKind, CreateCampaign,
        CreateDisbursement, CreateDonation, CreateDonor, CreateStockAdjustment, CreateStockTransfer, DonationChannel,
        DonationLineRequest, DonorKind, GoodsLine, Item, ItemUnit, LocationKind, MovementKind, PledgeStatus, Quantity,
        ReverseRequest, UpdateCampaign,
    },
    named::NamedRef,
    validation::FieldError,
};
use std::collections::BTreeSet;
use uuid::Uuid;
use yew::AttrValue;

// --- words ---

fn label(lang: Lang, group: &str, value: &str) -> &'static str {
    t(lang, &format!("aid.{group}.{value}"))
}

pub fn donor_kind_label(lang: Lang, kind: DonorKind) -> &'static str {
    label(lang, "donor_kind", kind.as_str())
}

pub fn campaign_status_label(lang: Lang, status: CampaignStatus) -> &'static str {
    label(lang, "campaign_status", status.as_str())
}

pub fn beneficiary_label(lang: Lang, category: BeneficiaryCategory) -> &'static str {
    label(lang, "beneficiary", category.as_str())
}

pub fn channel_label(lang: Lang, channel: DonationChannel) -> &'static str {
    label(lang, "channel", channel.as_str())
}

pub fn pledge_status_label(lang: Lang, status: PledgeStatus) -> &'static str {
    label(lang, "pledge_status", status.as_str())
}

pub fn movement_kind_label(lang: Lang, kind: MovementKind) -> &'static str {
    label(lang, "movement", kind.as_str())
}

pub fn reason_label(lang: Lang, reason: AdjustmentReason) -> &'static str {
    label(lang, "reason", reason.as_str())
}

pub fn adjustment_status_label(lang: Lang, status: AdjustmentStatus) -> &'static str {
    label(lang, "adjustment_status", status.as_str())
}

pub fn cash_kind_label(lang: Lang, kind: CashEntryKind) -> &'static str {
    label(lang, "cash_kind", kind.as_str())
}

pub fn location_kind_label(lang: Lang, kind: LocationKind) -> &'static str {
    label(lang, "location_kind", kind.as_str())
}

/// Money for the reader: `1.500.000 ₫` or `₫1,500,000`.
pub fn money(lang: Lang, value: i64) -> String {
    format_vnd(value, lang)
}

/// Money with its sign: `+1.500.000 ₫`, `-200.000 ₫`.
pub fn signed_money(lang: Lang, value: i64) -> String {
    if value > 0 {
        format!("+{}", money(lang, value))
    } else {
        money(lang, value)
    }
}

/// A quantity with its unit, the reader's way: `1.234,5 kg` or `1,234.5 bags`.
pub fn quantity(lang: Lang, value: Quantity, unit: ItemUnit) -> String {
    format_quantity(value, unit.symbol(lang), lang)
}

/// A quantity with its sign: `+50 bao`, `-12,5 kg`.
pub fn signed_quantity(lang: Lang, value: Quantity, unit: ItemUnit) -> String {
    if value.milli() > 0 {
        format!("+{}", quantity(lang, value, unit))
    } else {
        quantity(lang, value, unit)
    }
}

/// An item's name in `lang`.
pub fn item_name(lang: Lang, item: &Item) -> String {
    match lang {
        Lang::Vi => item.name_vi.clone(),
        Lang::En => item.name_en.clone(),
    }
}

/// The name of the item `item` refers to in `lang` when the list of items is at hand (a
/// reference carries the Vietnamese name).
pub fn named_item(lang: Lang, items: &[Item], item: &NamedRef) -> String {
    items.iter().find(|i| i.id == item.id).map(|i| item_name(lang, i)).unwrap_or_else(|| item.name.clone())
}

/// A donor's name, or "anonymous" for a gift without one.
pub fn donor_name(lang: Lang, donor: Option<&NamedRef>) -> String {
    donor.map(|d| d.name.clone()).unwrap_or_else(|| t(lang, "aid.anonymous").to_owned())
}

/// `(value, label)` options of a select over an enum, after a leading empty entry when
/// `first` is given.
pub fn enum_options<E: Copy>(
    all: &[E],
    value: impl Fn(E) -> &'static str,
    label: impl Fn(E) -> &'static str,
    first: Option<&'static str>,
) -> Vec<(AttrValue, AttrValue)> {
    let mut options: Vec<(AttrValue, AttrValue)> =
        first.map(|text| (AttrValue::default(), AttrValue::from(text))).into_iter().collect();
    options.extend(all.iter().map(|e| (AttrValue::from(value(*e)), AttrValue::from(label(*e)))));
    options
}

/// `(id, label)` options after a leading empty entry.
pub fn id_options(first: &'static str, items: &[(Uuid, String)]) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::default(), AttrValue::from(first))];
    options.extend(items.iter().map(|(id, label)| (AttrValue::from(id.to_string()), AttrValue::from(label.clone()))));
    options
}

/// The share of `target` that `value` is, in percent; `None` without a target.
pub fn percent(value: i64, target: i64) -> Option<f64> {
    (target > 0).then(|| value.max(0) as f64 * 100.0 / target as f64)
}

/// [`percent`] of two quantities.
pub fn quantity_percent(value: Quantity, target: Quantity) -> Option<f64> {
    percent(value.milli(), target.milli())
}

// --- filters kept in the URL ---

/// The `(name, value)` pairs of a query string (`?` optional), decoded.
fn parts(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// `value` when it is an id, else empty: a hand-edited link shows a list, not an error.
fn id(value: &str) -> String {
    if value.parse::<Uuid>().is_ok() {
        value.to_owned()
    } else {
        String::new()
    }
}

fn kept(pairs: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
}

/// A filter's pairs with a page's `limit` and `cursor`.
pub fn with_paging(
    mut pairs: Vec<(&'static str, String)>,
    cursor: Option<&str>,
    limit: u32,
) -> Vec<(&'static str, String)> {
    pairs.push(("limit", limit.to_string()));
    if let Some(cursor) = cursor {
        pairs.push(("cursor", cursor.to_owned()));
    }
    pairs
}

/// A filter's pairs with an export's `format` and `lang`.
pub fn with_export(pairs: Vec<(&'static str, String)>, format: &str, lang: Lang) -> Vec<(&'static str, String)> {
    let mut all = vec![("format", format.to_owned()), ("lang", lang.code().to_owned())];
    all.extend(pairs);
    all
}

/// Pairs as the client's queries take them.
pub fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// The donor list's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DonorFilter {
    /// Words of the name (the server ignores diacritics) or a tax code.
    pub q: String,
    pub kind: Option<DonorKind>,
}

impl DonorFilter {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        kept(vec![
            ("q", self.q.trim().to_owned()),
            ("kind", self.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()),
        ])
    }

    pub fn from_query(query: &str) -> DonorFilter {
        let mut filter = DonorFilter::default();
        for (name, value) in parts(query) {
            match name.as_str() {
                "q" => filter.q = value,
                "kind" => filter.kind = DonorKind::parse(&value),
                _ => {}
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        *self == DonorFilter::default()
    }
}

/// The campaign list's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignFilter {
    pub status: Option<CampaignStatus>,
    pub q: String,
}

impl CampaignFilter {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        kept(vec![
            ("status", self.status.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("q", self.q.trim().to_owned()),
        ])
    }

    pub fn from_query(query: &str) -> CampaignFilter {
        let mut filter = CampaignFilter::default();
        for (name, value) in parts(query) {
            match name.as_str() {
                "status" => filter.status = CampaignStatus::parse(&value),
                "q" => filter.q = value,
                _ => {}
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        *self == CampaignFilter::default()
    }
}

/// The location list's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationFilter {
    pub province_id: String,
    pub q: String,
}

impl LocationFilter {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        kept(vec![("province_id", self.province_id.clone()), ("q", self.q.trim().to_owned())])
    }

    pub fn from_query(query: &str) -> LocationFilter {
        let mut filter = LocationFilter::default();
        for (name, value) in parts(query) {
            match name.as_str() {
                "province_id" => filter.province_id = id(&value),
                "q" => filter.q = value,
                _ => {}
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        *self == LocationFilter::default()
    }
}

/// What the desk page takes from its link: `/donations/new?campaign_id=…&donor_id=…`.
pub fn desk_query(query: &str) -> (Option<Uuid>, Option<Uuid>) {
    let mut found = (None, None);
    for (name, value) in parts(query) {
        match name.as_str() {
            "campaign_id" => found.0 = value.parse().ok(),
            "donor_id" => found.1 = value.parse().ok(),
            _ => {}
        }
    }
    found
}

// --- small parsers ---

fn error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// Money typed in a field: empty is `None`, anything else must read as whole đồng.
fn typed_money(text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    if text.trim().is_empty() {
        return None;
    }
    let value = parse_vnd(text);
    if value.is_none() {
        errors.push(error(field, "invalid_format", "whole đồng, e.g. 1.500.000"));
    }
    value
}

/// A quantity typed the reader's way: required, and a number.
fn typed_quantity(lang: Lang, text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<Quantity> {
    if text.trim().is_empty() {
        errors.push(error(field, "required", "must not be empty"));
        return None;
    }
    let value = parse_quantity_typed(text, lang);
    if value.is_none() {
        errors.push(error(field, "invalid_format", "a number with at most three decimals"));
    }
    value
}

fn typed_id(text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<Uuid> {
    let value = text.parse().ok();
    if value.is_none() {
        errors.push(error(field, "required", "must be chosen"));
    }
    value
}

/// The echo of money typed in a field: the amount as read, the reader's way; `None` while
/// empty, "?" when it does not read.
pub fn money_echo(lang: Lang, text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    Some(match parse_vnd(text) {
        Some(value) => money(lang, value),
        None => t(lang, "aid.not_an_amount").to_owned(),
    })
}

/// The echo of a quantity typed in a field, with the unit.
pub fn quantity_echo(lang: Lang, text: &str, unit: Option<ItemUnit>) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    Some(match parse_quantity_typed(text, lang) {
        Some(value) => match unit {
            Some(unit) => quantity(lang, value, unit),
            None => format_quantity(value, "", lang),
        },
        None => t(lang, "aid.not_a_quantity").to_owned(),
    })
}

// --- donors ---

/// The donor form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct DonorDraft {
    pub kind: DonorKind,
    pub name: String,
    pub tax_code: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub public_consent: bool,
    pub note: String,
}

impl Default for DonorDraft {
    fn default() -> Self {
        DonorDraft {
            kind: DonorKind::Individual,
            name: String::new(),
            tax_code: String::new(),
            contact_person: String::new(),
            phone: String::new(),
            email: String::new(),
            public_consent: true,
            note: String::new(),
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl DonorDraft {
    /// Whether the kind needs a tax code (a business).
    pub fn needs_tax_code(&self) -> bool {
        self.kind == DonorKind::Business
    }

    pub fn to_create(&self) -> Result<CreateDonor, Vec<FieldError>> {
        let request = CreateDonor {
            kind: self.kind,
            name: self.name.trim().to_owned(),
            tax_code: optional(&self.tax_code),
            contact_person: self.contact_person.trim().to_owned(),
            phone: optional(&self.phone),
            email: optional(&self.email),
            public_consent: self.public_consent,
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|()| request)
    }
}

// --- campaigns ---

/// A line of goods as typed: the item (chosen from the list) and its quantity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoodsDraft {
    pub item_id: Option<Uuid>,
    /// What was typed in the item's box.
    pub query: String,
    pub quantity: String,
    /// Estimated value (donations only).
    pub value: String,
}

impl GoodsDraft {
    /// A line with nothing typed, left out of the request.
    pub fn is_blank(&self) -> bool {
        self.item_id.is_none()
            && self.query.trim().is_empty()
            && self.quantity.trim().is_empty()
            && self.value.trim().is_empty()
    }

    pub fn of(lang: Lang, item: &Item, quantity: Quantity) -> GoodsDraft {
        GoodsDraft {
            item_id: Some(item.id),
            query: item_name(lang, item),
            quantity: format_quantity(quantity, "", lang),
            value: String::new(),
        }
    }
}

/// `lines` as goods lines of the request field `field`; blank lines are left out.
fn goods_lines(lang: Lang, field: &str, lines: &[GoodsDraft], errors: &mut Vec<FieldError>) -> Vec<GoodsLine> {
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate().filter(|(_, line)| !line.is_blank()) {
        let item = line.item_id;
        if item.is_none() {
            errors.push(error(&format!("{field}[{index}].item_id"), "required", "pick an item from the list"));
        }
        let quantity = typed_quantity(lang, &line.quantity, &format!("{field}[{index}].quantity"), errors);
        if let (Some(item_id), Some(quantity)) = (item, quantity) {
            out.push(GoodsLine { item_id, quantity });
        }
    }
    out
}

/// The campaign form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignDraft {
    pub name: String,
    pub purpose: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: Option<CampaignStatus>,
    pub org_unit_id: String,
    pub area_ids: BTreeSet<Uuid>,
    pub beneficiaries: BTreeSet<BeneficiaryCategory>,
    pub target_cash: String,
    pub goods: Vec<GoodsDraft>,
}

impl CampaignDraft {
    pub fn new(today: NaiveDate) -> CampaignDraft {
        CampaignDraft {
            starts_on: Some(today),
            status: Some(CampaignStatus::Planned),
            goods: vec![GoodsDraft::default()],
            ..CampaignDraft::default()
        }
    }

    pub fn of(lang: Lang, campaign: &Campaign, items: &[Item]) -> CampaignDraft {
        let mut goods: Vec<GoodsDraft> = campaign
            .target_goods
            .iter()
            .map(|g| GoodsDraft {
                item_id: Some(g.item.id),
                query: named_item(lang, items, &g.item),
                quantity: format_quantity(g.quantity, "", lang),
                value: String::new(),
            })
            .collect();
        goods.push(GoodsDraft::default());
        CampaignDraft {
            name: campaign.name.clone(),
            purpose: campaign.purpose.clone(),
            starts_on: Some(campaign.starts_on),
            ends_on: campaign.ends_on,
            status: Some(campaign.status),
            org_unit_id: campaign.org_unit.id.to_string(),
            area_ids: campaign.areas.iter().map(|a| a.id).collect(),
            beneficiaries: campaign.beneficiary_categories.iter().copied().collect(),
            target_cash: if campaign.target_cash > 0 {
                danvan_domain::aid::format_number(campaign.target_cash, lang)
            } else {
                String::new()
            },
            goods,
        }
    }

    fn parts(&self, lang: Lang) -> Result<(NaiveDate, Uuid, i64, Vec<GoodsLine>), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.starts_on.is_none() {
            errors.push(error("starts_on", "required", "must not be empty"));
        }
        let org_unit = typed_id(&self.org_unit_id, "org_unit_id", &mut errors);
        let cash = typed_money(&self.target_cash, "target_cash", &mut errors).unwrap_or(0);
        let goods = goods_lines(lang, "target_goods", &self.goods, &mut errors);
        match (self.starts_on, org_unit) {
            (Some(starts_on), Some(org_unit)) if errors.is_empty() => Ok((starts_on, org_unit, cash, goods)),
            _ => Err(errors),
        }
    }

    pub fn to_create(&self, lang: Lang) -> Result<CreateCampaign, Vec<FieldError>> {
        let (starts_on, org_unit_id, target_cash, target_goods) = self.parts(lang)?;
        let request = CreateCampaign {
            name: self.name.trim().to_owned(),
            purpose: self.purpose.trim().to_owned(),
            starts_on,
            ends_on: self.ends_on,
            plan_item_id: None,
            status: self.status,
            org_unit_id,
            area_ids: self.area_ids.iter().copied().collect(),
            beneficiary_categories: self.beneficiaries.iter().copied().collect(),
            target_cash,
            target_goods,
        };
        request.validate().map(|()| request)
    }

    /// Every field of the form (the status changes on the campaign's page).
    pub fn to_update(&self, lang: Lang) -> Result<UpdateCampaign, Vec<FieldError>> {
        let (starts_on, org_unit_id, target_cash, target_goods) = self.parts(lang)?;
        let request = UpdateCampaign {
            name: Some(self.name.trim().to_owned()),
            purpose: Some(self.purpose.trim().to_owned()),
            starts_on: Some(starts_on),
            ends_on: Some(self.ends_on),
            org_unit_id: Some(org_unit_id),
            area_ids: Some(self.area_ids.iter().copied().collect()),
            beneficiary_categories: Some(self.beneficiaries.iter().copied().collect()),
            target_cash: Some(target_cash),
            target_goods: Some(target_goods),
            ..UpdateCampaign::default()
        };
        let mut failed = check(request.validate());
        if self.ends_on.is_some_and(|ends_on| ends_on < starts_on) {
            failed.push(error("ends_on", "before_start", "must not be before starts_on"));
        }
        if failed.is_empty() {
            Ok(request)
        } else {
            Err(failed)
        }
    }
}

/// The statuses a campaign may move to from `status`.
pub fn next_statuses(status: CampaignStatus) -> Vec<CampaignStatus> {
    CampaignStatus::ALL.iter().copied().filter(|next| *next != status && status.may_become(*next)).collect()
}

/// The catalogue key of the button that moves a campaign to `next`.
pub fn move_key(status: CampaignStatus, next: CampaignStatus) -> &'static str {
    match (status, next) {
        (CampaignStatus::Closed, CampaignStatus::Open) => "aid.campaign_reopen",
        (_, CampaignStatus::Open) => "aid.campaign_open",
        (_, CampaignStatus::Closed) => "aid.campaign_close",
        _ => "aid.campaign_plan",
    }
}

/// The campaign's cash and goods value received by month, as chart series.
pub fn month_series(lang: Lang, report: &CampaignReport) -> Vec<Series> {
    let points = |value: fn(&danvan_domain::aid::MonthTotal) -> i64| {
        report.by_month.iter().filter_map(|m| Month::parse(&m.month).map(|month| (month, value(m) as f64))).collect()
    };
    vec![
        Series { name: t(lang, "aid.cash_received").to_owned(), points: points(|m| m.cash) },
        Series { name: t(lang, "aid.goods_value").to_owned(), points: points(|m| m.goods_value) },
    ]
}

/// The disbursement form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DisbursementDraft {
    pub amount: String,
    pub occurred_on: Option<NaiveDate>,
    pub note: String,
    pub reference: String,
}

impl DisbursementDraft {
    pub fn to_request(&self) -> Result<CreateDisbursement, Vec<FieldError>> {
        let mut errors = Vec::new();
        let amount = typed_money(&self.amount, "amount", &mut errors);
        if self.amount.trim().is_empty() {
            errors.push(error("amount", "required", "must not be empty"));
        }
        if self.occurred_on.is_none() {
            errors.push(error("occurred_on", "required", "must not be empty"));
        }
        let (Some(amount), Some(occurred_on), true) = (amount, self.occurred_on, errors.is_empty()) else {
            return Err(errors);
        };
        let request = CreateDisbursement {
            amount,
            occurred_on,
            note: self.note.trim().to_owned(),
            reference: self.reference.trim().to_owned(),
        };
        request.validate().map(|()| request)
    }
}

/// A reason to undo a posted record.
pub fn reverse_request(reason: &str) -> Result<ReverseRequest, Vec<FieldError>> {
    let request = ReverseRequest { reason: reason.trim().to_owned() };
    request.validate().map(|()| request)
}

// --- the desk ---

/// Who gives, as chosen at the desk.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum DonorChoice {
    /// Nothing chosen yet.
    #[default]
    None,
    Anonymous,
    Donor(NamedRef),
}

/// A donation as typed at the desk.
#[derive(Clone, Debug, PartialEq)]
pub struct DonationDraft {
    pub donor: DonorChoice,
    /// What was typed in the donor's box.
    pub donor_query: String,
    pub campaign_id: String,
    pub channel: DonationChannel,
    pub amount: String,
    pub reference: String,
    pub location_id: String,
    pub lines: Vec<GoodsDraft>,
    pub received_on: Option<NaiveDate>,
    pub note: String,
}

impl DonationDraft {
    pub fn new(today: NaiveDate) -> DonationDraft {
        DonationDraft {
            donor: DonorChoice::None,
            donor_query: String::new(),
            campaign_id: String::new(),
            channel: DonationChannel::Cash,
            amount: String::new(),
            reference: String::new(),
            location_id: String::new(),
            lines: vec![GoodsDraft::default()],
            received_on: Some(today),
            note: String::new(),
        }
    }

    /// The form for the next donation: the campaign, channel, location and day stay.
    pub fn next(&self) -> DonationDraft {
        DonationDraft {
            campaign_id: self.campaign_id.clone(),
            channel: self.channel,
            location_id: self.location_id.clone(),
            received_on: self.received_on,
            ..DonationDraft::new(self.received_on.unwrap_or_default())
        }
    }

    pub fn to_request(&self, lang: Lang) -> Result<CreateDonation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let donor_id = match &self.donor {
            DonorChoice::None => {
                errors.push(error("donor_id", "required", "pick a donor, or anonymous"));
                None
            }
            DonorChoice::Anonymous => None,
            DonorChoice::Donor(donor) => Some(donor.id),
        };
        let campaign = typed_id(&self.campaign_id, "campaign_id", &mut errors);
        if self.received_on.is_none() {
            errors.push(error("received_on", "required", "must not be empty"));
        }
        let in_kind = self.channel == DonationChannel::InKind;
        let mut cash_amount = 0;
        let mut lines = Vec::new();
        let mut location_id = None;
        if in_kind {
            location_id = typed_id(&self.location_id, "location_id", &mut errors);
            for (index, line) in self.lines.iter().enumerate().filter(|(_, line)| !line.is_blank()) {
                if line.item_id.is_none() {
                    errors.push(error(&format!("lines[{index}].item_id"), "required", "pick an item from the list"));
                }
                let quantity = typed_quantity(lang, &line.quantity, &format!("lines[{index}].quantity"), &mut errors);
                let value = typed_money(&line.value, &format!("lines[{index}].estimated_value"), &mut errors);
                if let (Some(item_id), Some(quantity)) = (line.item_id, quantity) {
                    lines.push(DonationLineRequest { item_id, quantity, estimated_value: value.unwrap_or(0) });
                }
            }
            if self.lines.iter().all(GoodsDraft::is_blank) {
                errors.push(error("lines", "required", "a gift in kind lists its goods"));
            }
        } else {
            match typed_money(&self.amount, "cash_amount", &mut errors) {
                Some(amount) => cash_amount = amount,
                None if self.amount.trim().is_empty() => {
                    errors.push(error("cash_amount", "required", "cash and transfers carry an amount"))
                }
                None => {}
            }
        }
        let bank_reference = (self.channel == DonationChannel::BankTransfer).then(|| self.reference.trim().to_owned());
        if bank_reference.as_deref() == Some("") {
            errors.push(error("bank_reference", "required", "a transfer has the bank's reference"));
        }
        let (Some(campaign_id), Some(received_on), true) = (campaign, self.received_on, errors.is_empty()) else {
            return Err(errors);
        };
        let request = CreateDonation {
            donor_id,
            campaign_id,
            pledge_id: None,
            received_on,
            channel: self.channel,
            bank_reference,
            cash_amount,
            lines,
            location_id,
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|()| request)
    }
}

// --- stock ---

/// The transfer form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferDraft {
    pub to_location_id: String,
    pub lines: Vec<GoodsDraft>,
    pub note: String,
}

impl Default for TransferDraft {
    fn default() -> Self {
        TransferDraft { to_location_id: String::new(), lines: vec![GoodsDraft::default()], note: String::new() }
    }
}

impl TransferDraft {
    pub fn to_request(&self, lang: Lang, from: Uuid) -> Result<CreateStockTransfer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let to = typed_id(&self.to_location_id, "to_location_id", &mut errors);
        let lines = goods_lines(lang, "lines", &self.lines, &mut errors);
        if self.lines.iter().all(GoodsDraft::is_blank) {
            errors.push(error("lines", "required", "at least one line"));
        }
        let (Some(to_location_id), true) = (to, errors.is_empty()) else {
            return Err(errors);
        };
        let request =
            CreateStockTransfer { from_location_id: from, to_location_id, lines, note: self.note.trim().to_owned() };
        request.validate().map(|()| request)
    }
}

/// The adjustment form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct AdjustmentDraft {
    pub item_id: String,
    /// Signed: `-12,5` removes 12.5 units.
    pub quantity: String,
    pub reason: AdjustmentReason,
    pub note: String,
}

impl Default for AdjustmentDraft {
    fn default() -> Self {
        AdjustmentDraft {
            item_id: String::new(),
            quantity: String::new(),
            reason: AdjustmentReason::CountCorrection,
            note: String::new(),
        }
    }
}

impl AdjustmentDraft {
    pub fn to_request(&self, lang: Lang, location_id: Uuid) -> Result<CreateStockAdjustment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let item = typed_id(&self.item_id, "item_id", &mut errors);
        let quantity = typed_quantity(lang, &self.quantity, "quantity", &mut errors);
        let (Some(item_id), Some(quantity), true) = (item, quantity, errors.is_empty()) else {
            return Err(errors);
        };
        let request = CreateStockAdjustment {
            location_id,
            item_id,
            quantity,
            reason: self.reason,
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|()| request)
    }
}

// --- autocompletes ---

/// The option after (or before) `active` among `len`, wrapping around; the first (or last)
/// when none is active.
pub fn step(active: Option<usize>, len: usize, down: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (active.filter(|a| *a < len), down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(a), true) => (a + 1) % len,
        (Some(a), false) => (a + len - 1) % len,
    })
}

/// Most options an autocomplete shows.
pub const SUGGESTIONS: usize = 8;

/// The active items whose code or name in either language has the words typed (case and
/// diacritics ignored), leaving out those in `taken`; every one for an empty query.
pub fn item_matches<'a>(items: &'a [Item], query: &str, taken: &[Uuid]) -> Vec<&'a Item> {
    let wanted = fold(query);
    let words: Vec<&str> = wanted.split(' ').filter(|w| !w.is_empty()).collect();
    items
        .iter()
        .filter(|item| item.active && !taken.contains(&item.id))
        .filter(|item| {
            let text = fold(&format!("{} {} {}", item.code.replace('_', " "), item.name_vi, item.name_en));
            words.iter().all(|word| text.contains(word))
        })
        .take(SUGGESTIONS)
        .collect()
}

/// Whether the donor box offers "anonymous" for what is typed: when nothing is, or when
/// it is the start of the word in either language.
pub fn offers_anonymous(query: &str) -> bool {
    let wanted = fold(query);
    wanted.is_empty()
        || [Lang::Vi, Lang::En].iter().any(|lang| fold(t(*lang, "aid.anonymous_option")).contains(&wanted))
}

/// The items chosen on lines other than `index`.
pub fn taken_items(lines: &[GoodsDraft], index: usize) -> Vec<Uuid> {
    lines.iter().enumerate().filter(|(i, _)| *i != index).filter_map(|(_, line)| line.item_id).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::lookup;
    use chrono::{DateTime, Utc};

    pub fn item(n: u128, code: &str, vi: &str, en: &str, unit: ItemUnit) -> Item {
        Item {
            id: Uuid::from_u128(n),
            code: code.into(),
            name_vi: vi.into(),
            name_en: en.into(),
            unit,
            category: danvan_domain::aid::ItemCategory::Food,
            active: true,
            position: n as i64,
            version: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    fn items() -> Vec<Item> {
        vec![
            item(1, "rice", "Gạo", "Rice", ItemUnit::Kg),
            item(2, "noodles", "Mì tôm", "Instant noodles", ItemUnit::Box),
            item(3, "cooking_oil", "Dầu ăn", "Cooking oil", ItemUnit::Bottle),
        ]
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 8, 20).unwrap_or_default()
    }

    #[test]
    fn every_enum_value_has_words_in_both_languages() {
        let mut keys: Vec<String> = Vec::new();
        let mut add =
            |group: &str, values: Vec<&str>| keys.extend(values.into_iter().map(|v| format!("aid.{group}.{v}")));
        add("donor_kind", DonorKind::ALL.iter().map(|v| v.as_str()).collect());
        add("campaign_status", CampaignStatus::ALL.iter().map(|v| v.as_str()).collect());
        add("beneficiary", BeneficiaryCategory::ALL.iter().map(|v| v.as_str()).collect());
        add("channel", DonationChannel::ALL.iter().map(|v| v.as_str()).collect());
        add("pledge_status", PledgeStatus::ALL.iter().map(|v| v.as_str()).collect());
        add("movement", MovementKind::ALL.iter().map(|v| v.as_str()).collect());
        add("reason", AdjustmentReason::ALL.iter().map(|v| v.as_str()).collect());
        add("adjustment_status", AdjustmentStatus::ALL.iter().map(|v| v.as_str()).collect());
        add("cash_kind", CashEntryKind::ALL.iter().map(|v| v.as_str()).collect());
        add("location_kind", LocationKind::ALL.iter().map(|v| v.as_str()).collect());
        for key in keys {
            assert!(lookup(Lang::Vi, &key).is_some() && lookup(Lang::En, &key).is_some(), "{key} is missing");
        }
        for code in ["duplicate_donor", "insufficient_stock", "campaign_not_open", "already_reversed"] {
            assert!(lookup(Lang::En, &format!("problem.{code}")).is_some(), "problem.{code}");
        }
        assert_eq!(adjustment_status_label(Lang::Vi, AdjustmentStatus::Pending), "Chờ duyệt");
        assert_eq!(adjustment_status_label(Lang::En, AdjustmentStatus::Pending), "Awaiting approval");
    }

    #[test]
    fn money_and_quantities_follow_the_language() {
        assert_eq!(money(Lang::Vi, 1_500_000), "1.500.000 ₫");
        assert_eq!(money(Lang::En, 1_500_000), "₫1,500,000");
        assert_eq!(signed_money(Lang::Vi, 200_000), "+200.000 ₫");
        assert_eq!(signed_money(Lang::Vi, -200_000), "-200.000 ₫");
        assert_eq!(quantity(Lang::Vi, Quantity(1_234_500), ItemUnit::Kg), "1.234,5 kg");
        assert_eq!(quantity(Lang::En, Quantity(50_000), ItemUnit::Bag), "50 bags");
        assert_eq!(signed_quantity(Lang::Vi, Quantity(-12_500), ItemUnit::Kg), "-12,5 kg");
        assert_eq!(signed_quantity(Lang::Vi, Quantity(50_000), ItemUnit::Bag), "+50 bao");
        assert_eq!(money_echo(Lang::Vi, "1.500.000").as_deref(), Some("1.500.000 ₫"));
        assert_eq!(money_echo(Lang::En, "1500000").as_deref(), Some("₫1,500,000"));
        assert_eq!(money_echo(Lang::Vi, ""), None);
        assert_eq!(money_echo(Lang::Vi, "abc").as_deref(), Some(t(Lang::Vi, "aid.not_an_amount")));
        assert_eq!(quantity_echo(Lang::Vi, "1.234,5", Some(ItemUnit::Kg)).as_deref(), Some("1.234,5 kg"));
        assert_eq!(percent(50, 200), Some(25.0));
        assert_eq!(percent(50, 0), None);
    }

    #[test]
    fn filters_survive_the_url() {
        let filter = DonorFilter { q: "hoang phuc".into(), kind: Some(DonorKind::Business) };
        let query = crate::api::query(&borrowed(&filter.pairs()));
        assert_eq!(query, "?q=hoang%20phuc&kind=business");
        assert_eq!(DonorFilter::from_query(&query), filter);
        assert!(DonorFilter::from_query("?kind=martian").is_empty());
        let campaigns = CampaignFilter { status: Some(CampaignStatus::Open), q: String::new() };
        assert_eq!(CampaignFilter::from_query("status=open&x=1"), campaigns);
        assert_eq!(LocationFilter::from_query("?province_id=nope").province_id, "");
        let pairs = with_export(with_paging(campaigns.pairs(), Some("c"), 50), "csv", Lang::En);
        assert_eq!(crate::api::query(&borrowed(&pairs)), "?format=csv&lang=en&status=open&limit=50&cursor=c");
        let id = Uuid::from_u128(9);
        assert_eq!(desk_query(&format!("?campaign_id={id}&donor_id=x")), (Some(id), None));
    }

    #[test]
    fn a_business_donor_needs_a_tax_code() {
        let draft =
            DonorDraft {
                kind: DonorKind::Business, name: "Công ty TNHH Hoàng Phúc".into(), ..DonorDraft::default()
            };
        assert!(draft.needs_tax_code());
        let failed = draft.to_create().err().unwrap_or_default();
        assert_eq!(failed.first().map(|e| e.field.as_str()), Some("tax_code"));
        let request = DonorDraft { tax_code: " 0101234567 ".into(), phone: "  ".into(), ..draft }.to_create();
        let request = request.ok();
        assert_eq!(request.as_ref().and_then(|r| r.tax_code.as_deref()), Some("0101234567"));
        assert_eq!(request.and_then(|r| r.phone), None);
    }

    #[test]
    fn a_cash_donation_reads_the_amount_the_vietnamese_way() {
        let campaign = Uuid::from_u128(5);
        let mut draft = DonationDraft::new(day());
        let failed: Vec<String> =
            draft.to_request(Lang::Vi).err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(failed, ["donor_id", "campaign_id", "cash_amount"]);
        draft.donor = DonorChoice::Anonymous;
        draft.campaign_id = campaign.to_string();
        draft.amount = "1.500.000".into();
        let request = draft.to_request(Lang::Vi).ok();
        assert_eq!(
            request.as_ref().map(|r| (r.cash_amount, r.donor_id, r.bank_reference.clone())),
            Some((1_500_000, None, None))
        );
        draft.channel = DonationChannel::BankTransfer;
        let failed = draft.to_request(Lang::Vi).err().unwrap_or_default();
        assert_eq!(failed.first().map(|e| e.field.as_str()), Some("bank_reference"));
        draft.reference = "FT21232".into();
        assert_eq!(draft.to_request(Lang::Vi).ok().and_then(|r| r.bank_reference).as_deref(), Some("FT21232"));
        // The next donation keeps the campaign and channel, not the amount.
        let next = draft.next();
        assert_eq!(
            (next.campaign_id.as_str(), next.channel, next.amount.as_str()),
            (draft.campaign_id.as_str(), draft.channel, "")
        );
        assert_eq!(next.donor, DonorChoice::None);
    }

    #[test]
    fn goods_lines_skip_blank_rows_and_read_quantities_the_readers_way() {
        let (rice, oil) = (Uuid::from_u128(1), Uuid::from_u128(3));
        let mut draft = DonationDraft::new(day());
        draft.donor = DonorChoice::Donor(NamedRef { id: Uuid::from_u128(8), name: "Hoàng Phúc".into() });
        draft.campaign_id = Uuid::from_u128(5).to_string();
        draft.channel = DonationChannel::InKind;
        draft.amount = "999".into();
        draft.lines = vec![
            GoodsDraft {
                item_id: Some(rice),
                query: "Gạo".into(),
                quantity: "1.234,5".into(),
                value: "20.000.000".into(),
            },
            GoodsDraft { item_id: Some(oil), query: "Dầu ăn".into(), quantity: "50".into(), value: String::new() },
            GoodsDraft::default(),
        ];
        let failed = draft.to_request(Lang::Vi).err().unwrap_or_default();
        assert_eq!(failed.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["location_id"]);
        draft.location_id = Uuid::from_u128(4).to_string();
        let request = draft.to_request(Lang::Vi).ok();
        let lines = request.as_ref().map(|r| r.lines.clone()).unwrap_or_default();
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].quantity, lines[0].estimated_value), (Quantity(1_234_500), 20_000_000));
        assert_eq!((lines[1].quantity, lines[1].estimated_value), (Quantity(50_000), 0));
        assert_eq!(request.map(|r| r.cash_amount), Some(0), "an amount typed before switching to goods is not sent");
        draft.lines[1].quantity = "5,5,5".into();
        draft.lines[2].query = "mì".into();
        let failed: Vec<String> =
            draft.to_request(Lang::Vi).err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(failed, ["lines[1].quantity", "lines[2].item_id", "lines[2].quantity"]);
    }

    #[test]
    fn transfers_and_adjustments_become_requests() {
        let here = Uuid::from_u128(1);
        let draft = TransferDraft {
            to_location_id: Uuid::from_u128(2).to_string(),
            lines: vec![GoodsDraft {
                item_id: Some(Uuid::from_u128(7)),
                quantity: "1,234.5".into(),
                ..GoodsDraft::default()
            }],
            note: String::new(),
        };
        let request = draft.to_request(Lang::En, here).ok();
        assert_eq!(request.map(|r| r.lines[0].quantity), Some(Quantity(1_234_500)));
        let same = TransferDraft { to_location_id: here.to_string(), ..draft };
        assert!(same.to_request(Lang::En, here).is_err());
        let adjustment = AdjustmentDraft {
            item_id: Uuid::from_u128(7).to_string(),
            quantity: "-12,5".into(),
            reason: AdjustmentReason::Damage,
            note: "Ướt mưa khi bốc dỡ".into(),
        };
        assert_eq!(adjustment.to_request(Lang::Vi, here).ok().map(|r| r.quantity), Some(Quantity(-12_500)));
        let short = AdjustmentDraft { note: "hỏng".into(), ..adjustment };
        assert!(short.to_request(Lang::Vi, here).is_err());
    }

    #[test]
    fn campaign_drafts_read_targets() {
        let mut draft = CampaignDraft::new(day());
        draft.name = "Chung tay vì Thành phố Hồ Chí Minh".into();
        draft.org_unit_id = Uuid::from_u128(3).to_string();
        draft.target_cash = "5.000.000.000".into();
        draft.goods[0] =
            GoodsDraft { item_id: Some(Uuid::from_u128(1)), quantity: "10.000".into(), ..GoodsDraft::default() };
        let request = draft.to_create(Lang::Vi).ok();
        assert_eq!(request.as_ref().map(|r| r.target_cash), Some(5_000_000_000));
        assert_eq!(request.map(|r| r.target_goods[0].quantity), Some(Quantity::units(10_000)));
        draft.ends_on = NaiveDate::from_ymd_opt(2021, 1, 1);
        let failed = draft.to_update(Lang::Vi).err().unwrap_or_default();
        assert_eq!(failed.first().map(|e| e.field.as_str()), Some("ends_on"));
        assert_eq!(next_statuses(CampaignStatus::Planned), [CampaignStatus::Open]);
        assert_eq!(next_statuses(CampaignStatus::Closed), [CampaignStatus::Open]);
        assert_eq!(move_key(CampaignStatus::Closed, CampaignStatus::Open), "aid.campaign_reopen");
    }

    #[test]
    fn autocompletes_find_items_without_diacritics_and_wrap_around() {
        let items = items();
        let names = |q: &str, taken: &[Uuid]| {
            item_matches(&items, q, taken).into_iter().map(|i| i.code.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names("gao", &[]), ["rice"]);
        assert_eq!(names("DẦU", &[]), ["cooking_oil"]);
        assert_eq!(names("oil", &[]), ["cooking_oil"]);
        assert_eq!(names("", &[Uuid::from_u128(1)]), ["noodles", "cooking_oil"]);
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(Some(2), 3, true), Some(0));
        assert_eq!(step(Some(0), 3, false), Some(2));
        assert_eq!(step(None, 0, true), None);
        let lines =
            vec![GoodsDraft { item_id: Some(Uuid::from_u128(1)), ..GoodsDraft::default() }, GoodsDraft::default()];
        assert_eq!(taken_items(&lines, 1), [Uuid::from_u128(1)]);
        assert!(taken_items(&lines, 0).is_empty());
        assert!(offers_anonymous("") && offers_anonymous("an danh") && offers_anonymous("Anonym"));
        assert!(!offers_anonymous("Hoàng Phúc"));
    }
}
