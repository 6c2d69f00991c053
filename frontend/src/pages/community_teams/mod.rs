//! Community COVID teams (plan section III.3): the registry with its map in [`list`], a
//! team's page in [`team`] (its roster in [`roster`], activity log in [`activities`] with
//! the photos of [`photos`], indicators in [`indicators`]), the form that registers or
//! changes a team in [`form`], the scorecard in [`scorecard`], the model pipeline in
//! [`pipeline`] and one model in [`team_model`] (its evaluations in [`evaluations`], its
//! adoptions in [`adoptions`]); their pure logic in [`model`].

pub mod activities;
pub mod adoptions;
pub mod evaluations;
pub mod form;
pub mod i18n;
pub mod indicators;
pub mod list;
pub mod model;
pub mod photos;
pub mod pipeline;
pub mod roster;
pub mod scorecard;
pub mod team;
pub mod team_model;
