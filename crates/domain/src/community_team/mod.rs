//! Community COVID teams (Tổ COVID cộng đồng, plan section III.3): the registry with its
//! rosters and activity logs, indicators and the scorecard, and the model pipeline that
//! follows an effective team from nomination to its adoption elsewhere.

mod indicators;
mod models;
mod scorecard;
mod teams;
mod transitions;

pub use indicators::*;
pub use models::*;
pub use scorecard::*;
pub use teams::*;
pub use transitions::*;
