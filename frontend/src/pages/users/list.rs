//! The account list: search by username or name (`q`), read more pages by
//! `next_cursor`, open an account, create one.

use crate::{
    api,
    components::{
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged},
        status::{Empty, ErrorNote, Loading},
    },
    pages::users::model::{role_name, unit_names},
    route::Route,
    state::use_session,
};
use danvan_domain::permission::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows per page of the list.
const PAGE: u32 = 50;

#[component]
pub fn UserList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.users"));
    let typed = use_state(String::new);
    let q = use_debounced((*typed).clone(), 300);
    let paged = use_paged(q, |q: String, cursor| async move {
        api::client()
            .list_users(&[
                ("q", q.trim()),
                ("limit", &PAGE.to_string()),
                ("cursor", cursor.as_deref().unwrap_or_default()),
            ])
            .await
    });
    let units = use_load((), |()| async { api::client().all_org_units(&[]).await.map(|units| unit_names(&units)) });
    let names = units.ready().cloned().unwrap_or_default();
    let list = &*paged.list;
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ session.t("nav.users") }</h1>
                if session.state.can(Action::UsersManage) {
                    <AppLink to={Route::UserNew} class="button primary" testid="user-new">{ session.t("users.new") }</AppLink>
                }
            </div>
            <form class="toolbar" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label for="users-search">{ session.t("users.search") }</label>
                <input id="users-search" data-testid="users-search" type="search" value={(*typed).clone()} {oninput}
                    placeholder={session.t("users.search_hint")} autocomplete="off" />
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="users-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("user.username") }</th>
                                <th scope="col">{ session.t("user.display_name") }</th>
                                <th scope="col">{ session.t("user.role") }</th>
                                <th scope="col">{ session.t("user.org_unit") }</th>
                                <th scope="col">{ session.t("user.status") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for list.items.iter().map(|user| html! {
                                <tr data-testid="user-row" key={user.id.to_string()} class={classes!((!user.active).then_some("inactive"))}>
                                    <td><AppLink to={Route::User { id: user.id }}>{ &user.username }</AppLink></td>
                                    <td>{ &user.display_name }</td>
                                    <td>{ role_name(lang, user.role) }</td>
                                    <td>{ user.org_unit_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default() }</td>
                                    <td>
                                        <span class={classes!("badge", if user.active { "ok" } else { "off" })}>
                                            { session.t(if user.active { "user.active" } else { "user.inactive" }) }
                                        </span>
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="users-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}
