//! Accounts: the list (search, paging) in [`list`], and one account's form (create, edit,
//! deactivate, reset the password) in [`form`].

pub mod form;
pub mod i18n;
pub mod list;
