//! Working groups and their rosters. A membership runs from `joined_on` to `left_on`
//! (its last day, inclusive); the head is whoever holds a membership with position
//! `head` on the day asked, and no two head memberships of a group overlap.

mod read;
mod rows;
mod write;

pub use read::{
    by_name, for_viewer, get, is_current_head, is_member_on, list, list_members, membership, roster, RosterView,
};
pub use write::{add_member, create, update, update_membership};
