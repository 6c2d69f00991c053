//! Session state: the tokens, the signed-in caller (`Me`) and the interface language.
//!
//! [`Session`] is a plain [`Reducible`]: every change is a [`SessionAction`] applied by the
//! pure [`Session::apply`], so the rules are tested natively. Components read it through
//! [`use_session`]; the tokens and the language choice are kept in `localStorage` by
//! [`storage`].

use crate::i18n::Lang;
use danvan_domain::{auth::Me, auth::WebSession, permission::Action};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::{hook, use_context, Callback, Reducible};

/// The tokens of a signed-in session that the page holds: the access token only. The
/// refresh token stays in an HttpOnly cookie that scripts cannot read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
}

impl From<WebSession> for Tokens {
    fn from(session: WebSession) -> Self {
        Tokens { access_token: session.access_token }
    }
}

/// Who is signed in, and in which language the interface speaks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    pub tokens: Option<Tokens>,
    /// The caller, once `GET /me` answered.
    pub me: Option<Rc<Me>>,
    pub lang: Lang,
    /// `GET /me` failed for another reason than the session ending.
    pub me_failed: bool,
    /// The session ended by itself (refresh refused): the login page says so.
    pub expired: bool,
}

/// Everything that changes a [`Session`].
#[derive(Clone, Debug, PartialEq)]
pub enum SessionAction {
    LoggedIn(Tokens),
    /// The API renewed the tokens silently.
    Refreshed(Tokens),
    Loaded(Rc<Me>),
    MeFailed,
    RetryMe,
    LoggedOut,
    /// The server refused the refresh token: signed out without asking.
    Expired,
    SetLang(Lang),
    ToggleLang,
}

impl Session {
    /// The session kept from an earlier visit; Vietnamese unless English was chosen.
    pub fn restore(tokens: Option<Tokens>, lang: Option<&str>) -> Self {
        Session { tokens, lang: lang.and_then(Lang::parse).unwrap_or_default(), ..Session::default() }
    }

    pub fn signed_in(&self) -> bool {
        self.tokens.is_some()
    }

    /// Whether the caller's role allows `action` (false until `Me` is known).
    pub fn can(&self, action: Action) -> bool {
        self.me.as_ref().is_some_and(|me| me.permissions.contains(&action))
    }

    /// The session after `action`.
    pub fn apply(&self, action: SessionAction) -> Session {
        let lang = self.lang;
        match action {
            SessionAction::LoggedIn(tokens) => Session { tokens: Some(tokens), lang, ..Session::default() },
            SessionAction::Refreshed(tokens) if self.tokens.is_some() => {
                Session { tokens: Some(tokens), ..self.clone() }
            }
            SessionAction::Refreshed(_) => self.clone(),
            SessionAction::Loaded(me) => Session { me: Some(me), me_failed: false, ..self.clone() },
            SessionAction::MeFailed => Session { me_failed: true, ..self.clone() },
            SessionAction::RetryMe => Session { me_failed: false, ..self.clone() },
            SessionAction::LoggedOut => Session { lang, ..Session::default() },
            SessionAction::Expired => Session { lang, expired: true, ..Session::default() },
            SessionAction::SetLang(lang) => Session { lang, ..self.clone() },
            SessionAction::ToggleLang => Session { lang: lang.other(), ..self.clone() },
        }
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// What components see: the session and the way to change it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionCtx {
    pub state: Rc<Session>,
    pub dispatch: Callback<SessionAction>,
}

impl SessionCtx {
    pub fn lang(&self) -> Lang {
        self.state.lang
    }

    /// The catalogue entry `key` in the session's language.
    pub fn t(&self, key: &str) -> &'static str {
        crate::i18n::t(self.state.lang, key)
    }
}

/// The session from the nearest provider (an empty one outside the app).
#[hook]
pub fn use_session() -> SessionCtx {
    use_context::<SessionCtx>().unwrap_or_default()
}

/// The session's share of `localStorage`.
pub mod storage {
    use super::{Session, Tokens};
    use gloo::storage::{LocalStorage, Storage};

    /// The `localStorage` key of the tokens, which every tab of the app shares.
    pub const TOKENS: &str = "danvan.tokens";
    const LANG: &str = "danvan.lang";

    /// The session kept by an earlier visit.
    pub fn load() -> Session {
        let tokens = LocalStorage::get::<Tokens>(TOKENS).ok();
        let lang = LocalStorage::get::<String>(LANG).ok();
        Session::restore(tokens, lang.as_deref())
    }

    /// Keeps the tokens (or forgets them) and the language choice.
    pub fn save(session: &Session) {
        match &session.tokens {
            Some(tokens) => {
                let _ = LocalStorage::set(TOKENS, tokens);
            }
            None => LocalStorage::delete(TOKENS),
        }
        let _ = LocalStorage::set(LANG, session.lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::me;
    use danvan_domain::role::Role;

    fn tokens(n: u8) -> Tokens {
        Tokens { access_token: format!("a{n}") }
    }

    #[test]
    fn restores_vietnamese_by_default_and_english_when_chosen() {
        assert_eq!(Session::restore(None, None).lang, Lang::Vi);
        assert_eq!(Session::restore(None, Some("xx")).lang, Lang::Vi);
        assert_eq!(Session::restore(None, Some("en")).lang, Lang::En);
        assert!(Session::restore(Some(tokens(1)), None).signed_in());
    }

    #[test]
    fn login_keeps_the_language_and_forgets_the_previous_caller() {
        let session = Session { lang: Lang::En, me: Some(me(Role::Admin)), expired: true, ..Session::default() };
        let next = session.apply(SessionAction::LoggedIn(tokens(1)));
        assert_eq!(next.tokens, Some(tokens(1)));
        assert_eq!(next.lang, Lang::En);
        assert!(next.me.is_none());
        assert!(!next.expired);
    }

    #[test]
    fn refresh_replaces_tokens_but_keeps_the_caller() {
        let session = Session::default()
            .apply(SessionAction::LoggedIn(tokens(1)))
            .apply(SessionAction::Loaded(me(Role::Viewer)))
            .apply(SessionAction::Refreshed(tokens(2)));
        assert_eq!(session.tokens, Some(tokens(2)));
        assert!(session.me.is_some());
        // A late refresh after logging out does not sign the user back in.
        let out = session.apply(SessionAction::LoggedOut).apply(SessionAction::Refreshed(tokens(3)));
        assert!(!out.signed_in());
    }

    #[test]
    fn logout_and_expiry_clear_everything_but_the_language() {
        let session = Session::default()
            .apply(SessionAction::ToggleLang)
            .apply(SessionAction::LoggedIn(tokens(1)))
            .apply(SessionAction::Loaded(me(Role::Admin)));
        let out = session.apply(SessionAction::LoggedOut);
        assert_eq!(out, Session { lang: Lang::En, ..Session::default() });
        let expired = session.apply(SessionAction::Expired);
        assert!(expired.expired && !expired.signed_in() && expired.me.is_none());
        assert_eq!(expired.lang, Lang::En);
    }

    #[test]
    fn language_toggles_and_sets() {
        let session = Session::default();
        assert_eq!(session.apply(SessionAction::ToggleLang).lang, Lang::En);
        assert_eq!(session.apply(SessionAction::ToggleLang).apply(SessionAction::ToggleLang).lang, Lang::Vi);
        assert_eq!(session.apply(SessionAction::SetLang(Lang::En)).lang, Lang::En);
    }

    #[test]
    fn permissions_come_from_me() {
        let session = Session::default().apply(SessionAction::LoggedIn(tokens(1)));
        assert!(!session.can(Action::AreasRead));
        let viewer = session.apply(SessionAction::Loaded(me(Role::Viewer)));
        assert!(viewer.can(Action::AreasRead));
        assert!(!viewer.can(Action::UsersRead));
        let failed = viewer.apply(SessionAction::MeFailed);
        assert!(failed.me_failed);
        assert!(!failed.apply(SessionAction::RetryMe).me_failed);
    }

    #[test]
    fn tokens_come_from_a_web_session_and_ignore_an_old_refresh_token() {
        let session = WebSession {
            access_token: "a".into(),
            token_type: "Bearer".into(),
            expires_in: 900,
            refresh_expires_in: 1,
        };
        assert_eq!(Tokens::from(session), Tokens { access_token: "a".into() });
        // Tokens kept by a version that held the refresh token in the page still load.
        let kept = serde_json::from_str::<Tokens>(r#"{"access_token":"a","refresh_token":"r"}"#);
        assert_eq!(kept.as_ref().ok(), Some(&Tokens { access_token: "a".into() }));
        let stored = kept.ok().and_then(|kept| serde_json::to_string(&kept).ok()).unwrap_or_default();
        assert_eq!(stored, r#"{"access_token":"a"}"#);
    }
}
