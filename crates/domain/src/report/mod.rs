//! Reports (plan sections III.1, III.2, III.4, III.5): templates with their versions, the
//! obligations derived from the assignment matrix, the regional offices and the units,
//! submissions and their review, and the consolidated report for the leadership.

mod consolidated;
mod periods;
mod submissions;
mod templates;
mod transitions;

pub use consolidated::*;
pub use periods::*;
pub use submissions::*;
pub use templates::*;
pub use transitions::*;
