//! Duplicates caught at entry.
//!
//! - The same citizen ID (by its keyed hash, `beneficiary_personal.citizen_id_hash`, which
//!   is unique) is refused: 409 `duplicate_citizen_id`, naming the record in `existing`
//!   only when the caller reaches it; otherwise the answer says nothing of it.
//! - Likely the same person: a folded name at least `matching::LIKELY_SAME` close by
//!   Jaro–Winkler, in the same commune or the same household, born the same year or
//!   either year unknown. The create answers 409 `possible_duplicate` with the candidates,
//!   and goes ahead only with an override and a reason (audited as `Override`).

use super::households::reaches;
use crate::{
    personal::Keyring,
    schema::{areas, beneficiaries, beneficiary_personal},
    scope::Viewer,
    DbConnection, StoreError,
};
use chrono::{Datelike, NaiveDate};
use danvan_domain::{
    aid::{beneficiary_codes, matching},
    named::NamedRef,
};
use diesel::prelude::*;
use std::collections::HashMap;

/// What seals a birth date (shared with the beneficiary module).
pub(super) const BIRTH_DATE_PURPOSE: &str = "beneficiary.birth_date";

/// Most candidates an answer names.
const CANDIDATES_MAX: usize = 10;

/// Refuses a citizen ID another record holds (`except`: the record being changed).
pub(super) fn refuse_same_citizen_id(
    conn: &mut DbConnection,
    viewer: &Viewer,
    hash: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let holder: Option<(String, String, String, Option<String>)> = beneficiary_personal::table
        .inner_join(beneficiaries::table.on(beneficiaries::id.eq(beneficiary_personal::beneficiary_id)))
        .filter(beneficiary_personal::citizen_id_hash.eq(hash))
        .select((beneficiaries::id, beneficiaries::full_name, beneficiaries::province_id, beneficiaries::merged_into))
        .get_result(conn)
        .optional()?;
    let Some((id, name, province, merged_into)) = holder else {
        return Ok(());
    };
    if except == Some(id.as_str()) {
        return Ok(());
    }
    if !reaches(viewer, &province)? {
        return Err(taken_elsewhere());
    }
    // A merged record's person is its survivor's.
    let (id, name) = match merged_into {
        Some(survivor) => {
            let survivor_name: String =
                beneficiaries::table.find(&survivor).select(beneficiaries::full_name).get_result(conn)?;
            (survivor, survivor_name)
        }
        None => (id, name),
    };
    Err(StoreError::Duplicate {
        code: beneficiary_codes::DUPLICATE_CITIZEN_ID,
        detail: "a person with this citizen ID is already registered".into(),
        existing: NamedRef { id: crate::parse_id(&id)?, name },
    })
}

/// The refusal of a citizen ID held by a record the caller does not reach: it says
/// nothing of that record.
pub(super) fn taken_elsewhere() -> StoreError {
    StoreError::conflict(beneficiary_codes::DUPLICATE_CITIZEN_ID, "a person with this citizen ID is already registered")
}

/// A person being entered, as the fuzzy check compares them.
pub(super) struct Entry<'a> {
    pub full_name: &'a str,
    pub area_id: &'a str,
    pub household_id: Option<&'a str>,
    pub birth_date: Option<NaiveDate>,
}

/// The records likely to be the person of `entry` (see the module's documentation), each
/// named "full name · commune".
pub(super) fn likely_duplicates(
    conn: &mut DbConnection,
    keyring: &Keyring,
    entry: &Entry<'_>,
) -> Result<Vec<NamedRef>, StoreError> {
    // Everyone of the commune, or of the household, walking their indexes.
    let mut query = beneficiaries::table.filter(beneficiaries::merged_into.is_null()).into_boxed();
    query = match entry.household_id {
        Some(household) => query.filter(
            beneficiaries::area_id
                .eq(entry.area_id.to_owned())
                .or(beneficiaries::household_id.eq(household.to_owned())),
        ),
        None => query.filter(beneficiaries::area_id.eq(entry.area_id.to_owned())),
    };
    let people: Vec<(String, String, String)> =
        query.select((beneficiaries::id, beneficiaries::full_name, beneficiaries::area_id)).load(conn)?;
    let mut close: Vec<(f64, String, String, String)> = people
        .into_iter()
        .filter_map(|(id, name, area)| {
            let score = matching::name_similarity(entry.full_name, &name);
            (score >= matching::LIKELY_SAME).then_some((score, id, name, area))
        })
        .collect();
    if close.is_empty() {
        return Ok(Vec::new());
    }
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let ids: Vec<String> = close.iter().map(|(_, id, _, _)| id.clone()).collect();
    let births: HashMap<String, Option<String>> = beneficiary_personal::table
        .filter(beneficiary_personal::beneficiary_id.eq_any(&ids))
        .select((beneficiary_personal::beneficiary_id, beneficiary_personal::birth_date_sealed))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect();
    let mut area_ids: Vec<String> = close.iter().map(|(_, _, _, area)| area.clone()).collect();
    area_ids.sort();
    area_ids.dedup();
    let area_names: HashMap<String, String> =
        crate::lookup(areas::table.filter(areas::id.eq_any(&area_ids)).select((areas::id, areas::name)).load(conn)?);
    let wanted_year = entry.birth_date.map(|date| date.year());
    let mut candidates = Vec::new();
    for (_, id, name, area) in close {
        let year = match births.get(&id).cloned().flatten() {
            Some(sealed) => {
                let plain = keyring.open(BIRTH_DATE_PURPOSE, &sealed)?;
                NaiveDate::parse_from_str(&plain, "%Y-%m-%d").ok().map(|date| date.year())
            }
            None => None,
        };
        let same_year = match (wanted_year, year) {
            (Some(wanted), Some(found)) => wanted == found,
            _ => true,
        };
        if !same_year {
            continue;
        }
        // The birth year decided the match but is not shown: a birth date leaves only
        // through a reveal.
        let mut label = vec![name];
        if let Some(commune) = area_names.get(&area) {
            label.push(commune.clone());
        }
        candidates.push(NamedRef { id: crate::parse_id(&id)?, name: label.join(" · ") });
        if candidates.len() == CANDIDATES_MAX {
            break;
        }
    }
    Ok(candidates)
}
