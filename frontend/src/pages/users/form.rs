//! Creating an account, and one account's page: edit display name, e-mail, role, org unit
//! and whether it is active; deactivate or reactivate it; reset its password.
//! Forms check the domain's `validate()` before sending; the server's field errors show
//! next to their fields.

use crate::{
    api::{self, Tagged},
    components::{
        form::{
            begin_send, check, edit, field_message, show_failure, show_save_failure, Checkbox, SelectField, TextField,
        },
        hooks::use_title,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    pages::users::model::{role_options, unit_options, Draft},
    pages::IdProps,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    permission::Action,
    role::Role,
    user::{ResetPassword, UpdateUser, User},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::use_navigator;

#[component]
pub fn UserNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("users.new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let draft = use_state(Draft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    // One key per form: a repeated submit cannot create the account twice.
    let key = use_state(api::new_key);
    let units = use_load((), |()| async { api::client().all_org_units(&[]).await });

    let onsubmit = {
        let (draft, errors, busy, key, toast) =
            (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create();
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, key, toast, navigator) =
                (errors.clone(), busy.clone(), (*key).clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_user(&request, Some(&key)).await {
                    Ok(user) => {
                        toast.emit(Toast::success(crate::i18n::t(lang, "users.created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::User { id: user.id });
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
            <h1>{ session.t("users.new") }</h1>
            <form class="card form" novalidate=true {onsubmit}>
                <TextField id="user-username" field="username" label={session.t("user.username")} required=true
                    value={draft.username.clone()} oninput={edit(&draft, |d, v| d.username = v)} autocomplete="off"
                    hint={session.t("user.username_hint")} error={field_message(lang, &errors, "username")} />
                <TextField id="user-display-name" field="display_name" label={session.t("user.display_name")} required=true
                    value={draft.display_name.clone()} oninput={edit(&draft, |d, v| d.display_name = v)}
                    error={field_message(lang, &errors, "display_name")} />
                <TextField id="user-email" field="email" kind="email" label={session.t("user.email")}
                    value={draft.email.clone()} oninput={edit(&draft, |d, v| d.email = v)}
                    error={field_message(lang, &errors, "email")} />
                <SelectField id="user-role" field="role" label={session.t("user.role")} value={draft.role.as_str()}
                    options={role_options(lang)} onchange={edit(&draft, |d, v: String| d.role = Role::parse(&v).unwrap_or(d.role))}
                    error={field_message(lang, &errors, "role")} />
                <SelectField id="user-org-unit" field="org_unit_id" label={session.t("user.org_unit")}
                    value={draft.org_unit.clone()} options={unit_options(lang, units.ready())}
                    onchange={edit(&draft, |d, v| d.org_unit = v)} error={field_message(lang, &errors, "org_unit_id")} />
                <TextField id="user-password" field="password" kind="password" label={session.t("user.password")} required=true
                    value={draft.password.clone()} oninput={edit(&draft, |d, v| d.password = v)} autocomplete="new-password"
                    hint={session.t("user.password_hint")} error={field_message(lang, &errors, "password")} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="user-submit" disabled={*busy}>{ session.t("action.create") }</button>
                    <crate::components::link::AppLink to={Route::Users} class="button secondary">{ session.t("action.cancel") }</crate::components::link::AppLink>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn UserEdit(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("users.edit"));
    let reload = use_state(|| 0u32);
    let user = use_load((props.id, *reload), |(id, _)| async move { api::client().get_user(id).await });
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*user {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(user) => html! {
            <>
                <UserEditor user={user.clone()} on_saved={on_saved.clone()} />
                if session.state.can(Action::UsersManage) && user.value.id != session.state.me.as_ref().map(|me| me.user.id).unwrap_or_default() {
                    <PasswordReset id={user.value.id} />
                }
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct UserEditorProps {
    user: Rc<Tagged<User>>,
    on_saved: Callback<()>,
}

#[component]
fn UserEditor(props: &UserEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let user = props.user.value.clone();
    let etag = props.user.etag.clone();
    let draft = use_state(|| Draft::of(&user));
    {
        // A reloaded account replaces what was typed.
        let (draft, user) = (draft.clone(), user.clone());
        use_effect_with(user.version, move |_| draft.set(Draft::of(&user)));
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let units = use_load((), |()| async { api::client().all_org_units(&[]).await });
    let manage = session.state.can(Action::UsersManage);

    let send = {
        let (errors, busy, toast, on_saved) = (errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone());
        let (id, etag) = (user.id, etag.clone());
        move |request: UpdateUser, done: &'static str| {
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, on_saved, etag) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), etag.clone());
            spawn_local(async move {
                match api::client().update_user(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(crate::i18n::t(lang, done)));
                        on_saved.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
                }
                busy.set(false);
            });
        }
    };
    let onsubmit = {
        let (draft, send, user) = (draft.clone(), send.clone(), user.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send(draft.to_update(&user), "users.saved");
        })
    };
    let toggle_active = {
        let active = user.active;
        Callback::from(move |_| {
            let request = UpdateUser { active: Some(!active), ..UpdateUser::default() };
            send(request, if active { "users.deactivated" } else { "users.activated" });
        })
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ &user.display_name }</h1>
                <span class={classes!("badge", if user.active { "ok" } else { "off" })}>
                    { session.t(if user.active { "user.active" } else { "user.inactive" }) }
                </span>
            </div>
            <form class="card form" novalidate=true {onsubmit}>
                <TextField id="user-username" field="username" label={session.t("user.username")}
                    value={user.username.clone()} oninput={Callback::noop()} disabled=true />
                <TextField id="user-display-name" field="display_name" label={session.t("user.display_name")} required=true
                    value={draft.display_name.clone()} oninput={edit(&draft, |d, v| d.display_name = v)} disabled={!manage}
                    error={field_message(lang, &errors, "display_name")} />
                <TextField id="user-email" field="email" kind="email" label={session.t("user.email")}
                    value={draft.email.clone()} oninput={edit(&draft, |d, v| d.email = v)} disabled={!manage}
                    error={field_message(lang, &errors, "email")} />
                <SelectField id="user-role" field="role" label={session.t("user.role")} value={draft.role.as_str()}
                    options={role_options(lang)} disabled={!manage}
                    onchange={edit(&draft, |d, v: String| d.role = Role::parse(&v).unwrap_or(d.role))}
                    error={field_message(lang, &errors, "role")} />
                <SelectField id="user-org-unit" field="org_unit_id" label={session.t("user.org_unit")}
                    value={draft.org_unit.clone()} options={unit_options(lang, units.ready())} disabled={!manage}
                    onchange={edit(&draft, |d, v| d.org_unit = v)} error={field_message(lang, &errors, "org_unit_id")} />
                <Checkbox id="user-active" label={session.t("user.active")} checked={draft.active} disabled={!manage}
                    onchange={edit(&draft, |d, v| d.active = v)} />
                if manage {
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="user-submit" disabled={*busy}>{ session.t("action.save") }</button>
                        <button type="button" class={if user.active { "danger" } else { "secondary" }} data-testid="user-toggle-active"
                            onclick={toggle_active} disabled={*busy}>
                            { session.t(if user.active { "action.deactivate" } else { "action.activate" }) }
                        </button>
                    </div>
                }
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PasswordResetProps {
    id: Uuid,
}

/// An administrator sets a new password for someone else's account.
#[component]
fn PasswordReset(props: &PasswordResetProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let password = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (password, errors, busy, toast, id) =
            (password.clone(), errors.clone(), busy.clone(), toast.clone(), props.id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = ResetPassword { new_password: (*password).clone() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (password, errors, busy, toast) = (password.clone(), errors.clone(), busy.clone(), toast.clone());
            spawn_local(async move {
                match api::client().reset_password(id, &request).await {
                    Ok(()) => {
                        password.set(String::new());
                        toast.emit(Toast::success(crate::i18n::t(lang, "users.password_reset")));
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let oninput = {
        let password = password.clone();
        Callback::from(move |value| password.set(value))
    };
    html! {
        <section class="card form">
            <h2>{ session.t("action.reset_password") }</h2>
            <form novalidate=true {onsubmit}>
                <TextField id="user-reset-password" field="new_password" kind="password" label={session.t("user.new_password")}
                    value={(*password).clone()} {oninput} autocomplete="new-password" hint={session.t("user.password_hint")}
                    error={field_message(lang, &errors, "new_password")} />
                <div class="actions">
                    <button type="submit" class="secondary" data-testid="user-reset-submit" disabled={*busy}>
                        { session.t("action.reset_password") }
                    </button>
                </div>
            </form>
        </section>
    }
}
