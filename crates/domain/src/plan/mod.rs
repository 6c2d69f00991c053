//! Plans and their numbered items. A plan (e.g. 16-KH/BDVTW) is a tree of sections
//! (I, I.1, II.3, III.2…); tasks and, later, reports link to the item they serve.

mod items;
mod plans;

pub use items::{is_valid_item_number, CreatePlanItem, PlanItem, PlanItemProgress, UpdatePlanItem};
pub use plans::{
    CreatePlan, Plan, PlanStatus, UpdatePlan, BASIS_MAX, BODY_MAX, ITEM_NUMBER_PATTERN, PLAN_NUMBER_MAX, TITLE_MAX,
};
