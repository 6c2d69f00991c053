//! The login page: username and password, errors in the interface language.

use crate::{
    api::{self, ApiError},
    components::{
        form::{field_message, TextField},
        hooks::use_title,
        shell::LangSwitch,
    },
    i18n::{t, Lang},
    state::use_session,
};
use danvan_domain::{auth::LoginRequest, validation::FieldError};
use yew::{platform::spawn_local, prelude::*};

/// What the login form says when the API refuses.
pub fn failure_message(lang: Lang, error: &ApiError) -> &'static str {
    match error.status {
        0 => t(lang, "error.network"),
        401 => t(lang, "login.failed"),
        429 => t(lang, "login.throttled"),
        400 | 422 => t(lang, "login.invalid"),
        _ => t(lang, "error.unexpected"),
    }
}

#[component]
pub fn LoginPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(t(lang, "login.title"));
    let username = use_state(String::new);
    let password = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let failure = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (username, password, errors, failure, busy) =
            (username.clone(), password.clone(), errors.clone(), failure.clone(), busy.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let request = LoginRequest { username: username.trim().to_owned(), password: (*password).clone() };
            let mut missing = Vec::new();
            for (field, value) in [("username", &request.username), ("password", &request.password)] {
                if value.is_empty() {
                    missing.push(FieldError::new(field, "required", "must not be empty"));
                }
            }
            failure.set(None);
            errors.set(missing.clone());
            if !missing.is_empty() {
                return;
            }
            busy.set(true);
            let (errors, failure, busy) = (errors.clone(), failure.clone(), busy.clone());
            spawn_local(async move {
                // On success the session changes and the guard leaves this page.
                if let Err(error) = api::auth::login(&request).await {
                    errors.set(error.field_errors().to_vec());
                    failure.set(Some(failure_message(lang, &error)));
                    busy.set(false);
                }
            });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    html! {
        <main class="login-page">
            <form class="card login" novalidate=true {onsubmit} aria-labelledby="login-heading">
                <div class="login-head">
                    <h1 id="login-heading">{ "Dân vận" }</h1>
                    <LangSwitch />
                </div>
                <p class="muted">{ t(lang, "login.subtitle") }</p>
                if session.state.expired { <p class="notice" role="status">{ t(lang, "login.expired") }</p> }
                <TextField id="login-username" field="username" label={t(lang, "login.username")}
                    value={(*username).clone()} oninput={set(&username)} autocomplete="username" required=true
                    error={field_message(lang, &errors, "username")} />
                <TextField id="login-password" field="password" kind="password" label={t(lang, "login.password")}
                    value={(*password).clone()} oninput={set(&password)} autocomplete="current-password" required=true
                    error={field_message(lang, &errors, "password")} />
                if let Some(message) = *failure {
                    <p class="form-error" role="alert" data-testid="login-error">{ message }</p>
                }
                <button type="submit" class="primary wide" data-testid="login-submit" disabled={*busy}>
                    { if *busy { t(lang, "login.signing_in") } else { t(lang, "login.submit") } }
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;

    #[tokio::test]
    async fn the_login_page_speaks_vietnamese_by_default() {
        let html = render(Lang::Vi, None, || html! { <LoginPage /> }).await;
        for text in ["Tên đăng nhập", "Mật khẩu", "Đăng nhập"] {
            assert!(html.contains(text), "{text} in {html}");
        }
        for id in ["login-username", "login-password", "login-submit", "lang-switch"] {
            assert!(html.contains(&format!(r#"data-testid="{id}""#)), "{id} in {html}");
        }
        assert!(html.contains(r#"<label for="login-username">"#));
        assert!(html.contains(r#"type="password""#));
        assert!(!html.contains("login-error"));
        assert!(html.contains("English"), "the switch offers English: {html}");
    }

    #[tokio::test]
    async fn the_login_page_speaks_english_on_request() {
        let html = render(Lang::En, None, || html! { <LoginPage /> }).await;
        for text in ["Username", "Password", "Sign in"] {
            assert!(html.contains(text), "{text} in {html}");
        }
        assert!(!html.contains("Mật khẩu"));
        assert!(html.contains("Tiếng Việt"));
    }

    #[test]
    fn refusals_are_explained_in_the_readers_language() {
        let refused = ApiError { status: 401, problem: None };
        assert_eq!(failure_message(Lang::Vi, &refused), "Sai tên đăng nhập hoặc mật khẩu");
        assert_eq!(failure_message(Lang::En, &refused), "Wrong username or password");
        assert_ne!(
            failure_message(Lang::Vi, &ApiError { status: 429, problem: None }),
            failure_message(Lang::Vi, &refused)
        );
        assert_eq!(failure_message(Lang::En, &ApiError::network()), t(Lang::En, "error.network"));
    }
}
