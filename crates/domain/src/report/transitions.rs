//! The submissions' transition table: which status may follow which, and who may make the
//! move. Any other move is refused (409).

use super::SubmissionStatus;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// How a caller stands to a submission, which decides the moves they may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionActor {
    /// Wrote it.
    Reporter,
    /// The working group's standing unit (and administrators), who review.
    StandingUnit,
}

impl SubmissionActor {
    /// How a caller in `role` stands to a report (`is_reporter`: they wrote it). Nobody
    /// reviews their own report: its reporter stands as its reporter only.
    pub fn of(role: Role, is_reporter: bool) -> Vec<SubmissionActor> {
        if is_reporter {
            return if role == Role::Viewer { Vec::new() } else { vec![SubmissionActor::Reporter] };
        }
        if matches!(role, Role::Admin | Role::StandingUnit) {
            vec![SubmissionActor::StandingUnit]
        } else {
            Vec::new()
        }
    }
}

/// One allowed transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmissionTransitionRule {
    pub from: SubmissionStatus,
    pub to: SubmissionStatus,
    pub by: SubmissionActor,
}

const fn by(by: SubmissionActor, from: SubmissionStatus, to: SubmissionStatus) -> SubmissionTransitionRule {
    SubmissionTransitionRule { from, to, by }
}

/// Every allowed transition and who may make it. Approving locks a submission; only the
/// standing unit reopens it (approved → returned, with a reason, audited).
pub const SUBMISSION_TRANSITIONS: &[SubmissionTransitionRule] = {
    use SubmissionActor::*;
    use SubmissionStatus::*;
    &[
        by(Reporter, Draft, Submitted),
        by(Reporter, Returned, Submitted),
        by(StandingUnit, Submitted, Approved),
        by(StandingUnit, Submitted, Returned),
        by(StandingUnit, Approved, Returned),
    ]
};

pub fn may_move_submission(from: SubmissionStatus, to: SubmissionStatus, actors: &[SubmissionActor]) -> bool {
    SUBMISSION_TRANSITIONS.iter().any(|rule| rule.from == from && rule.to == to && actors.contains(&rule.by))
}

/// The statuses someone standing as `actors` may move a submission to now.
pub fn submission_moves_from(from: SubmissionStatus, actors: &[SubmissionActor]) -> Vec<SubmissionStatus> {
    let mut targets: Vec<SubmissionStatus> = SUBMISSION_TRANSITIONS
        .iter()
        .filter(|rule| rule.from == from && actors.contains(&rule.by))
        .map(|rule| rule.to)
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

/// Whether its reporter may still change it: a draft, or sent back.
pub fn is_editable(status: SubmissionStatus) -> bool {
    matches!(status, SubmissionStatus::Draft | SubmissionStatus::Returned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubmissionActor::*;
    use SubmissionStatus::*;

    #[test]
    fn reporters_submit_and_only_the_standing_unit_approves_or_reopens() {
        assert!(may_move_submission(Draft, Submitted, &[Reporter]));
        assert!(!may_move_submission(Submitted, Approved, &[Reporter]));
        assert!(may_move_submission(Submitted, Approved, &[StandingUnit]));
        assert!(may_move_submission(Approved, Returned, &[StandingUnit]));
        assert!(!may_move_submission(Approved, Returned, &[Reporter]));
        assert!(!is_editable(Approved) && !is_editable(Submitted));
        assert_eq!(SubmissionActor::of(Role::StandingUnit, true), vec![Reporter], "nobody reviews their own report");
        assert_eq!(SubmissionActor::of(Role::StandingUnit, false), vec![StandingUnit]);
        assert!(SubmissionActor::of(Role::Viewer, true).is_empty());
    }
}
