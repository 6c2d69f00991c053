//! The audit log: one append-only row per mutation, written in the mutation's transaction.
//!
//! The vocabulary is typed: [`AuditEntity`] names every kind of record a module audits and
//! [`AuditAction`] every thing done to one. Their text is what the database stores and the
//! API sends; a module that audits something new adds its variant here, and the compiler
//! then points at the store's label lookup and the web app's test at the missing labels.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// The kind of record an audit entry is about.
    pub enum AuditEntity {
        /// A user account.
        User = "user",
        /// A signed-in session: a login, a logout, the end of every session of a user.
        Session = "session",
        /// A department, office or other unit.
        OrgUnit = "org_unit",
        /// The administrative areas as a whole (their import).
        Area = "area",
        /// A named set of areas: a region, a standing office's coverage.
        AreaGroup = "area_group",
        /// An entry of a catalogue (target groups, fields), or the catalogue's import.
        CatalogEntry = "catalog_entry",
        Plan = "plan",
        /// A numbered section of a plan.
        PlanItem = "plan_item",
        WorkingGroup = "working_group",
        /// A person's place on a working group's roster.
        Membership = "membership",
        /// A member's assignment: target groups, fields and areas over a period.
        Assignment = "assignment",
        Task = "task",
        /// A progress report, comment or other event on a task.
        TaskEvent = "task_event",
        /// A kind of community team (managed list).
        TeamKind = "team_kind",
        CommunityTeam = "community_team",
        /// A member of a community team's roster.
        TeamMember = "team_member",
        /// An entry of a community team's activity log.
        TeamActivity = "team_activity",
        /// An indicator of the community teams' scorecard.
        TeamIndicator = "team_indicator",
        /// A team's indicator values for one month (id: `<team id>/<YYYY-MM>`).
        TeamIndicatorValues = "team_indicator_values",
        /// A community team nominated as a model.
        TeamModel = "team_model",
        ModelEvaluation = "model_evaluation",
        ModelAdoption = "model_adoption",
        /// A file attached to a record (uploaded or deleted; attachments never change).
        Attachment = "attachment",
        /// A kind of goods in the aid item list.
        AidItem = "aid_item",
        /// A warehouse or collection point.
        AidLocation = "aid_location",
        Donor = "donor",
        Campaign = "campaign",
        Pledge = "pledge",
        /// A donation received and its receipt.
        Donation = "donation",
        StockTransfer = "stock_transfer",
        StockAdjustment = "stock_adjustment",
        /// Money paid out of a campaign.
        CashEntry = "cash_entry",
        /// A category of people to support (the managed list).
        SupportCategory = "support_category",
        Household = "household",
        /// A person aid is for (their personal data never in the audit row).
        Beneficiary = "beneficiary",
        DistributionRound = "distribution_round",
        /// One beneficiary of a round: delivered or not, and why.
        DistributionLine = "distribution_line",
        ReportTemplate = "report_template",
        /// A reporter's report for a period, or an urgent one.
        ReportSubmission = "report_submission",
        /// The consolidated report of a period for the leadership.
        ConsolidatedReport = "consolidated_report",
    }
}

crate::text_enum! {
    /// What was done to the record.
    pub enum AuditAction {
        Create = "create",
        Update = "update",
        Delete = "delete",
        /// Reference data loaded in bulk (areas, catalogue defaults).
        Import = "import",
        /// A user account switched on again.
        Activate = "activate",
        /// A user account switched off; its sessions end.
        Deactivate = "deactivate",
        /// An administrator set a user's password.
        ResetPassword = "reset_password",
        /// A user changed their own password.
        ChangePassword = "change_password",
        Login = "login",
        /// A sign-in refused (wrong password, unknown or switched-off account); the typed
        /// username is not kept, as people sometimes type their password there.
        LoginFailed = "login_failed",
        Logout = "logout",
        /// Every session of a user ended (a refresh token was used twice).
        RevokeSessions = "revoke_sessions",
        /// An assignment changed from a date on: the old row ends, a new one replaces it.
        Change = "change",
        /// An assignment ended.
        End = "end",
        /// A task moved to another status. Rows written before the rename say `move`.
        #[serde(alias = "move")]
        Transition = "transition",
        /// Personal data shown in full to a caller who gave a reason. The row keeps who,
        /// which record, which field and the reason; never the value.
        Reveal = "reveal",
        /// A posted donation, transfer or payment undone by movements that point to it.
        Reverse = "reverse",
        /// A stock adjustment or a distribution round approved by a second person, or
        /// rejected.
        Approve = "approve",
        Reject = "reject",
        /// A likely duplicate entered anyway, with the reason given.
        Override = "override",
        /// Two records of one person made one; the merged record points to the other.
        Merge = "merge",
        /// Consent withdrawn: processing of the person's data stops.
        Withdraw = "withdraw",
        /// A consolidated report signed off by the leader: numbered and locked.
        SignOff = "sign_off",
    }
}

/// Texts older rows store for an action that has since been renamed.
const FORMER_ACTION_TEXTS: &[(&str, AuditAction)] = &[("move", AuditAction::Transition)];

impl AuditAction {
    /// Reads the text of a stored row, including the former names of renamed actions.
    pub fn parse_stored(text: &str) -> Option<AuditAction> {
        AuditAction::parse(text)
            .or_else(|| FORMER_ACTION_TEXTS.iter().find(|(former, _)| *former == text).map(|(_, action)| *action))
    }

    /// Every text a stored row of this action may carry: its own, then any former ones.
    pub fn stored_texts(self) -> Vec<&'static str> {
        std::iter::once(self.as_str())
            .chain(FORMER_ACTION_TEXTS.iter().filter(|(_, action)| *action == self).map(|(former, _)| *former))
            .collect()
    }
}

crate::text_enum! {
    /// A page that shows one record.
    pub enum AuditPage {
        /// A user account.
        User = "user",
        /// The org unit tree.
        OrgUnit = "org_unit",
        AreaGroup = "area_group",
        /// A plan with its sections.
        Plan = "plan",
        /// A working group's roster (and its assignments).
        WorkingGroup = "working_group",
        Task = "task",
        CommunityTeam = "community_team",
        TeamModel = "team_model",
        Donor = "donor",
        Campaign = "campaign",
        Donation = "donation",
        /// A location's stock: balances, movements, transfers and adjustments.
        StockLocation = "stock_location",
        Beneficiary = "beneficiary",
        Household = "household",
        DistributionRound = "distribution_round",
        ReportTemplate = "report_template",
        ReportSubmission = "report_submission",
        ConsolidatedReport = "consolidated_report",
    }
}

/// Where to see the record an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLink {
    /// The kind of page.
    pub page: AuditPage,
    /// The id of the record that page is about: the record itself, or what it belongs to
    /// (a membership's or an assignment's working group, a plan section's plan, a task
    /// event's task, a session's user).
    pub id: Uuid,
}

/// One audited change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Who made the change; absent for the system itself.
    pub actor_id: Option<Uuid>,
    /// The actor's username at the time.
    pub actor_username: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// The kind of record changed.
    pub entity: AuditEntity,
    /// The id of the record changed; absent for bulk changes such as imports.
    pub entity_id: Option<String>,
    /// What the record is, for people: a task's title, a person's name and username, a
    /// unit's or group's name, a plan's number, "member — group" for a membership or an
    /// assignment. The current name when the record still exists, else the one in
    /// `before` (or `after`); absent when nothing names it (an import).
    pub label: Option<String>,
    /// The page that shows the record, when there is one.
    pub link: Option<AuditLink>,
    /// The entity before the change (secrets left out).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// The entity after the change (secrets left out).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    /// The `X-Request-Id` of the request that made the change.
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_move_reads_as_a_transition_and_new_rows_say_transition() {
        assert_eq!(AuditAction::parse_stored("move"), Some(AuditAction::Transition));
        assert_eq!(AuditAction::parse_stored("transition"), Some(AuditAction::Transition));
        assert_eq!(AuditAction::Transition.as_str(), "transition");
        assert_eq!(AuditAction::Transition.stored_texts(), vec!["transition", "move"]);
        assert_eq!(AuditAction::Create.stored_texts(), vec!["create"]);
        assert_eq!(AuditAction::parse_stored("teleport"), None);
        // The public parser knows only current names, so the OpenAPI enum is the truth.
        assert_eq!(AuditAction::parse("move"), None);
    }

    #[test]
    fn every_stored_text_parses_back_to_its_value() {
        for entity in AuditEntity::ALL {
            assert_eq!(AuditEntity::parse(entity.as_str()), Some(*entity));
        }
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse_stored(action.as_str()), Some(*action));
        }
    }
}
