//! Working groups (Tổ công tác) and their members. The group's head is whoever holds the
//! `head` position on the roster today; at most one member holds it at a time.

mod groups;
mod members;

pub use groups::{CreateWorkingGroup, UpdateWorkingGroup, WorkingGroup};
pub use members::{AddMember, MemberPosition, Membership, UpdateMembership};
