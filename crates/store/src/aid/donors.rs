//! Donors. Phone and e-mail are sealed at rest, masked for the roles that handle donors
//! and hidden from the others; a reveal shows them in full, with an audited reason. The
//! same donor entered twice (same tax code, or same name and phone) is refused with a
//! link to the one that exists.

use super::rows::DonorRow;
use super::{contains, parse};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id, personal::Keyring, schema::donors, scope::Viewer, utc, Actor, DbConnection,
    OptionalRow, StoreError,
};
use danvan_domain::{
    aid::{normalise_donor_phone, normalise_tax_code, CreateDonor, Donor, DonorKind, RevealedContact, UpdateDonor},
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    personal::PersonalField,
    policy,
    text::fold,
};
use diesel::prelude::*;
use uuid::Uuid;

/// What sealed values are bound to, so they cannot be moved to another column unnoticed.
const PHONE_PURPOSE: &str = "donor.phone";
const EMAIL_PURPOSE: &str = "donor.email";

/// Filters of the donor list.
#[derive(Debug, Clone, Default)]
pub struct DonorFilter {
    pub kind: Option<DonorKind>,
    /// Words of the name without diacritics, or the start of a tax code.
    pub q: Option<String>,
}

impl DonorRow {
    /// The donor as `viewer` may see it; `None` viewer: masked, for audit rows.
    fn into_domain(self, keyring: &Keyring, viewer: Option<&Viewer>) -> Result<Donor, StoreError> {
        let shows = viewer.is_none_or(|viewer| policy::sees_donor_contacts(viewer.role));
        let open =
            |sealed: &Option<String>, purpose: &str, mask_all: bool| -> Result<Option<PersonalField>, StoreError> {
                match (sealed, shows) {
                    (Some(sealed), true) => {
                        let plain = keyring.open(purpose, sealed)?;
                        Ok(Some(if mask_all { PersonalField::hide_all(&plain) } else { PersonalField::hide(&plain) }))
                    }
                    _ => Ok(None),
                }
            };
        Ok(Donor {
            id: parse_id(&self.id)?,
            kind: parse(&self.kind, DonorKind::parse)?,
            phone: open(&self.phone_sealed, PHONE_PURPOSE, false)?,
            email: open(&self.email_sealed, EMAIL_PURPOSE, true)?,
            name: self.name,
            tax_code: self.tax_code,
            contact_person: self.contact_person,
            public_consent: self.public_consent,
            note: self.note,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

fn filtered(filter: &DonorFilter) -> donors::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = donors::table.into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(donors::kind.eq(kind.as_str()));
    }
    if let Some(words) = filter.q.as_deref().map(fold).filter(|words| !words.is_empty()) {
        query = if words.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            query.filter(donors::tax_code.like(format!("{}%", words)))
        } else {
            query.filter(donors::name_folded.like(contains(&words)).escape('\\'))
        };
    }
    query
}

/// Donors by name (without diacritics), `limit` at a time.
pub fn list_donors(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    filter: &DonorFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Donor>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let rows: Vec<DonorRow> = paging::seek!(filtered(filter), donors::name_folded, donors::id, after, asc)
        .select(DonorRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| rows.into_iter().map(|row| row.into_domain(keyring, Some(viewer))).collect(),
    )
}

/// Every donor the list would show, up to `max` (`None` beyond it), for exports: contacts
/// are never exported.
pub fn export_donors(
    conn: &mut DbConnection,
    keyring: &Keyring,
    filter: &DonorFilter,
    max: usize,
) -> Result<Option<Vec<Donor>>, StoreError> {
    let rows: Vec<DonorRow> = filtered(filter)
        .order((donors::name_folded, donors::id))
        .select(DonorRow::as_select())
        .limit_in_text(max + 1)
        .load(conn)?;
    if rows.len() > max {
        return Ok(None);
    }
    rows.into_iter()
        .map(|mut row| {
            row.phone_sealed = None;
            row.email_sealed = None;
            row.into_domain(keyring, None)
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

pub(super) fn find_donor(conn: &mut DbConnection, id: Uuid) -> Result<DonorRow, StoreError> {
    donors::table.find(id.to_string()).select(DonorRow::as_select()).first_row(conn).found()
}

pub fn get_donor(conn: &mut DbConnection, viewer: &Viewer, keyring: &Keyring, id: Uuid) -> Result<Donor, StoreError> {
    find_donor(conn, id)?.into_domain(keyring, Some(viewer))
}

/// Refuses a donor that would be one already registered: the same tax code, or the same
/// name (without diacritics) and phone.
fn refuse_duplicate(
    conn: &mut DbConnection,
    tax_code: Option<&str>,
    name_folded: &str,
    phone_hash: Option<&str>,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let others = || {
        let query = donors::table.select((donors::id, donors::name)).into_boxed();
        match except {
            Some(except) => query.filter(donors::id.ne(except.to_owned())),
            None => query,
        }
    };
    if let Some(code) = tax_code {
        let found: Option<(String, String)> =
            others().filter(donors::tax_code.eq(code.to_owned())).first_row(conn).optional()?;
        if let Some(existing) = found {
            return duplicate(existing, "a donor with this tax code is already registered");
        }
    }
    if let Some(hash) = phone_hash {
        let found: Option<(String, String)> = others()
            .filter(donors::name_folded.eq(name_folded.to_owned()))
            .filter(donors::phone_hash.eq(hash.to_owned()))
            .first_row(conn)
            .optional()?;
        if let Some(existing) = found {
            return duplicate(existing, "a donor with this name and phone is already registered");
        }
    }
    Ok(())
}

fn duplicate((id, name): (String, String), detail: &str) -> Result<(), StoreError> {
    Err(StoreError::Duplicate {
        code: "duplicate_donor",
        detail: detail.into(),
        existing: NamedRef { id: parse_id(&id)?, name },
    })
}

/// Sealed value and (for phones) keyed hash of what the caller typed.
fn seal(keyring: &Keyring, purpose: &str, plain: &str) -> Result<String, StoreError> {
    keyring.seal(purpose, plain)
}

fn sealed_phone(keyring: &Keyring, typed: &str) -> Result<(String, String), StoreError> {
    let phone = normalise_donor_phone(typed)
        .ok_or_else(|| StoreError::invalid("phone", "invalid_format", "must be a phone number"))?;
    Ok((seal(keyring, PHONE_PURPOSE, &phone)?, keyring.lookup_hash("phone", &phone)))
}

fn tax_code_of(typed: Option<&str>) -> Result<Option<String>, StoreError> {
    typed
        .map(|code| {
            normalise_tax_code(code)
                .ok_or_else(|| StoreError::invalid("tax_code", "invalid_format", "must be 10 or 13 digits"))
        })
        .transpose()
}

pub fn create_donor(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    request: &CreateDonor,
) -> Result<Donor, StoreError> {
    let tax_code = tax_code_of(request.tax_code.as_deref())?;
    let phone = request.phone.as_deref().map(|typed| sealed_phone(keyring, typed)).transpose()?;
    let name_folded = fold(&request.name);
    refuse_duplicate(conn, tax_code.as_deref(), &name_folded, phone.as_ref().map(|(_, hash)| hash.as_str()), None)?;
    let email = request.email.as_deref().map(|email| seal(keyring, EMAIL_PURPOSE, email.trim())).transpose()?;
    let at = now();
    let row = DonorRow {
        id: new_id(),
        kind: request.kind.as_str().to_owned(),
        name: request.name.trim().to_owned(),
        name_folded,
        tax_code,
        contact_person: request.contact_person.trim().to_owned(),
        phone_sealed: phone.as_ref().map(|(sealed, _)| sealed.clone()),
        phone_hash: phone.map(|(_, hash)| hash),
        email_sealed: email,
        public_consent: request.public_consent,
        note: request.note.trim().to_owned(),
        created_by: crate::actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(donors::table).values(&row).execute(conn)?;
    let audited = row.clone().into_domain(keyring, None)?;
    audit::record(conn, actor, AuditAction::Create, AuditEntity::Donor, Some(&row.id), None::<&()>, Some(&audited))?;
    row.into_domain(keyring, Some(viewer))
}

pub fn update_donor(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    expected_version: i64,
    request: &UpdateDonor,
) -> Result<Donor, StoreError> {
    let current = find_donor(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain(keyring, None)?;
    let mut row = current;
    if let Some(kind) = request.kind {
        row.kind = kind.as_str().to_owned();
    }
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
        row.name_folded = fold(name);
    }
    if let Some(code) = &request.tax_code {
        row.tax_code = tax_code_of(code.as_deref())?;
    }
    if row.kind == DonorKind::Business.as_str() && row.tax_code.is_none() {
        return Err(StoreError::invalid("tax_code", "required", "a business donor needs its tax code"));
    }
    if let Some(person) = &request.contact_person {
        row.contact_person = person.trim().to_owned();
    }
    match &request.phone {
        Some(Some(typed)) => {
            let (sealed, hash) = sealed_phone(keyring, typed)?;
            row.phone_sealed = Some(sealed);
            row.phone_hash = Some(hash);
        }
        Some(None) => {
            row.phone_sealed = None;
            row.phone_hash = None;
        }
        None => {}
    }
    match &request.email {
        Some(Some(email)) => row.email_sealed = Some(seal(keyring, EMAIL_PURPOSE, email.trim())?),
        Some(None) => row.email_sealed = None,
        None => {}
    }
    refuse_duplicate(conn, row.tax_code.as_deref(), &row.name_folded, row.phone_hash.as_deref(), Some(&row.id))?;
    row.public_consent = request.public_consent.unwrap_or(row.public_consent);
    if let Some(note) = &request.note {
        row.note = note.trim().to_owned();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, donors, &row, expected_version)?;
    let after = row.clone().into_domain(keyring, None)?;
    audit::record(conn, actor, AuditAction::Update, AuditEntity::Donor, Some(&row.id), Some(&before), Some(&after))?;
    row.into_domain(keyring, Some(viewer))
}

/// A donor's phone and e-mail in full, for the roles that handle donors; the reveal is
/// audited with its reason (never the values) before they are answered.
pub fn reveal_donor_contact(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    reason: &str,
) -> Result<RevealedContact, StoreError> {
    if !policy::sees_donor_contacts(viewer.role) {
        return Err(StoreError::Forbidden);
    }
    let row = find_donor(conn, id)?;
    let phone = row.phone_sealed.as_deref().map(|sealed| keyring.open(PHONE_PURPOSE, sealed)).transpose()?;
    let email = row.email_sealed.as_deref().map(|sealed| keyring.open(EMAIL_PURPOSE, sealed)).transpose()?;
    crate::personal::record_reveal(conn, actor, AuditEntity::Donor, &row.id, "contact", reason)?;
    Ok(RevealedContact { phone, email })
}
