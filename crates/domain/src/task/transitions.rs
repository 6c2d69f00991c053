//! The transition table: which status may follow which, and whether an assignee or a
//! manager may make the move.

use super::TaskStatus;
use serde::{Deserialize, Serialize};

/// How a caller stands to a task, which decides the moves they may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskRelation {
    /// Named as an assignee, or works in an org unit that is.
    Assignee,
    /// Created the task, or is an administrator or the group head.
    Manager,
}

/// One allowed transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: TaskStatus,
    pub to: TaskStatus,
    pub by: TaskRelation,
}

const fn by_assignee(from: TaskStatus, to: TaskStatus) -> Transition {
    Transition { from, to, by: TaskRelation::Assignee }
}

const fn by_manager(from: TaskStatus, to: TaskStatus) -> Transition {
    Transition { from, to, by: TaskRelation::Manager }
}

/// Every allowed transition and who may make it. Anything not listed is refused.
pub const TRANSITIONS: &[Transition] = {
    use TaskStatus::*;
    &[
        by_assignee(New, Accepted),
        by_assignee(Accepted, InProgress),
        by_assignee(Reopened, InProgress),
        by_assignee(Accepted, Blocked),
        by_assignee(InProgress, Blocked),
        by_assignee(Reopened, Blocked),
        by_assignee(Blocked, InProgress),
        by_manager(Blocked, InProgress),
        by_assignee(InProgress, Done),
        by_manager(Done, Verified),
        by_manager(Done, Reopened),
        by_manager(Verified, Reopened),
        by_manager(Cancelled, Reopened),
        by_manager(New, Cancelled),
        by_manager(Accepted, Cancelled),
        by_manager(InProgress, Cancelled),
        by_manager(Blocked, Cancelled),
        by_manager(Reopened, Cancelled),
    ]
};

/// Whether someone standing to the task as `relations` may transition it from `from` to `to`.
pub fn may_transition(from: TaskStatus, to: TaskStatus, relations: &[TaskRelation]) -> bool {
    TRANSITIONS.iter().any(|step| step.from == from && step.to == to && relations.contains(&step.by))
}

/// The statuses someone standing to the task as `relations` may transition it to now.
pub fn transitions_from(from: TaskStatus, relations: &[TaskRelation]) -> Vec<TaskStatus> {
    let mut targets: Vec<TaskStatus> = TRANSITIONS
        .iter()
        .filter(|step| step.from == from && relations.contains(&step.by))
        .map(|step| step.to)
        .collect();
    targets.dedup();
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskRelation::*;
    use TaskStatus::*;

    #[test]
    fn the_happy_path_alternates_assignee_and_manager() {
        assert!(may_transition(New, Accepted, &[Assignee]));
        assert!(may_transition(Accepted, InProgress, &[Assignee]));
        assert!(may_transition(InProgress, Done, &[Assignee]));
        assert!(may_transition(Done, Verified, &[Manager]));
        assert!(!may_transition(Done, Verified, &[Assignee]));
        assert!(!may_transition(New, Accepted, &[Manager]));
    }

    #[test]
    fn finished_and_cancelled_tasks_only_reopen() {
        for from in [Verified, Cancelled] {
            assert_eq!(transitions_from(from, &[Assignee, Manager]), [Reopened]);
        }
        assert!(transitions_from(Verified, &[Assignee]).is_empty());
    }

    #[test]
    fn no_status_moves_to_itself_or_back_to_new() {
        for transition in TRANSITIONS {
            assert_ne!(transition.from, transition.to);
            assert_ne!(transition.to, New);
        }
    }

    #[test]
    fn every_status_is_reachable_from_new() {
        let mut reached = vec![New];
        let mut index = 0;
        while index < reached.len() {
            let from = reached[index];
            for transition in TRANSITIONS.iter().filter(|transition| transition.from == from) {
                if !reached.contains(&transition.to) {
                    reached.push(transition.to);
                }
            }
            index += 1;
        }
        assert_eq!(reached.len(), TaskStatus::ALL.len());
    }
}
