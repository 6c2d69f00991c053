//! What each audit entry's record is, for people, and the page that shows it.
//!
//! A page of entries is resolved in a fixed number of queries: one per kind of record
//! present on it (a few kinds lead to another first: a membership to its member and group,
//! a task event to its task), never one per row. Lookups see only live records; a record
//! that is gone (deleted, or soft-deleted) is named from the entry's `before` (or `after`)
//! snapshot and gets a link only when what it belonged to outlives it.
//!
//! A new [`AuditEntity`] adds one arm to [`subject`] and, when its records can be looked
//! up, one query to [`Lookups::load`].

use crate::{
    schema::{
        area_groups, assignments, catalog_entries, memberships, model_evaluations, org_units, plan_items, plans,
        refresh_tokens, task_events, tasks, team_activities, users, working_groups,
    },
    DbConnection, StoreError,
};
use danvan_domain::audit::{AuditEntity, AuditEntry, AuditLink, AuditPage};
use diesel::prelude::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Sets `label` and `link` on every entry.
pub(super) fn fill(conn: &mut DbConnection, entries: &mut [AuditEntry]) -> Result<(), StoreError> {
    let lookups = Lookups::load(conn, entries)?;
    for entry in entries.iter_mut() {
        let (label, link) = subject(&lookups, entry);
        entry.label = label;
        entry.link = link;
    }
    Ok(())
}

/// A member and a working group: what a membership or an assignment joins.
#[derive(Debug, Clone)]
struct Pairing {
    user_id: String,
    working_group_id: String,
}

#[derive(Debug, Clone)]
struct Section {
    plan_id: String,
    number: String,
    title: String,
}

/// The live records a page of entries names, by id.
#[derive(Debug, Default)]
struct Lookups {
    /// Display name and username.
    users: HashMap<String, (String, String)>,
    /// Session (refresh-token family) → its user.
    sessions: HashMap<String, String>,
    org_units: HashMap<String, String>,
    area_groups: HashMap<String, String>,
    catalog_entries: HashMap<String, String>,
    plans: HashMap<String, String>,
    plan_items: HashMap<String, Section>,
    working_groups: HashMap<String, String>,
    memberships: HashMap<String, Pairing>,
    assignments: HashMap<String, Pairing>,
    tasks: HashMap<String, String>,
    /// Task event → its task.
    task_events: HashMap<String, String>,
    /// The page that shows the record an attachment belongs to, by the attachment's id.
    attachment_owners: HashMap<String, AuditLink>,
}

impl Lookups {
    fn load(conn: &mut DbConnection, entries: &[AuditEntry]) -> Result<Lookups, StoreError> {
        let ids = |kind: AuditEntity| -> BTreeSet<String> {
            entries.iter().filter(|entry| entry.entity == kind).filter_map(|entry| entry.entity_id.clone()).collect()
        };
        let mut found = Lookups::default();

        // Records that lead to others, first.
        let sessions = ids(AuditEntity::Session);
        if !sessions.is_empty() {
            let rows: Vec<(String, String)> = refresh_tokens::table
                .filter(refresh_tokens::family_id.eq_any(&sessions))
                .select((refresh_tokens::family_id, refresh_tokens::user_id))
                .distinct()
                .load(conn)?;
            found.sessions = rows.into_iter().collect();
        }
        let pairings = |rows: Vec<(String, String, String)>| -> HashMap<String, Pairing> {
            rows.into_iter()
                .map(|(id, working_group_id, user_id)| (id, Pairing { user_id, working_group_id }))
                .collect()
        };
        let wanted = ids(AuditEntity::Membership);
        if !wanted.is_empty() {
            found.memberships = pairings(
                memberships::table
                    .filter(memberships::id.eq_any(&wanted))
                    .select((memberships::id, memberships::working_group_id, memberships::user_id))
                    .load(conn)?,
            );
        }
        let wanted = ids(AuditEntity::Assignment);
        if !wanted.is_empty() {
            found.assignments = pairings(
                assignments::table
                    .filter(assignments::id.eq_any(&wanted))
                    .select((assignments::id, assignments::working_group_id, assignments::user_id))
                    .load(conn)?,
            );
        }
        let wanted = ids(AuditEntity::TaskEvent);
        if !wanted.is_empty() {
            let rows: Vec<(String, String)> = task_events::table
                .filter(task_events::id.eq_any(&wanted))
                .select((task_events::id, task_events::task_id))
                .load(conn)?;
            found.task_events = rows.into_iter().collect();
        }
        let wanted = ids(AuditEntity::PlanItem);
        if !wanted.is_empty() {
            let rows: Vec<(String, String, String, String)> = plan_items::table
                .filter(plan_items::id.eq_any(&wanted))
                .select((plan_items::id, plan_items::plan_id, plan_items::number, plan_items::title))
                .load(conn)?;
            found.plan_items =
                rows.into_iter().map(|(id, plan_id, number, title)| (id, Section { plan_id, number, title })).collect();
        }

        found.attachment_owners = attachment_owners(conn, entries)?;

        // Then the named records, each kind in one query.
        let mut user_ids = ids(AuditEntity::User);
        // A login names the user itself; later session entries name the session.
        user_ids.extend(sessions.iter().filter(|id| !found.sessions.contains_key(*id)).cloned());
        user_ids.extend(found.sessions.values().cloned());
        user_ids.extend(found.memberships.values().chain(found.assignments.values()).map(|p| p.user_id.clone()));
        if !user_ids.is_empty() {
            let rows: Vec<(String, String, String)> = users::table
                .filter(users::id.eq_any(&user_ids))
                .select((users::id, users::display_name, users::username))
                .load(conn)?;
            found.users = rows.into_iter().map(|(id, name, username)| (id, (name, username))).collect();
        }
        let mut group_ids = ids(AuditEntity::WorkingGroup);
        group_ids
            .extend(found.memberships.values().chain(found.assignments.values()).map(|p| p.working_group_id.clone()));
        if !group_ids.is_empty() {
            found.working_groups = working_groups::table
                .filter(working_groups::id.eq_any(&group_ids))
                .select((working_groups::id, working_groups::name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        let mut task_ids = ids(AuditEntity::Task);
        task_ids.extend(found.task_events.values().cloned());
        if !task_ids.is_empty() {
            found.tasks = tasks::table
                .filter(tasks::id.eq_any(&task_ids))
                .select((tasks::id, tasks::title))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        let wanted = ids(AuditEntity::OrgUnit);
        if !wanted.is_empty() {
            found.org_units = org_units::table
                .filter(org_units::id.eq_any(&wanted))
                .filter(org_units::deleted_at.is_null())
                .select((org_units::id, org_units::name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        let wanted = ids(AuditEntity::AreaGroup);
        if !wanted.is_empty() {
            found.area_groups = area_groups::table
                .filter(area_groups::id.eq_any(&wanted))
                .filter(area_groups::deleted_at.is_null())
                .select((area_groups::id, area_groups::name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        let wanted = ids(AuditEntity::Plan);
        if !wanted.is_empty() {
            found.plans = plans::table
                .filter(plans::id.eq_any(&wanted))
                .select((plans::id, plans::number))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        let wanted = ids(AuditEntity::CatalogEntry);
        if !wanted.is_empty() {
            found.catalog_entries = catalog_entries::table
                .filter(catalog_entries::id.eq_any(&wanted))
                .select((catalog_entries::id, catalog_entries::name_vi))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
        }
        Ok(found)
    }

    fn person(&self, user_id: &str) -> Option<String> {
        self.users.get(user_id).map(|(name, username)| person(name, username))
    }

    /// "Member — group" and a link to the group, for a membership or an assignment.
    fn pairing(&self, pairing: Option<&Pairing>) -> Option<(String, AuditLink)> {
        let pairing = pairing?;
        let member = self.users.get(&pairing.user_id).map(|(name, _)| name.clone())?;
        let group = self.working_groups.get(&pairing.working_group_id)?;
        Some((format!("{member} — {group}"), link(AuditPage::WorkingGroup, &pairing.working_group_id)?))
    }
}

/// The page of the record each attachment entry's file belongs to: a team's or a model's
/// own, and for an activity or an evaluation that of its team or model (one query each).
/// Read from the entries' snapshots, as an attachment never changes and its owner outlives it.
fn attachment_owners(
    conn: &mut DbConnection,
    entries: &[AuditEntry],
) -> Result<HashMap<String, AuditLink>, StoreError> {
    use danvan_domain::attachment::AttachmentOwnerKind;
    let owners: Vec<(String, AttachmentOwnerKind, String)> = entries
        .iter()
        .filter(|entry| entry.entity == AuditEntity::Attachment)
        .filter_map(|entry| {
            let kind = AttachmentOwnerKind::parse(snapshot(entry, "owner_kind")?)?;
            Some((entry.entity_id.clone()?, kind, snapshot(entry, "owner_id")?.to_owned()))
        })
        .collect();
    let of_kind = |kind: AttachmentOwnerKind| -> BTreeSet<String> {
        owners.iter().filter(|(_, k, _)| *k == kind).map(|(_, _, owner)| owner.clone()).collect()
    };
    let (activities, evaluations) =
        (of_kind(AttachmentOwnerKind::TeamActivity), of_kind(AttachmentOwnerKind::ModelEvaluation));
    let activity_teams: HashMap<String, String> = if activities.is_empty() {
        HashMap::new()
    } else {
        team_activities::table
            .filter(team_activities::id.eq_any(&activities))
            .select((team_activities::id, team_activities::team_id))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    let evaluation_models: HashMap<String, String> = if evaluations.is_empty() {
        HashMap::new()
    } else {
        model_evaluations::table
            .filter(model_evaluations::id.eq_any(&evaluations))
            .select((model_evaluations::id, model_evaluations::model_id))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    Ok(owners
        .into_iter()
        .filter_map(|(id, kind, owner)| {
            let page = match kind {
                AttachmentOwnerKind::Team => link(AuditPage::CommunityTeam, &owner),
                AttachmentOwnerKind::TeamModel => link(AuditPage::TeamModel, &owner),
                AttachmentOwnerKind::ReportSubmission => link(AuditPage::ReportSubmission, &owner),
                AttachmentOwnerKind::TeamActivity => link(AuditPage::CommunityTeam, activity_teams.get(&owner)?),
                AttachmentOwnerKind::ModelEvaluation => link(AuditPage::TeamModel, evaluation_models.get(&owner)?),
            }?;
            Some((id, page))
        })
        .collect())
}

fn person(name: &str, username: &str) -> String {
    format!("{name} ({username})")
}

fn link(page: AuditPage, id: &str) -> Option<AuditLink> {
    Some(AuditLink { page, id: Uuid::parse_str(id).ok()? })
}

/// A text field of the entry's snapshot: `before`, else `after`.
fn snapshot<'a>(entry: &'a AuditEntry, field: &str) -> Option<&'a str> {
    [&entry.before, &entry.after]
        .into_iter()
        .flatten()
        .find_map(|value| value.get(field).and_then(Value::as_str))
        .filter(|text| !text.is_empty())
}

/// The `name` of the reference `field` of a snapshot (`{"team": {"id", "name"}}`).
fn nested(entry: &AuditEntry, field: &str) -> Option<String> {
    [&entry.before, &entry.after]
        .into_iter()
        .flatten()
        .find_map(|value| value.get(field)?.get("name")?.as_str().map(str::to_owned))
}

/// The `id` of the reference `field` of a snapshot.
fn nested_id(entry: &AuditEntry, field: &str) -> Option<String> {
    [&entry.before, &entry.after]
        .into_iter()
        .flatten()
        .find_map(|value| value.get(field)?.get("id")?.as_str().map(str::to_owned))
}

/// The label and link of one entry.
fn subject(found: &Lookups, entry: &AuditEntry) -> (Option<String>, Option<AuditLink>) {
    let id = entry.entity_id.as_deref().unwrap_or_default();
    // When the record is gone: the name it had, and a link only to what outlives it.
    let named = |fields: &[&str]| -> Option<String> {
        fields.iter().find_map(|field| snapshot(entry, field)).map(str::to_owned)
    };
    let found_or = |live: Option<&String>, page: AuditPage, fields: &[&str]| match live {
        Some(name) => (Some(name.clone()), link(page, id)),
        None => (named(fields), None),
    };
    match entry.entity {
        AuditEntity::User => match found.person(id) {
            Some(label) => (Some(label), link(AuditPage::User, id)),
            None => (
                snapshot(entry, "display_name").map(|name| match snapshot(entry, "username") {
                    Some(username) => person(name, username),
                    None => name.to_owned(),
                }),
                None,
            ),
        },
        AuditEntity::Session => {
            let user_id = found.sessions.get(id).map(String::as_str).unwrap_or(id);
            match found.person(user_id) {
                Some(label) => (Some(label), link(AuditPage::User, user_id)),
                None => (None, None),
            }
        }
        AuditEntity::OrgUnit => found_or(found.org_units.get(id), AuditPage::OrgUnit, &["name"]),
        AuditEntity::AreaGroup => found_or(found.area_groups.get(id), AuditPage::AreaGroup, &["name"]),
        AuditEntity::Plan => found_or(found.plans.get(id), AuditPage::Plan, &["number"]),
        AuditEntity::WorkingGroup => found_or(found.working_groups.get(id), AuditPage::WorkingGroup, &["name"]),
        AuditEntity::Task => found_or(found.tasks.get(id), AuditPage::Task, &["title"]),
        // Catalogue entries have no page of their own.
        AuditEntity::CatalogEntry => (found.catalog_entries.get(id).cloned().or_else(|| named(&["name_vi"])), None),
        // Only imported as a whole.
        AuditEntity::Area => (None, None),
        AuditEntity::PlanItem => match found.plan_items.get(id) {
            Some(section) => {
                (Some(format!("{} {}", section.number, section.title)), link(AuditPage::Plan, &section.plan_id))
            }
            // Plans are never deleted, so a deleted section still links to its plan.
            None => (
                match (snapshot(entry, "number"), snapshot(entry, "title")) {
                    (Some(number), Some(title)) => Some(format!("{number} {title}")),
                    (number, title) => number.or(title).map(str::to_owned),
                },
                snapshot(entry, "plan_id").and_then(|plan| link(AuditPage::Plan, plan)),
            ),
        },
        AuditEntity::Membership | AuditEntity::Assignment => {
            let pairings =
                if entry.entity == AuditEntity::Membership { &found.memberships } else { &found.assignments };
            match found.pairing(pairings.get(id)) {
                Some((label, link)) => (Some(label), Some(link)),
                None => (named(&["display_name"]), None),
            }
        }
        // Teams and models are never deleted: their snapshots name them, and their pages stay.
        AuditEntity::CommunityTeam => (named(&["name"]), link(AuditPage::CommunityTeam, id)),
        AuditEntity::TeamModel => (nested(entry, "team"), link(AuditPage::TeamModel, id)),
        AuditEntity::TeamMember => {
            (named(&["name"]), snapshot(entry, "team_id").and_then(|team| link(AuditPage::CommunityTeam, team)))
        }
        AuditEntity::TeamActivity => {
            (named(&["occurred_on"]), snapshot(entry, "team_id").and_then(|team| link(AuditPage::CommunityTeam, team)))
        }
        AuditEntity::TeamIndicatorValues => {
            let team = id.split('/').next().unwrap_or_default();
            (Some(id.replace('/', " · ")), link(AuditPage::CommunityTeam, team))
        }
        AuditEntity::ModelEvaluation => (
            nested(entry, "evaluator"),
            snapshot(entry, "model_id").and_then(|model| link(AuditPage::TeamModel, model)),
        ),
        AuditEntity::ModelAdoption => {
            (nested(entry, "team"), snapshot(entry, "model_id").and_then(|model| link(AuditPage::TeamModel, model)))
        }
        // Managed lists have no page of their own.
        AuditEntity::TeamKind | AuditEntity::TeamIndicator => (named(&["name_vi"]), None),
        // Aid records are never deleted: their snapshots name them, and their pages stay.
        AuditEntity::AidItem => (named(&["name_vi"]), None),
        AuditEntity::AidLocation => (named(&["name"]), link(AuditPage::StockLocation, id)),
        AuditEntity::Donor => (named(&["name"]), link(AuditPage::Donor, id)),
        AuditEntity::Campaign => (named(&["name"]), link(AuditPage::Campaign, id)),
        AuditEntity::Donation => (named(&["receipt_number"]), link(AuditPage::Donation, id)),
        AuditEntity::Pledge | AuditEntity::CashEntry => (
            nested(entry, "campaign"),
            nested_id(entry, "campaign").and_then(|campaign| link(AuditPage::Campaign, &campaign)),
        ),
        AuditEntity::StockTransfer => (
            nested(entry, "from_location"),
            nested_id(entry, "from_location").and_then(|location| link(AuditPage::StockLocation, &location)),
        ),
        AuditEntity::StockAdjustment => (
            nested(entry, "item"),
            nested_id(entry, "location").and_then(|location| link(AuditPage::StockLocation, &location)),
        ),
        // People and households are never deleted: their snapshots name them.
        AuditEntity::SupportCategory => (named(&["name_vi"]), None),
        AuditEntity::Household => (named(&["name"]), link(AuditPage::Household, id)),
        AuditEntity::Beneficiary => (named(&["full_name"]), link(AuditPage::Beneficiary, id)),
        AuditEntity::DistributionRound => (named(&["name"]), link(AuditPage::DistributionRound, id)),
        // A line is shown on its round's page.
        AuditEntity::DistributionLine => (
            nested(entry, "beneficiary").or_else(|| named(&["full_name", "name"])),
            nested_id(entry, "round")
                .or_else(|| snapshot(entry, "round_id").map(str::to_owned))
                .and_then(|round| link(AuditPage::DistributionRound, &round)),
        ),
        AuditEntity::ReportTemplate => (named(&["name"]), link(AuditPage::ReportTemplate, id)),
        AuditEntity::ReportSubmission => (named(&["title"]), link(AuditPage::ReportSubmission, id)),
        AuditEntity::ConsolidatedReport => (named(&["title"]), link(AuditPage::ConsolidatedReport, id)),
        // Attachments never change: the snapshot names the file, and the link is its owner's page.
        AuditEntity::Attachment => (named(&["file_name"]), found.attachment_owners.get(id).copied()),
        AuditEntity::TaskEvent => {
            let task_id = found.task_events.get(id);
            match task_id.and_then(|task| found.tasks.get(task).map(|title| (task, title))) {
                Some((task, title)) => (Some(title.clone()), link(AuditPage::Task, task)),
                None => (None, None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use danvan_domain::audit::AuditAction;
    use serde_json::json;

    fn entry(entity: AuditEntity, id: &str, before: Option<Value>) -> AuditEntry {
        AuditEntry {
            id: Uuid::now_v7(),
            at: Utc::now(),
            actor_id: None,
            actor_username: None,
            action: AuditAction::Delete,
            entity,
            entity_id: Some(id.to_owned()),
            label: None,
            link: None,
            before,
            after: None,
            request_id: None,
        }
    }

    #[test]
    fn a_deleted_record_is_named_from_its_before_snapshot_without_a_link() {
        let id = Uuid::now_v7().to_string();
        let gone = entry(AuditEntity::AreaGroup, &id, Some(json!({ "name": "Nam Bộ" })));
        assert_eq!(subject(&Lookups::default(), &gone), (Some("Nam Bộ".to_owned()), None));
    }

    #[test]
    fn a_deleted_plan_section_still_links_to_its_plan() {
        let plan = Uuid::now_v7();
        let gone = entry(
            AuditEntity::PlanItem,
            &Uuid::now_v7().to_string(),
            Some(json!({ "number": "II.3", "title": "Hỗ trợ", "plan_id": plan.to_string() })),
        );
        let (label, link) = subject(&Lookups::default(), &gone);
        assert_eq!(label.as_deref(), Some("II.3 Hỗ trợ"));
        assert_eq!(link, Some(AuditLink { page: AuditPage::Plan, id: plan }));
    }

    #[test]
    fn a_membership_reads_member_then_group_and_links_to_the_group() {
        let (membership, user, group) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let mut found = Lookups::default();
        found.users.insert(user.to_string(), ("Nguyễn Văn A".into(), "nva".into()));
        found.working_groups.insert(group.to_string(), "Tổ công tác".into());
        found
            .memberships
            .insert(membership.to_string(), Pairing { user_id: user.to_string(), working_group_id: group.to_string() });
        let row = entry(AuditEntity::Membership, &membership.to_string(), None);
        let (label, link) = subject(&found, &row);
        assert_eq!(label.as_deref(), Some("Nguyễn Văn A — Tổ công tác"));
        assert_eq!(link, Some(AuditLink { page: AuditPage::WorkingGroup, id: group }));
    }
}
