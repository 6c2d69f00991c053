//! A team's activity log, newest first: date, what was done, households reached, people
//! supported, the note, who logged it, and the photos attached to the entry
//! ([`super::photos`]). Those who manage the team log a new entry.

use crate::{
    api,
    components::{
        dates::{date, today, DateField},
        form::{begin_send, edit, field_message, show_failure, SelectField, TextField},
        load::use_paged,
        status::{ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::community_teams::{
        model::{activity_kind_label, enum_options, ActivityDraft},
        photos::ActivityPhotos,
    },
    state::use_session,
};
use danvan_domain::{
    community_team::{ActivityKind, Team, TeamActivity},
    validation::FieldError,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

/// Entries per page of the log.
const PAGE: u32 = 20;

#[derive(Properties, PartialEq)]
pub struct ActivityLogProps {
    pub team: Team,
}

#[component]
pub fn ActivityLog(props: &ActivityLogProps) -> Html {
    let session = use_session();
    let reload = use_state(|| 0u32);
    let paged = use_paged((props.team.id, *reload), |(id, _): (Uuid, u32), cursor| async move {
        let limit = PAGE.to_string();
        api::client()
            .list_team_activities(id, &[("limit", limit.as_str()), ("cursor", cursor.as_deref().unwrap_or_default())])
            .await
    });
    let on_added = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let list = &*paged.list;
    html! {
        <section class="card team-log" aria-labelledby="team-log-heading" data-testid="team-log">
            <h2 id="team-log-heading">{ session.t("teams.log") }</h2>
            if props.team.can_manage {
                <ActivityForm team={props.team.id} {on_added} />
            }
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <p class="empty">{ session.t("teams.no_activities") }</p> }
            } else {
                <ol class="activity-log">
                    { for list.items.iter().map(|activity| html! {
                        <ActivityEntry key={activity.id.to_string()} activity={activity.clone()} can_manage={props.team.can_manage} />
                    }) }
                </ol>
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="activities-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ActivityEntryProps {
    pub activity: TeamActivity,
    /// Whether the caller may attach photos.
    #[prop_or_default]
    pub can_manage: bool,
}

/// One entry of the log.
#[component]
pub fn ActivityEntry(props: &ActivityEntryProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let activity = &props.activity;
    let counts = [
        (activity.households_reached, "teams.households_reached"),
        (activity.people_supported, "teams.people_supported"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, key)| t(lang, key).replace("{n}", &format::number(lang, n)))
    .collect::<Vec<_>>()
    .join(" · ");
    html! {
        <li class="activity" data-testid="activity" data-kind={activity.kind.as_str()}>
            <div class="activity-head">
                <time datetime={activity.occurred_on.to_string()} class="activity-date">{ date(lang, activity.occurred_on) }</time>
                <strong>{ activity_kind_label(lang, activity.kind) }</strong>
            </div>
            if !counts.is_empty() { <p class="activity-counts">{ counts }</p> }
            if !activity.note.trim().is_empty() { <p class="activity-note">{ &activity.note }</p> }
            <p class="muted activity-by">{ t(lang, "teams.logged_by").replace("{name}", &activity.created_by.name) }</p>
            <ActivityPhotos activity={activity.id} can_attach={props.can_manage} />
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ActivityFormProps {
    team: Uuid,
    on_added: Callback<()>,
}

/// Logging an activity.
#[component]
fn ActivityForm(props: &ActivityFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let open = use_state(|| false);
    let draft = use_state(|| ActivityDraft::on(today()));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div class="actions">
                <button type="button" class="secondary" data-testid="activity-add" {onclick}>{ session.t("teams.log_activity") }</button>
            </div>
        };
    }
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_added, team) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_added.clone(),
            props.team,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create();
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (draft, errors, busy, key, toast, on_added) =
                (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone(), on_added.clone());
            spawn_local(async move {
                match api::client().create_team_activity(team, &request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "teams.activity_logged")));
                        draft.set(ActivityDraft::on(today()));
                        key.set(api::new_key());
                        on_added.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let kinds = enum_options(ActivityKind::ALL, |k| k.as_str(), |k| activity_kind_label(lang, k), None);
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="form activity-form" novalidate=true {onsubmit} data-testid="activity-form">
            <h3>{ session.t("teams.log_activity") }</h3>
            <div class="form-row">
                <DateField id="activity-date" field="occurred_on" label={session.t("teams.activity_date")} required=true
                    value={draft.occurred_on} onchange={edit(&draft, |d, v| d.occurred_on = v)}
                    error={field_message(lang, &errors, "occurred_on")} />
                <SelectField id="activity-kind" field="kind" label={session.t("teams.activity_kind")} value={draft.kind.as_str()}
                    options={kinds} onchange={edit(&draft, |d, v: String| d.kind = ActivityKind::parse(&v).unwrap_or(d.kind))} />
            </div>
            <div class="form-row">
                <TextField id="activity-households" field="households_reached" label={session.t("teams.households_label")}
                    value={draft.households.clone()} oninput={edit(&draft, |d, v| d.households = v)}
                    error={field_message(lang, &errors, "households_reached")} />
                <TextField id="activity-people" field="people_supported" label={session.t("teams.people_label")}
                    value={draft.people.clone()} oninput={edit(&draft, |d, v| d.people = v)}
                    error={field_message(lang, &errors, "people_supported")} />
            </div>
            <TextAreaField id="activity-note" field="note" label={session.t("teams.note")} rows={3}
                value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={field_message(lang, &errors, "note")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="activity-submit" disabled={*busy}>{ session.t("teams.log_activity") }</button>
                <button type="button" class="secondary" onclick={close}>{ session.t("action.close") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::named, testing::render};
    use chrono::NaiveDate;
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn an_entry_says_what_was_done_in_both_languages() {
        fn view() -> Html {
            let activity = TeamActivity {
                id: Uuid::from_u128(1),
                team_id: Uuid::from_u128(2),
                occurred_on: NaiveDate::from_ymd_opt(2021, 9, 13).unwrap_or_default(),
                kind: ActivityKind::GoodsDelivery,
                households_reached: 1200,
                people_supported: 0,
                note: "Phát 300 túi an sinh".into(),
                created_by: named(3, "Cán bộ Văn phòng"),
                version: 1,
                created_at: chrono::DateTime::UNIX_EPOCH,
                updated_at: chrono::DateTime::UNIX_EPOCH,
            };
            html! { <ol><ActivityEntry {activity} /></ol> }
        }
        let vi = render(Lang::Vi, Some(Role::Viewer), view).await;
        assert!(
            vi.contains("13/09/2021") && vi.contains("Tiếp tế lương thực, hàng hóa") && vi.contains("1.200 hộ"),
            "{vi}"
        );
        assert!(vi.contains("Phát 300 túi an sinh") && !vi.contains("người được hỗ trợ"), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), view).await;
        assert!(en.contains("Delivery of food and goods") && en.contains("1,200 households"), "{en}");
    }
}
