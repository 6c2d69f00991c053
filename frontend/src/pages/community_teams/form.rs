//! Registering a community team and changing one: its name, kind, the commune or ward it
//! works in (picked province, then district in the 2021 layout, then commune), founding
//! date, status, the local body it works with, households covered and a description. The
//! same fields register the adopting team of a model's adoption. The domain's `validate()`
//! runs before sending; the server's field errors show by their fields.

use crate::{
    api::{self, ApiError, Tagged},
    components::{
        dates::DateField,
        form::{edit, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{ErrorNote, Forbidden, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    i18n::{t, Lang},
    pages::{
        community_teams::model::{area_choices, enum_options, id_options, team_status_label, TeamDraft},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    area::{AreaLevel, Layout},
    community_team::{Team, TeamStatus},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::use_navigator;

/// What the team form's pickers offer, read once per form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamChoices {
    /// `(id, Vietnamese name, English name, in use)`.
    pub kinds: Vec<(Uuid, String, String, bool)>,
    /// Provinces of both layouts, labelled.
    pub provinces: Vec<(Uuid, String)>,
}

/// Reads the kinds of team and the provinces.
pub async fn load_team_choices() -> Result<TeamChoices, ApiError> {
    let client = api::client();
    let query = [("level", AreaLevel::Province.as_str())];
    let (kinds, provinces) = futures::join!(client.list_team_kinds(None), client.all_areas(&query));
    let mut kinds = kinds?;
    kinds.sort_by_key(|kind| kind.position);
    Ok(TeamChoices {
        kinds: kinds.into_iter().map(|k| (k.id, k.name_vi, k.name_en, k.active)).collect(),
        provinces: area_choices(&provinces?),
    })
}

#[derive(Properties, PartialEq)]
pub struct TeamFieldsProps {
    pub draft: UseStateHandle<TeamDraft>,
    pub errors: Vec<FieldError>,
    pub choices: Rc<TeamChoices>,
    /// Prefix of the element ids (`team-form`, `adoption-team`).
    pub id_prefix: AttrValue,
    /// Prefix of the API fields, for the server's errors (`new_team.` in an adoption).
    #[prop_or_default]
    pub field_prefix: AttrValue,
    /// The team being changed, so that its kind shows even when retired.
    #[prop_or_default]
    pub current: Option<Team>,
}

/// The team's fields, shared by "register", "change" and an adoption's new team.
#[component]
pub fn TeamFields(props: &TeamFieldsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let (draft, errors) = (&props.draft, &props.errors);
    let id = |name: &str| AttrValue::from(format!("{}-{name}", props.id_prefix));
    let field = |name: &str| AttrValue::from(format!("{}{name}", props.field_prefix));
    let error = |name: &str| field_message(lang, errors, &format!("{}{name}", props.field_prefix));
    let current_kind = props.current.as_ref().map(|team| team.kind.clone());
    let mut kinds: Vec<(Uuid, String)> = props
        .choices
        .kinds
        .iter()
        .filter(|(id, _, _, active)| *active || current_kind.as_ref().is_some_and(|k| k.id == *id))
        .map(|(id, vi, en, _)| (*id, if lang == Lang::Vi { vi.clone() } else { en.clone() }))
        .collect();
    if let Some(kind) = current_kind.filter(|k| !kinds.iter().any(|(id, _)| *id == k.id)) {
        kinds.push((kind.id, kind.name));
    }
    let statuses = enum_options(TeamStatus::ALL, |s| s.as_str(), |s| team_status_label(lang, s), None);
    let on_province = {
        let draft = draft.clone();
        Callback::from(move |province: String| {
            draft.set(TeamDraft { province_id: province, area_id: String::new(), ..(*draft).clone() })
        })
    };
    html! {
        <>
            <TextField id={id("name")} field={field("name")} label={session.t("teams.name")} required=true
                value={draft.name.clone()} oninput={edit(draft, |d, v| d.name = v)} error={error("name")} />
            <div class="form-row">
                <SelectField id={id("kind")} field={field("kind_id")} label={session.t("teams.kind")}
                    value={draft.kind_id.clone()} options={id_options(t(lang, "teams.choose"), &kinds, &draft.kind_id)}
                    onchange={edit(draft, |d, v| d.kind_id = v)} error={error("kind_id")} />
                <SelectField id={id("status")} field={field("status")} label={session.t("teams.status")}
                    value={draft.status.as_str()} options={statuses}
                    onchange={edit(draft, |d, v: String| d.status = TeamStatus::parse(&v).unwrap_or(d.status))}
                    error={error("status")} />
            </div>
            <CommunePicker id_prefix={props.id_prefix.clone()} provinces={props.choices.clone()}
                province_id={draft.province_id.clone()} area_id={draft.area_id.clone()}
                {on_province} on_area={edit(draft, |d, v| d.area_id = v)}
                field={field("area_id")} error={error("area_id")} />
            <div class="form-row">
                <DateField id={id("founded-on")} field={field("founded_on")} label={session.t("teams.founded_on")} required=true
                    value={draft.founded_on} onchange={edit(draft, |d, v| d.founded_on = v)} error={error("founded_on")} />
                <TextField id={id("households")} field={field("households_covered")} label={session.t("teams.households")}
                    value={draft.households.clone()} oninput={edit(draft, |d, v| d.households = v)}
                    error={error("households_covered")} />
            </div>
            <TextField id={id("partner")} field={field("partner_body")} label={session.t("teams.partner_body")}
                hint={AttrValue::from(session.t("teams.partner_hint"))}
                value={draft.partner_body.clone()} oninput={edit(draft, |d, v| d.partner_body = v)} error={error("partner_body")} />
            <TextAreaField id={id("description")} field={field("description")} label={session.t("teams.description")} rows={3}
                value={draft.description.clone()} oninput={edit(draft, |d, v| d.description = v)} error={error("description")} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CommunePickerProps {
    id_prefix: AttrValue,
    provinces: Rc<TeamChoices>,
    province_id: AttrValue,
    area_id: AttrValue,
    on_province: Callback<String>,
    on_area: Callback<String>,
    field: AttrValue,
    error: Option<AttrValue>,
}

/// Province, then (in the 2021 layout) district, then commune or ward.
#[component]
fn CommunePicker(props: &CommunePickerProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let district = use_state(String::new);
    let province: Option<Uuid> = props.province_id.parse().ok();
    let below = use_load(province, |province| async move {
        match province {
            Some(id) => api::client().area_children(id).await,
            None => Ok(Vec::new()),
        }
    });
    {
        // A commune already chosen (a team being changed): find its district.
        let (district, area, province) = (district.clone(), props.area_id.clone(), province);
        use_effect_with(province, move |_| {
            district.set(String::new());
            if let (Ok(id), Some(province)) = (area.parse::<Uuid>(), province) {
                spawn_local(async move {
                    if let Ok(area) = api::client().get_area(id).await {
                        if let Some(parent) = area.parent_id.filter(|parent| *parent != province) {
                            district.set(parent.to_string());
                        }
                    }
                });
            }
        });
    }
    let below_list = below.ready().cloned().unwrap_or_default();
    let has_districts = below_list.iter().any(|a| a.level == AreaLevel::District);
    let district_id: Option<Uuid> = district.parse().ok().filter(|_| has_districts);
    let communes = use_load(district_id, |district| async move {
        match district {
            Some(id) => api::client().area_children(id).await,
            None => Ok(Vec::new()),
        }
    });
    let commune_list = if has_districts { communes.ready().cloned().unwrap_or_default() } else { below_list.clone() };
    let commune_choices = area_choices(&commune_list);
    let id = |name: &str| AttrValue::from(format!("{}-{name}", props.id_prefix));
    let on_district = {
        let (district, on_area) = (district.clone(), props.on_area.clone());
        Callback::from(move |value: String| {
            district.set(value);
            on_area.emit(String::new());
        })
    };
    let layout_hint = below_list.first().map(|a| a.layout).filter(|layout| *layout == Layout::L2021);
    html! {
        <fieldset class="area-picker">
            <legend>{ session.t("teams.area") }</legend>
            <SelectField id={id("province")} field="province_id" label={session.t("teams.province")}
                value={props.province_id.clone()}
                options={id_options(t(lang, "teams.choose"), &props.provinces.provinces, &props.province_id)}
                onchange={props.on_province.clone()} />
            if has_districts {
                <SelectField id={id("district")} field="district_id" label={session.t("teams.district")}
                    value={(*district).clone()}
                    options={id_options(t(lang, "teams.choose"), &area_choices(&below_list), &district)}
                    onchange={on_district} />
            }
            <SelectField id={id("commune")} field={props.field.clone()} label={session.t("teams.commune")}
                value={props.area_id.clone()}
                options={id_options(t(lang, "teams.choose"), &commune_choices, &props.area_id)}
                onchange={props.on_area.clone()} error={props.error.clone()}
                disabled={commune_choices.is_empty() && props.area_id.is_empty()} />
            if layout_hint.is_some() { <p class="hint">{ session.t("teams.layout_2021") }</p> }
            if let Load::Failed(error) = &*below { <ErrorNote error={error.clone()} /> }
        </fieldset>
    }
}

#[component]
pub fn TeamNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("teams.new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let draft = use_state(TeamDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    // One key per form: a repeated submit cannot register the team twice.
    let key = use_state(api::new_key);
    let choices = use_load((), |()| load_team_choices());
    let onsubmit = {
        let (draft, errors, busy, key, toast) =
            (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match draft.to_create() {
                Ok(request) => request,
                Err(failed) => return errors.set(failed),
            };
            errors.set(Vec::new());
            if *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, key, toast, navigator) =
                (errors.clone(), busy.clone(), (*key).clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_team(&request, Some(&key)).await {
                    Ok(team) => {
                        toast.emit(Toast::success(t(lang, "teams.created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::CommunityTeam { id: team.id });
                        }
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ session.t("teams.new") }</h1>
            { match &*choices {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(choices) => html! {
                    <form class="card form team-form" novalidate=true {onsubmit} data-testid="team-form">
                        <TeamFields draft={draft.clone()} errors={(*errors).clone()} choices={choices.clone()} id_prefix="team-form" />
                        <div class="actions">
                            <button type="submit" class="primary" data-testid="team-submit" disabled={*busy}>
                                { session.t("teams.register") }
                            </button>
                            <AppLink to={Route::CommunityTeams} class="button secondary">{ session.t("action.cancel") }</AppLink>
                        </div>
                    </form>
                },
            } }
        </section>
    }
}

#[component]
pub fn TeamEdit(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("teams.edit"));
    let reload = use_state(|| 0u32);
    let team = use_load((props.id, *reload), |(id, _)| async move { api::client().get_team(id).await });
    let choices = use_load((), |()| load_team_choices());
    let on_stale = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match (&*team, &*choices) {
        (Load::Failed(error), _) | (_, Load::Failed(error)) => html! { <ErrorNote error={error.clone()} /> },
        (Load::Ready(team), _) if !team.value.can_manage => html! { <Forbidden /> },
        (Load::Ready(team), Load::Ready(choices)) => {
            html! { <TeamEditor team={team.clone()} choices={choices.clone()} {on_stale} /> }
        }
        _ => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
struct TeamEditorProps {
    team: Rc<Tagged<Team>>,
    choices: Rc<TeamChoices>,
    on_stale: Callback<()>,
}

#[component]
fn TeamEditor(props: &TeamEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let team = props.team.value.clone();
    let etag = props.team.etag.clone();
    let draft = use_state(|| TeamDraft::of(&team));
    {
        // A reloaded team replaces what was typed.
        let (draft, team) = (draft.clone(), team.clone());
        use_effect_with(team.version, move |_| draft.set(TeamDraft::of(&team)));
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, toast, on_stale, team) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_stale.clone(), team.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match draft.to_update(&team) {
                Ok(request) => request,
                Err(failed) => return errors.set(failed),
            };
            errors.set(Vec::new());
            if *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, on_stale, navigator, etag, id) = (
                errors.clone(),
                busy.clone(),
                toast.clone(),
                on_stale.clone(),
                navigator.clone(),
                etag.clone(),
                team.id,
            );
            spawn_local(async move {
                match api::client().update_team(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "teams.saved")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::CommunityTeam { id });
                        }
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if error.status() == Some(412) {
                            on_stale.emit(());
                        }
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ session.t("teams.edit") }</h1>
            <form class="card form team-form" novalidate=true {onsubmit} data-testid="team-form">
                <TeamFields draft={draft.clone()} errors={(*errors).clone()} choices={props.choices.clone()}
                    id_prefix="team-form" current={Some(team.clone())} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="team-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <AppLink to={Route::CommunityTeam { id: team.id }} class="button secondary">{ session.t("action.cancel") }</AppLink>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn the_team_fields_label_every_input_in_both_languages() {
        fn view() -> Html {
            #[component]
            fn Fields() -> Html {
                let draft = use_state(TeamDraft::default);
                let choices = Rc::new(TeamChoices {
                    kinds: vec![(Uuid::from_u128(1), "Tổ COVID cộng đồng".into(), "Community COVID team".into(), true)],
                    provinces: vec![(Uuid::from_u128(2), "Thành phố Hà Nội".into())],
                });
                let errors = vec![FieldError::new("new_team.name", "required", "must not be empty")];
                html! { <TeamFields {draft} {errors} {choices} id_prefix="adoption-team" field_prefix="new_team." /> }
            }
            html! { <Fields /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains(r#"<label for="adoption-team-name">"#), "{vi}");
        assert!(vi.contains(r#"data-testid="field-error-new_team.name""#), "{vi}");
        assert!(vi.contains("Tổ COVID cộng đồng") && vi.contains("Xã, phường"), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Commune or ward") && en.contains("Community COVID team"), "{en}");
    }
}
