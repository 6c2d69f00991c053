//! The model pipeline's transition table: which status may follow which, and who may
//! make the move. Any other move is refused (409).

use super::ModelStatus;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// How a caller stands to a model, which decides the moves they may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModelActor {
    /// Nominated the team.
    Nominator,
    /// The Commission's Office (and administrators), who evaluate.
    Office,
    /// The Commission's leadership, who decide.
    Leadership,
}

impl ModelActor {
    /// How a caller in `role` stands to a model nominated by someone (`is_nominator`).
    pub fn of(role: Role, is_nominator: bool) -> Vec<ModelActor> {
        let mut actors = Vec::new();
        if is_nominator && role != Role::Viewer {
            actors.push(ModelActor::Nominator);
        }
        if matches!(role, Role::Admin | Role::Office) {
            actors.push(ModelActor::Office);
        }
        if role == Role::Leader {
            actors.push(ModelActor::Leadership);
        }
        actors
    }
}

/// One allowed transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelTransitionRule {
    pub from: ModelStatus,
    pub to: ModelStatus,
    pub by: ModelActor,
}

const fn by(by: ModelActor, from: ModelStatus, to: ModelStatus) -> ModelTransitionRule {
    ModelTransitionRule { from, to, by }
}

/// Every allowed transition and who may make it.
pub const MODEL_TRANSITIONS: &[ModelTransitionRule] = {
    use ModelActor::*;
    use ModelStatus::*;
    &[
        by(Office, Nominated, Evaluating),
        by(Office, Evaluating, AwaitingDecision),
        by(Office, Evaluating, NeedsEvidence),
        by(Leadership, AwaitingDecision, Recommended),
        by(Leadership, AwaitingDecision, NotRecommended),
        by(Leadership, AwaitingDecision, NeedsEvidence),
        by(Nominator, NeedsEvidence, Nominated),
        by(Office, NeedsEvidence, Nominated),
        by(Nominator, Nominated, Withdrawn),
        by(Office, Nominated, Withdrawn),
        by(Nominator, NeedsEvidence, Withdrawn),
        by(Office, NeedsEvidence, Withdrawn),
    ]
};

/// Whether someone standing to the model as `actors` may move it from `from` to `to`.
pub fn may_move_model(from: ModelStatus, to: ModelStatus, actors: &[ModelActor]) -> bool {
    MODEL_TRANSITIONS.iter().any(|rule| rule.from == from && rule.to == to && actors.contains(&rule.by))
}

/// The statuses someone standing to the model as `actors` may move it to now.
pub fn model_moves_from(from: ModelStatus, actors: &[ModelActor]) -> Vec<ModelStatus> {
    let mut targets: Vec<ModelStatus> =
        MODEL_TRANSITIONS.iter().filter(|rule| rule.from == from && actors.contains(&rule.by)).map(|r| r.to).collect();
    targets.sort();
    targets.dedup();
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use ModelActor::*;
    use ModelStatus::*;

    #[test]
    fn the_office_evaluates_and_only_the_leadership_decides() {
        assert!(may_move_model(Nominated, Evaluating, &[Office]));
        assert!(!may_move_model(Nominated, Evaluating, &[Nominator]));
        for decision in [Recommended, NotRecommended] {
            assert!(may_move_model(AwaitingDecision, decision, &[Leadership]));
            assert!(!may_move_model(AwaitingDecision, decision, &[Office, Nominator]));
        }
    }

    #[test]
    fn decisions_are_final_and_every_status_is_reachable() {
        for status in [Recommended, NotRecommended, Withdrawn] {
            assert!(model_moves_from(status, &[Nominator, Office, Leadership]).is_empty(), "{status}");
        }
        let mut reached = vec![Nominated];
        let mut index = 0;
        while index < reached.len() {
            let from = reached[index];
            for rule in MODEL_TRANSITIONS.iter().filter(|rule| rule.from == from) {
                if !reached.contains(&rule.to) {
                    reached.push(rule.to);
                }
            }
            index += 1;
        }
        assert_eq!(reached.len(), ModelStatus::ALL.len());
    }

    #[test]
    fn roles_stand_to_a_model_as_the_table_expects() {
        assert_eq!(ModelActor::of(Role::Office, false), [Office]);
        assert_eq!(ModelActor::of(Role::Leader, false), [Leadership]);
        assert_eq!(ModelActor::of(Role::RegionalOffice, true), [Nominator]);
        assert!(ModelActor::of(Role::Viewer, true).is_empty());
        assert!(ModelActor::of(Role::Member, false).is_empty());
    }
}
