//! Community COVID teams: the managed lists (kinds, indicators), the registry with its
//! map and export, rosters, activity logs, indicator values, the scorecard, and the
//! model pipeline. One file per endpoint group; fixed paths (`/export`, `/map`) are
//! mounted before `/{id}`.

mod activities;
mod adoptions;
mod evaluations;
mod models;
mod roster;
mod scorecard;
mod teams;
mod vocabulary;

use crate::auth::Caller;
use danvan_store::scope::Viewer;
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(vocabulary::list_team_kinds)
        .service(vocabulary::create_team_kind)
        .service(vocabulary::update_team_kind)
        .service(vocabulary::list_team_indicators)
        .service(vocabulary::create_team_indicator)
        .service(vocabulary::update_team_indicator)
        .service(teams::list_teams)
        .service(teams::export_teams)
        .service(teams::team_map)
        .service(teams::create_team)
        .service(teams::get_team)
        .service(teams::update_team)
        .service(roster::list_team_members)
        .service(roster::create_team_member)
        .service(roster::update_team_member)
        .service(roster::reveal_team_member_phone)
        .service(activities::list_team_activities)
        .service(activities::create_team_activity)
        .service(activities::update_team_activity)
        .service(scorecard::list_indicator_values)
        .service(scorecard::record_indicator_values)
        .service(scorecard::team_scorecard)
        .service(scorecard::team_scorecard_line)
        .service(scorecard::export_team_scorecard)
        .service(models::list_team_models)
        .service(models::nominate_team)
        .service(models::get_team_model)
        .service(models::update_team_model)
        .service(models::transition_team_model)
        .service(models::team_model_timeline)
        .service(evaluations::list_model_evaluations)
        .service(evaluations::evaluate_team_model)
        .service(evaluations::update_model_evaluation)
        .service(adoptions::list_model_adoptions)
        .service(adoptions::record_model_adoption)
        .service(adoptions::model_adoption_comparison);
}

/// The scope rules' view of the caller.
pub(crate) fn viewer(caller: &Caller) -> Viewer {
    Viewer::new(&caller.user, &caller.scope)
}
