//! The audit log: who changed what and when, filtered by entity, action, actor and time,
//! read page by page; each row opens to the record before and after.

pub mod i18n;

use crate::{
    api::{self, audit::AuditFilter},
    components::{
        hooks::{use_debounced, use_title},
        load::{use_load, use_paged},
        status::{Empty, ErrorNote, Loading},
    },
    format,
    i18n::{lookup, Lang},
    state::use_session,
};
use danvan_domain::{audit::AuditEntry, permission::Action};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// An audit action or entity code in words, or the code itself when unknown.
pub fn audit_word(lang: Lang, kind: &str, code: &str) -> String {
    lookup(lang, &format!("audit.{kind}.{code}")).map_or_else(|| code.to_owned(), str::to_owned)
}

const PAGE: u32 = 50;
/// Suggestions for the entity and action filters (any value may be typed).
pub const ENTITIES: [&str; 5] = ["user", "org_unit", "area_group", "session", "area"];
pub const ACTIONS: [&str; 11] = [
    "create",
    "update",
    "delete",
    "activate",
    "deactivate",
    "reset_password",
    "change_password",
    "login",
    "logout",
    "revoke_sessions",
    "import",
];

/// The filter form as typed: dates are `yyyy-mm-dd` from date inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub entity: String,
    pub action: String,
    pub actor_id: String,
    pub from: String,
    pub to: String,
}

impl FilterForm {
    /// The API filter: the day range covers both days whole, in the reader's time zone.
    pub fn to_filter(&self, offset_minutes: i64) -> AuditFilter {
        AuditFilter {
            entity: self.entity.trim().to_owned(),
            action: self.action.trim().to_owned(),
            actor_id: self.actor_id.clone(),
            from: format::day_bound(&self.from, false, offset_minutes).unwrap_or_default(),
            to: format::day_bound(&self.to, true, offset_minutes).unwrap_or_default(),
        }
    }
}

fn pretty(value: &Option<serde_json::Value>) -> String {
    value.as_ref().and_then(|v| serde_json::to_string_pretty(v).ok()).unwrap_or_else(|| "—".into())
}

#[component]
pub fn Audit() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.audit"));
    let form = use_state(FilterForm::default);
    // Typing settles for a moment before the list reloads; the apply button is immediate.
    let settled = use_debounced(serde_json::to_string(&(&form.entity, &form.action)).unwrap_or_default(), 300);
    let applied = use_state(AuditFilter::default);
    {
        let (applied, form) = (applied.clone(), form.clone());
        use_effect_with((settled, form.actor_id.clone(), form.from.clone(), form.to.clone()), move |_| {
            applied.set(form.to_filter(format::local_offset_minutes()));
        });
    }
    let paged = use_paged((*applied).clone(), |filter: AuditFilter, cursor| async move {
        api::audit::list(&filter, cursor.as_deref(), PAGE).await
    });
    let actors = use_load(session.state.can(Action::UsersRead), |allowed| async move {
        if allowed {
            api::users::all().await
        } else {
            Ok(Vec::new())
        }
    });

    let set_text = |apply: fn(&mut FilterForm, String)| {
        let form = form.clone();
        Callback::from(move |event: InputEvent| {
            let mut next = (*form).clone();
            apply(&mut next, event.target_unchecked_into::<HtmlInputElement>().value());
            form.set(next);
        })
    };
    let set_choice = |apply: fn(&mut FilterForm, String)| {
        let form = form.clone();
        Callback::from(move |event: Event| {
            let mut next = (*form).clone();
            apply(&mut next, event.target_unchecked_into::<HtmlSelectElement>().value());
            form.set(next);
        })
    };
    let set_date = |apply: fn(&mut FilterForm, String)| {
        let form = form.clone();
        Callback::from(move |event: Event| {
            let mut next = (*form).clone();
            apply(&mut next, event.target_unchecked_into::<HtmlInputElement>().value());
            form.set(next);
        })
    };
    let onsubmit = {
        let (form, applied) = (form.clone(), applied.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            applied.set(form.to_filter(format::local_offset_minutes()));
        })
    };
    let reset = {
        let form = form.clone();
        Callback::from(move |_| form.set(FilterForm::default()))
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let list = &*paged.list;
    let row = |entry: &AuditEntry| {
        html! {
            <tr data-testid="audit-row" key={entry.id.to_string()}>
                <td class="nowrap"><time datetime={entry.at.to_rfc3339()}>{ format::datetime(lang, &entry.at) }</time></td>
                <td>{ entry.actor_username.clone().unwrap_or_else(|| session.t("audit.system").to_owned()) }</td>
                <td>{ audit_word(lang, "action", &entry.action) }</td>
                <td>{ audit_word(lang, "entity", &entry.entity) }</td>
                <td class="mono">{ entry.entity_id.clone().unwrap_or_default() }</td>
                <td>
                    if entry.before.is_some() || entry.after.is_some() {
                        <details>
                            <summary>{ session.t("audit.changes") }</summary>
                            <div class="diff">
                                <div><h3>{ session.t("audit.before") }</h3><pre>{ pretty(&entry.before) }</pre></div>
                                <div><h3>{ session.t("audit.after") }</h3><pre>{ pretty(&entry.after) }</pre></div>
                            </div>
                            if let Some(request_id) = &entry.request_id {
                                <p class="muted mono">{ format!("{}: {request_id}", session.t("audit.request_id")) }</p>
                            }
                        </details>
                    }
                </td>
            </tr>
        }
    };
    html! {
        <section>
            <h1>{ session.t("nav.audit") }</h1>
            <form class="card filters" {onsubmit} aria-label={session.t("audit.filters")}>
                <div class="field">
                    <label for="audit-filter-entity">{ session.t("audit.entity") }</label>
                    <input id="audit-filter-entity" data-testid="audit-filter-entity" list="audit-entities" value={form.entity.clone()}
                        oninput={set_text(|f, v| f.entity = v)} autocomplete="off" />
                    <datalist id="audit-entities">
                        { for ENTITIES.iter().map(|e| html! { <option value={*e}>{ audit_word(lang, "entity", e) }</option> }) }
                    </datalist>
                </div>
                <div class="field">
                    <label for="audit-filter-action">{ session.t("audit.action") }</label>
                    <input id="audit-filter-action" data-testid="audit-filter-action" list="audit-actions" value={form.action.clone()}
                        oninput={set_text(|f, v| f.action = v)} autocomplete="off" />
                    <datalist id="audit-actions">
                        { for ACTIONS.iter().map(|a| html! { <option value={*a}>{ audit_word(lang, "action", a) }</option> }) }
                    </datalist>
                </div>
                <div class="field">
                    <label for="audit-filter-actor">{ session.t("audit.actor") }</label>
                    <select id="audit-filter-actor" data-testid="audit-filter-actor" onchange={set_choice(|f, v| f.actor_id = v)}>
                        <option value="" selected={form.actor_id.is_empty()}>{ session.t("audit.anyone") }</option>
                        if let Some(users) = actors.ready() {
                            { for users.iter().map(|user| {
                                let id = user.id.to_string();
                                let selected = form.actor_id == id;
                                html! { <option {selected} value={id}>{ format!("{} ({})", user.display_name, user.username) }</option> }
                            }) }
                        }
                    </select>
                </div>
                <div class="field">
                    <label for="audit-filter-from">{ session.t("audit.from") }</label>
                    <input id="audit-filter-from" data-testid="audit-filter-from" type="date" value={form.from.clone()}
                        onchange={set_date(|f, v| f.from = v)} />
                </div>
                <div class="field">
                    <label for="audit-filter-to">{ session.t("audit.to") }</label>
                    <input id="audit-filter-to" data-testid="audit-filter-to" type="date" value={form.to.clone()}
                        onchange={set_date(|f, v| f.to = v)} />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="audit-apply">{ session.t("action.search") }</button>
                    <button type="button" class="secondary" onclick={reset}>{ session.t("action.clear") }</button>
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="audit-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("audit.at") }</th>
                                <th scope="col">{ session.t("audit.actor") }</th>
                                <th scope="col">{ session.t("audit.action") }</th>
                                <th scope="col">{ session.t("audit.entity") }</th>
                                <th scope="col">{ session.t("audit.entity_id") }</th>
                                <th scope="col">{ session.t("audit.changes") }</th>
                            </tr>
                        </thead>
                        <tbody>{ for list.items.iter().map(row) }</tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="audit-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_words_fall_back_to_codes() {
        assert_eq!(audit_word(Lang::Vi, "action", "create"), "Tạo mới");
        assert_eq!(audit_word(Lang::En, "entity", "something_new"), "something_new");
    }

    #[test]
    fn the_form_becomes_an_api_filter_covering_whole_days() {
        let form = FilterForm {
            entity: " user ".into(),
            from: "2025-07-01".into(),
            to: "2025-07-01".into(),
            ..FilterForm::default()
        };
        let filter = form.to_filter(420);
        assert_eq!(filter.entity, "user");
        assert_eq!(filter.from, "2025-06-30T17:00:00Z");
        assert_eq!(filter.to, "2025-07-01T17:00:00Z");
        assert_eq!(FilterForm::default().to_filter(0), AuditFilter::default());
    }
}
