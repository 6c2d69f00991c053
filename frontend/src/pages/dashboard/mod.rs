//! The dashboard: how many accounts, org units and areas (per layout) there are, and the
//! latest audit events for those who may read them.

pub mod i18n;
pub mod model;

use crate::{
    api::{self, audit::AuditFilter},
    components::{
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
    },
    format,
    pages::{
        audit::model::{action_label, entity_label},
        dashboard::model::area_total,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    area::{AreaLevel, Layout},
    permission::Action,
};
use yew::prelude::*;

#[component]
pub fn Dashboard() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.dashboard"));
    let state = &session.state;
    let (can_users, can_audit) = (state.can(Action::UsersRead), state.can(Action::AuditRead));
    let users = use_load(can_users, |allowed| async move {
        if allowed {
            api::client().all_users(&[]).await.map(|users| users.len() as i64)
        } else {
            Ok(0)
        }
    });
    let units = use_load((), |()| async { api::client().all_org_units(&[]).await.map(|units| units.len() as i64) });
    let areas = use_load((), |()| async { api::client().area_counts().await });
    let recent = use_load(can_audit, |allowed| async move {
        if allowed {
            api::audit::list(&AuditFilter::default(), None, 5).await.map(|page| Some(page.items))
        } else {
            Ok(None)
        }
    });
    let count = |load: &Load<i64>| match load {
        Load::Ready(n) => format::number(lang, **n),
        Load::Loading => "…".to_owned(),
        Load::Failed(_) => "—".to_owned(),
    };
    let area_card = |layout: Layout| {
        let testid = format!("count-areas-{}", layout.as_str());
        let (total, detail) = match &*areas {
            Load::Ready(counts) => (
                format::number(lang, area_total(counts, layout, None)),
                AreaLevel::ALL
                    .into_iter()
                    .filter(|level| area_total(counts, layout, Some(*level)) > 0)
                    .map(|level| {
                        let n = format::number(lang, area_total(counts, layout, Some(level)));
                        format!("{n} {}", session.t(&format!("level.plural.{}", level.as_str())))
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            Load::Loading => ("…".to_owned(), String::new()),
            Load::Failed(_) => ("—".to_owned(), String::new()),
        };
        html! {
            <li class="stat">
                <span class="stat-label">{ format!("{} {}", session.t("dashboard.areas"), layout.as_str()) }</span>
                <span class="stat-value" data-testid={testid}>{ total }</span>
                <span class="stat-detail">{ detail }</span>
            </li>
        }
    };
    html! {
        <section data-testid="dashboard">
            <h1>{ session.t("nav.dashboard") }</h1>
            if let Some(name) = state.me.as_ref().map(|me| me.user.display_name.clone()) {
                <p class="muted">{ format!("{}, {name}.", session.t("dashboard.welcome")) }</p>
            }
            <ul class="stats">
                if can_users {
                    <li class="stat">
                        <span class="stat-label">{ session.t("dashboard.users") }</span>
                        <span class="stat-value" data-testid="count-users">{ count(&users) }</span>
                        <AppLink to={Route::Users} class="stat-detail">{ session.t("dashboard.open") }</AppLink>
                    </li>
                }
                <li class="stat">
                    <span class="stat-label">{ session.t("dashboard.org_units") }</span>
                    <span class="stat-value" data-testid="count-org-units">{ count(&units) }</span>
                    <AppLink to={Route::OrgUnits} class="stat-detail">{ session.t("dashboard.open") }</AppLink>
                </li>
                { area_card(Layout::L2021) }
                { area_card(Layout::L2025) }
            </ul>
            if can_audit {
                <h2>{ session.t("dashboard.recent") }</h2>
                { match &*recent {
                    Load::Loading => html! { <Loading /> },
                    Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                    Load::Ready(entries) => match entries.as_ref() {
                        Some(entries) if !entries.is_empty() => html! {
                            <ul class="recent">
                                { for entries.iter().map(|entry| html! {
                                    <li>
                                        <time datetime={entry.at.to_rfc3339()}>{ format::datetime(lang, &entry.at) }</time>
                                        { " " }
                                        <strong>{ entry.actor_username.clone().unwrap_or_else(|| session.t("audit.system").to_owned()) }</strong>
                                        { " " }{ action_label(lang, entry.action) }
                                        { " · " }{ entity_label(lang, entry.entity) }
                                        if let Some(label) = &entry.label { { " · " }{ label.clone() } }
                                    </li>
                                }) }
                            </ul>
                        },
                        _ => html! { <Empty /> },
                    },
                } }
                <AppLink to={Route::Audit}>{ session.t("dashboard.all_audit") }</AppLink>
            }
        </section>
    }
}
