//! The audit log: who changed what and when, filtered by entity, action, actor and time,
//! read page by page. Each row names the action and the kind of record in the reader's
//! language, shows what the record is as a link to its page, and opens to the record
//! before and after.

pub mod i18n;
pub mod model;

use crate::{
    api::{self, audit::AuditFilter},
    components::{
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged},
        status::{Empty, ErrorNote, Loading},
    },
    format,
    state::use_session,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity, AuditEntry},
    permission::Action,
};
use model::{action_label, entity_label, route_of, FilterForm};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const PAGE: u32 = 50;

fn pretty(value: &Option<serde_json::Value>) -> String {
    value.as_ref().and_then(|v| serde_json::to_string_pretty(v).ok()).unwrap_or_else(|| "—".into())
}

#[derive(Properties, PartialEq)]
pub struct AuditRowProps {
    pub entry: AuditEntry,
}

/// One entry: when, who, what was done to which record, and the change itself.
#[component]
pub fn AuditRow(props: &AuditRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let entry = &props.entry;
    // The label where there is one; the bare id only when nothing names the record.
    let shown = entry.label.clone().or_else(|| entry.entity_id.clone());
    let record = match (shown, entry.link) {
        (Some(text), Some(link)) => {
            html! { <AppLink to={route_of(link)} testid="audit-record-link">{ text }</AppLink> }
        }
        (Some(text), None) if entry.label.is_some() => html! { <span>{ text }</span> },
        (Some(id), None) => html! { <span class="mono">{ id }</span> },
        (None, _) => html! { <span class="muted">{ "—" }</span> },
    };
    html! {
        <tr data-testid="audit-row">
            <td class="nowrap"><time datetime={entry.at.to_rfc3339()}>{ format::datetime(lang, &entry.at) }</time></td>
            <td>{ entry.actor_username.clone().unwrap_or_else(|| session.t("audit.system").to_owned()) }</td>
            <td data-testid="audit-action" data-code={entry.action.as_str()}>{ action_label(lang, entry.action) }</td>
            <td data-testid="audit-entity" data-code={entry.entity.as_str()}>{ entity_label(lang, entry.entity) }</td>
            <td data-testid="audit-record">{ record }</td>
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
}

#[component]
pub fn Audit() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.audit"));
    let form = use_state(FilterForm::default);
    let applied = use_state(AuditFilter::default);
    {
        let (applied, form) = (applied.clone(), form.clone());
        use_effect_with((*form).clone(), move |form| {
            applied.set(form.to_filter(format::local_offset_minutes()));
        });
    }
    let paged = use_paged((*applied).clone(), |filter: AuditFilter, cursor| async move {
        api::audit::list(&filter, cursor.as_deref(), PAGE).await
    });
    let actors = use_load(session.state.can(Action::UsersRead), |allowed| async move {
        if allowed {
            api::client().all_users(&[]).await
        } else {
            Ok(Vec::new())
        }
    });

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
    html! {
        <section>
            <h1>{ session.t("nav.audit") }</h1>
            <form class="card filters" {onsubmit} aria-label={session.t("audit.filters")}>
                <div class="field">
                    <label for="audit-filter-entity">{ session.t("audit.entity") }</label>
                    <select id="audit-filter-entity" data-testid="audit-filter-entity"
                        onchange={set_choice(|f, v| f.entity = AuditEntity::parse(&v))}>
                        <option value="" selected={form.entity.is_none()}>{ session.t("audit.any") }</option>
                        { for AuditEntity::ALL.iter().map(|entity| html! {
                            <option value={entity.as_str()} selected={form.entity == Some(*entity)}>{ entity_label(lang, *entity) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="audit-filter-action">{ session.t("audit.action") }</label>
                    <select id="audit-filter-action" data-testid="audit-filter-action"
                        onchange={set_choice(|f, v| f.action = AuditAction::parse(&v))}>
                        <option value="" selected={form.action.is_none()}>{ session.t("audit.any") }</option>
                        { for AuditAction::ALL.iter().map(|action| html! {
                            <option value={action.as_str()} selected={form.action == Some(*action)}>{ action_label(lang, *action) }</option>
                        }) }
                    </select>
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
                                <th scope="col">{ session.t("audit.record") }</th>
                                <th scope="col">{ session.t("audit.changes") }</th>
                            </tr>
                        </thead>
                        <tbody>{ for list.items.iter().map(|entry| html! { <AuditRow key={entry.id.to_string()} entry={entry.clone()} /> }) }</tbody>
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
    use crate::{i18n::Lang, testing::render};
    use danvan_domain::{
        audit::{AuditLink, AuditPage},
        role::Role,
    };
    use uuid::Uuid;

    const TASK: Uuid = Uuid::from_u128(42);

    fn entry(action: AuditAction, entity: AuditEntity, label: Option<&str>, link: Option<AuditLink>) -> AuditEntry {
        AuditEntry {
            id: Uuid::from_u128(1),
            at: chrono::DateTime::UNIX_EPOCH,
            actor_id: None,
            actor_username: Some("admin".into()),
            action,
            entity,
            entity_id: Some(TASK.to_string()),
            label: label.map(str::to_owned),
            link,
            before: None,
            after: None,
            request_id: None,
        }
    }

    fn rows() -> Html {
        let moved = entry(
            AuditAction::Transition,
            AuditEntity::Task,
            Some("Thăm hỏi chức sắc"),
            Some(AuditLink { page: AuditPage::Task, id: TASK }),
        );
        let import = AuditEntry { entity_id: None, ..entry(AuditAction::Import, AuditEntity::Area, None, None) };
        html! { <table><tbody><AuditRow entry={moved} /><AuditRow entry={import} /></tbody></table> }
    }

    #[tokio::test]
    async fn a_row_names_action_entity_and_record_in_words_and_links_to_the_record() {
        let vi = render(Lang::Vi, Some(Role::Admin), rows).await;
        assert!(vi.contains("Chuyển trạng thái") && vi.contains("Nhiệm vụ"), "{vi}");
        assert!(vi.contains(&format!(r#"href="/tasks/{TASK}""#)), "{vi}");
        assert!(vi.contains("Thăm hỏi chức sắc"), "{vi}");
        assert!(!vi.contains(&format!(">{TASK}<")), "a labelled record shows no bare id: {vi}");
        assert!(!vi.contains(">transition<") && !vi.contains(">task<"), "{vi}");
        assert!(vi.contains("Nạp dữ liệu") && vi.contains("Địa bàn"), "{vi}");
        let en = render(Lang::En, Some(Role::Admin), rows).await;
        assert!(en.contains("Status change") && en.contains(">Task<"), "{en}");
    }
}
